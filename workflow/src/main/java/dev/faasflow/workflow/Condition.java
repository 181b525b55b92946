package dev.faasflow.workflow;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A switch condition: a small, safe expression language over stored values. No code runs.
 *
 * <pre>
 * condition := 'default' | or
 * or        := and (('or' | '||') and)*
 * and       := not (('and' | '&&') not)*
 * not       := ('not' | '!') not | compare
 * compare   := operand (('==' | '!=' | '<' | '<=' | '>' | '>=') operand)?
 * operand   := '(' or ')' | number | 'string' | "string" | true | false | null | reference
 * reference := PREFIX.key | key      (the prefix before the first dot is ignored)
 * </pre>
 * Truthiness: null, false, 0, "", "false", "0" and empty lists are false; everything else is true.
 */
public final class Condition {
    private final String source;
    private final Node root;
    private final Set<String> keys;

    private Condition(String source, Node root, Set<String> keys) {
        this.source = source;
        this.root = root;
        this.keys = Set.copyOf(keys);
    }

    public static Condition parse(String text) throws ConditionSyntaxException {
        if (text == null || text.isBlank()) {
            throw new ConditionSyntaxException("empty condition");
        }
        if (text.trim().equals("default")) {
            return new Condition(text, values -> true, Set.of());
        }
        Parser parser = new Parser(tokenize(text));
        Node root = parser.parseOr();
        if (!parser.atEnd()) {
            throw new ConditionSyntaxException("unexpected '" + parser.peek().text + "' in condition '" + text + "'");
        }
        return new Condition(text, root, parser.keys);
    }

    /** Evaluates against stored values; {@code lookup} returns null for a missing key. */
    public boolean test(Function<String, Object> lookup) {
        return truthy(root.eval(lookup));
    }

    /** Keys this condition reads. */
    public Set<String> referencedKeys() {
        return keys;
    }

