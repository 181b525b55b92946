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

    /**
     * Parses a condition. Refuses a condition nested (parentheses, {@code not}) deeper than
     * {@link Limits#MAX_CONDITION_DEPTH} before descending further, and one longer than
     * {@link Limits#MAX_CONDITION_LENGTH} without reading past the limit (a too deep one is reported as
     * such even when it is also too long).
     */
    public static Condition parse(String text) throws ConditionSyntaxException {
        if (text == null || text.isBlank()) {
            throw new ConditionSyntaxException("empty condition");
        }
        if (text.trim().equals("default")) {
            return new Condition(text, values -> true, Set.of());
        }
        boolean tooLong = text.length() > Limits.MAX_CONDITION_LENGTH;
        ConditionSyntaxException lengthError = new ConditionSyntaxException("condition " + Limits.quote(text)
                + " is longer than " + Limits.count(Limits.MAX_CONDITION_LENGTH) + " characters (limit for conditions)");
        Parser parser = null;
        try {
            parser = new Parser(text, tokenize(tooLong ? text.substring(0, Limits.MAX_CONDITION_LENGTH) : text));
            Node root = parser.parseOr();
            if (tooLong) {
                throw lengthError;
            }
            if (!parser.atEnd()) {
                throw new ConditionSyntaxException("unexpected " + Limits.quote(parser.peek().text) + " in condition "
                        + Limits.quote(text));
            }
            return new Condition(text, root, parser.keys);
        } catch (ConditionSyntaxException e) {
            // Cut at the limit, the text may end mid-way: only the depth is worth reporting then.
            throw tooLong && (parser == null || !parser.tooDeep) ? lengthError : e;
        }
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
                    throw new ConditionSyntaxException("unterminated string in condition " + Limits.quote(text));
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
                    throw new ConditionSyntaxException("unexpected '" + c + "' in condition " + Limits.quote(text));
                }
            } else if (isWordChar(c)) {
                int start = i;
                while (i < text.length() && isWordChar(text.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Kind.WORD, text.substring(start, i)));
            } else {
                throw new ConditionSyntaxException("unexpected '" + c + "' in condition " + Limits.quote(text));
            }
        }
        return tokens;
    }

    /**
     * Recursive descent whose depth is bounded: only parentheses and {@code not} descend, and each
     * counts against {@link Limits#MAX_CONDITION_DEPTH} before it does. Chains of {@code and}/{@code or}
     * are parsed in a loop and kept flat, so evaluating them does not recurse per operand either.
     */
    private static final class Parser {
        private final String text;
        private final List<Token> tokens;
        private final Set<String> keys = new LinkedHashSet<>();
        private int pos;
        private int depth;
        private boolean tooDeep;

        Parser(String text, List<Token> tokens) {
            this.text = text;
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

        private void descend() throws ConditionSyntaxException {
            if (++depth > Limits.MAX_CONDITION_DEPTH) {
                tooDeep = true;
                throw new ConditionSyntaxException("condition " + Limits.quote(text) + " is nested deeper than "
                        + Limits.MAX_CONDITION_DEPTH + " levels of parentheses and 'not' (limit for conditions)");
            }
        }

        Node parseOr() throws ConditionSyntaxException {
            return chain("or", "||", this::parseAnd, true);
        }

        Node parseAnd() throws ConditionSyntaxException {
            return chain("and", "&&", this::parseNot, false);
        }

        private interface Operand {
            Node parse() throws ConditionSyntaxException;
        }

        /**
         * Operands joined by {@code word}/{@code op}, evaluated left to right in a loop: {@code or} stops at
         * the first true one ({@code stopAt} true), {@code and} at the first false one.
         */
        private Node chain(String word, String op, Operand operand, boolean stopAt) throws ConditionSyntaxException {
            List<Node> operands = new ArrayList<>();
            operands.add(operand.parse());
            while (acceptWordOrOp(word, op)) {
                operands.add(operand.parse());
            }
            if (operands.size() == 1) {
                return operands.get(0);
            }
            Node[] all = operands.toArray(new Node[0]);
            return v -> {
                for (Node n : all) {
                    if (truthy(n.eval(v)) == stopAt) {
                        return stopAt;
                    }
                }
                return !stopAt;
            };
        }

        Node parseNot() throws ConditionSyntaxException {
            if (acceptWordOrOp("not", "!")) {
                descend();
                Node inner = parseNot();
                depth--;
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
                    descend();
                    Node inner = parseOr();
                    if (atEnd() || peek().kind != Kind.RPAREN) {
                        throw new ConditionSyntaxException("missing ')' in condition " + Limits.quote(text));
                    }
                    pos++;
                    depth--;
                    return inner;
                }
                case STRING -> {
                    String s = t.text;
                    return v -> s;
                }
                case WORD -> {
                    return word(t.text);
                }
                default -> throw new ConditionSyntaxException("unexpected " + Limits.quote(t.text) + " where a value was expected");
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
                    throw new ConditionSyntaxException(Limits.quote(w) + " where a value was expected");
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
                throw new ConditionSyntaxException("reference " + Limits.quote(w) + " names no key after the dot");
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