    public boolean isDefault() {
        return keys.isEmpty() && source.trim().equals("default");
    }

    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }

    public static boolean truthy(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return n.doubleValue() != 0.0;
        }
        if (value instanceof CharSequence cs) {
            String s = cs.toString().trim();
            return !(s.isEmpty() || s.equalsIgnoreCase("false") || s.equals("0"));
        }
        if (value instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (value instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    private interface Node {
        Object eval(Function<String, Object> lookup);
    }

    private enum Kind { WORD, STRING, OP, LPAREN, RPAREN }

    private record Token(Kind kind, String text) {
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '$';
    }

    private static List<Token> tokenize(String text) throws ConditionSyntaxException {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                tokens.add(new Token(Kind.LPAREN, "("));
                i++;
            } else if (c == ')') {
                tokens.add(new Token(Kind.RPAREN, ")"));
                i++;
            } else if (c == '\'' || c == '"') {
                int end = text.indexOf(c, i + 1);
                if (end < 0) {
                    throw new ConditionSyntaxException("unterminated string in condition '" + text + "'");
                }
                tokens.add(new Token(Kind.STRING, text.substring(i + 1, end)));
                i = end + 1;
            } else if ("=!<>&|".indexOf(c) >= 0) {
                String two = i + 1 < text.length() ? text.substring(i, i + 2) : "";
                if (List.of("==", "!=", "<=", ">=", "&&", "||").contains(two)) {
                    tokens.add(new Token(Kind.OP, two));
                    i += 2;
                } else if (c == '<' || c == '>' || c == '!') {
                    tokens.add(new Token(Kind.OP, String.valueOf(c)));
                    i++;
                } else {
                    throw new ConditionSyntaxException("unexpected '" + c + "' in condition '" + text + "'");
                }
            } else if (isWordChar(c)) {
                int start = i;
                while (i < text.length() && isWordChar(text.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Kind.WORD, text.substring(start, i)));
            } else {
                throw new ConditionSyntaxException("unexpected '" + c + "' in condition '" + text + "'");
            }
        }
        return tokens;
    }

    private static final class Parser {
        private final List<Token> tokens;
        private final Set<String> keys = new LinkedHashSet<>();
        private int pos;

        Parser(List<Token> tokens) {
            this.tokens = tokens;
        }

        boolean atEnd() {
            return pos >= tokens.size();
        }

        Token peek() {
            return tokens.get(pos);
        }

        private boolean acceptWordOrOp(String word, String op) {
            if (atEnd()) {
                return false;
            }
            Token t = peek();
            if ((t.kind == Kind.WORD && t.text.equalsIgnoreCase(word)) || (t.kind == Kind.OP && t.text.equals(op))) {
                pos++;
                return true;
            }
            return false;
        }

        Node parseOr() throws ConditionSyntaxException {
            Node left = parseAnd();
            while (acceptWordOrOp("or", "||")) {
                Node l = left;
                Node r = parseAnd();
                left = v -> truthy(l.eval(v)) || truthy(r.eval(v));
            }
            return left;
        }

        Node parseAnd() throws ConditionSyntaxException {
            Node left = parseNot();
            while (acceptWordOrOp("and", "&&")) {
                Node l = left;
                Node r = parseNot();
                left = v -> truthy(l.eval(v)) && truthy(r.eval(v));
            }
            return left;
        }

        Node parseNot() throws ConditionSyntaxException {
            if (acceptWordOrOp("not", "!")) {
                Node inner = parseNot();
                return v -> !truthy(inner.eval(v));
            }
            return parseCompare();
        }

        Node parseCompare() throws ConditionSyntaxException {
            Node left = parseOperand();
            if (!atEnd() && peek().kind == Kind.OP && List.of("==", "!=", "<", "<=", ">", ">=").contains(peek().text)) {
                String op = tokens.get(pos++).text;
                Node right = parseOperand();
                return v -> compare(op, left.eval(v), right.eval(v));
            }
            return left;
        }

        Node parseOperand() throws ConditionSyntaxException {
            if (atEnd()) {
                throw new ConditionSyntaxException("condition ends where a value was expected");
            }
            Token t = tokens.get(pos++);
            switch (t.kind) {
                case LPAREN -> {
                    Node inner = parseOr();
                    if (atEnd() || peek().kind != Kind.RPAREN) {
                        throw new ConditionSyntaxException("missing ')'");
                    }
                    pos++;
                    return inner;
                }
                case STRING -> {
                    String s = t.text;
                    return v -> s;
                }
                case WORD -> {
                    return word(t.text);
                }
                default -> throw new ConditionSyntaxException("unexpected '" + t.text + "' where a value was expected");
            }
        }

        private Node word(String w) throws ConditionSyntaxException {
            String lower = w.toLowerCase(Locale.ROOT);
            switch (lower) {
                case "true":
                    return v -> Boolean.TRUE;
                case "false":
                    return v -> Boolean.FALSE;
                case "null":
                    return v -> null;
                case "and", "or", "not", "default":
                    throw new ConditionSyntaxException("'" + w + "' where a value was expected");
                default:
                    break;
            }
            BigDecimal number = parseNumber(w);
            if (number != null) {
                return v -> number;
            }
            int dot = w.indexOf('.');
            String key = dot >= 0 ? w.substring(dot + 1) : w;
            if (key.isEmpty()) {
                throw new ConditionSyntaxException("reference '" + w + "' names no key after the dot");
            }
            keys.add(key);
            return v -> v.apply(key);
        }
    }

    private static BigDecimal parseNumber(String text) {
        if (text.isEmpty()) {
            return null;
        }
        char c = text.charAt(0);
        if (!(Character.isDigit(c) || ((c == '-' || c == '.') && text.length() > 1))) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static BigDecimal asNumber(Object value) {
        if (value instanceof BigDecimal b) {
            return b;
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        if (value instanceof CharSequence cs) {
            return parseNumber(cs.toString().trim());
        }
        return null;
    }

    private static boolean compare(String op, Object a, Object b) {
        BigDecimal na = asNumber(a);
        BigDecimal nb = asNumber(b);
        int cmp;
        if (na != null && nb != null) {
            cmp = na.compareTo(nb);
        } else if (a == null || b == null) {
            return switch (op) {
                case "==" -> a == b;
                case "!=" -> a != b;
                default -> false;
            };
        } else if (a instanceof Boolean || b instanceof Boolean) {
            boolean equal = truthy(a) == truthy(b);
            return switch (op) {
                case "==" -> equal;
                case "!=" -> !equal;
                default -> false;
            };
        } else {
            cmp = a.toString().compareTo(b.toString());
        }
        return switch (op) {
            case "==" -> cmp == 0;
            case "!=" -> cmp != 0;
            case "<" -> cmp < 0;
            case "<=" -> cmp <= 0;
            case ">" -> cmp > 0;
            case ">=" -> cmp >= 0;
            default -> false;
        };
    }
}
