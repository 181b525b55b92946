package dev.faasflow.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded random hostile workflows and inputs: mutations of the shipped benchmarks, deep nesting, aliases,
 * huge values, broken JSON and bytes. Each case must be accepted, or refused clearly (a
 * {@link WorkflowException} whose problems name where, in a short message), never with another exception
 * or an {@link Error}, and within a generous time bound that catches super-linear blow-ups.
 * <p>
 * Replay a failure with the seed it prints: {@code -Dfuzz.seed=S} (and {@code -Dfuzz.cases=N}).
 */
class HostileInputFuzzTest {
    static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
    static final int CASES = Integer.getInteger("fuzz.cases", 150);
    /** Seconds, not milliseconds: the machine is shared; a quadratic blow-up takes minutes. */
    static final Duration PER_CASE = Duration.ofSeconds(10);
    private static final int LONGEST_MESSAGE = 1_000;

    private static final List<String> benchmarks = new ArrayList<>();
    private static Workflow video;

    @BeforeAll
    static void readBenchmarks() throws Exception {
        try (Stream<Path> files = Files.walk(Path.of("..", "benchmarks"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml") && !p.endsWith("function_info.yaml"))
                    .sorted().toList()) {
                benchmarks.add(Files.readString(f));
            }
        }
        video = Benchmarks.load("video");
        System.out.println("hostile input fuzz: seed " + SEED + ", " + CASES + " cases each (replay with -Dfuzz.seed="
                + SEED + ")");
    }

    // ---------------------------------------------------------------------------------------- workflows

    @Test
    void malformedWorkflowsAreRefusedClearly() {
        for (int i = 0; i < CASES; i++) {
            Random r = new Random(SEED + i);
            String base = benchmarks.get(r.nextInt(benchmarks.size()));
            List<String> applied = new ArrayList<>();
            String text = base;
            int mutations = 1 + r.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                Mutation mutation = WORKFLOW_MUTATIONS.get(r.nextInt(WORKFLOW_MUTATIONS.size()));
                applied.add(mutation.name());
                text = mutation.apply(r, text);
            }
            String doc = text;
            check("workflow", i, applied, () -> WorkflowLoader.parse("fuzz.yaml", "fuzz", doc), "fuzz.yaml");
        }
    }

    @Test
    void malformedInputsAreRefusedClearly() {
        for (int i = 0; i < CASES; i++) {
            Random r = new Random(SEED + 1_000_000L + i);
            byte[] bytes = ("{\"video_name\": \"sample.mp4\", \"user_name\": \"demo\", \"segment_time\": 10,"
                    + " \"target_type\": \"avi\", \"split\": true}").getBytes(StandardCharsets.UTF_8);
            List<String> applied = new ArrayList<>();
            int mutations = 1 + r.nextInt(2);
            for (int m = 0; m < mutations; m++) {
                InputMutation mutation = INPUT_MUTATIONS.get(r.nextInt(INPUT_MUTATIONS.size()));
                applied.add(mutation.name());
                bytes = mutation.apply(r, bytes);
            }
            byte[] body = bytes;
            boolean allowUnknown = r.nextBoolean();
            check("input", i, applied, () -> {
                JsonNode input = InputJson.parseObject("fuzz input", body);
                InputJson.checkKeys("fuzz input", video, input, allowUnknown, "allow them");
                return input;
            }, "fuzz input");
        }
    }

    private interface Body {
        Object run() throws Exception;
    }

    /** Runs one case: accepted, or a clear WorkflowException; anything else fails with the seed. */
    private static void check(String kind, int index, List<String> applied, Body body, String where) {
        String replay = kind + " case " + index + " " + applied + ", seed " + SEED + " (replay with -Dfuzz.seed=" + SEED + ")";
        assertTimeoutPreemptively(PER_CASE, () -> {
            try {
                body.run();
            } catch (WorkflowException e) {
                assertFalse(e.problems().isEmpty(), replay);
                for (Problem p : e.problems()) {
                    String line = p.toString();
                    String shown = line.substring(0, Math.min(line.length(), 300));
                    assertTrue(where.equals(p.file()), () -> replay + ": problem without its file: " + shown);
                    assertTrue(p.message() != null && !p.message().isBlank(), () -> replay + ": empty message");
                    assertTrue(line.length() <= LONGEST_MESSAGE, () -> replay + ": message of " + line.length()
                            + " characters: " + shown);
                    assertFalse(line.contains("\n"), () -> replay + ": message of several lines: " + shown);
                }
            } catch (Throwable t) {
                fail(replay + ": " + t.getClass().getName() + ": " + t.getMessage(), t);
            }
        }, () -> replay + ": took longer than " + PER_CASE.toSeconds() + " s");
    }

    // ------------------------------------------------------------------------------ workflow mutations

    private record Mutation(String name, MutationFn fn) {
        String apply(Random r, String text) {
            return fn.apply(r, text);
        }
    }

    private interface MutationFn {
        String apply(Random r, String text);
    }

    private static final List<String> HOSTILE_SCALARS = List.of("-1", "1e30", "-1e30", ".nan", ".inf", "''", "~", "[]", "{}",
            "*undefined", "!!binary AAAA", "!!python/object:os.system x", "2001-12-14", "0x1F", "1_000", "yes",
            "'evil/../../x?y=1'", "\"\\u0000\\u0007\"", "9".repeat(400), "\"caf\u00e9 \u2603\"", "'a#1'", "&anchor v",
            "[a, [b, [c, [d]]]]", "{type: {type: {type: x}}}", "!!set {a, b}", "? [x] : y");

    private static final List<Mutation> WORKFLOW_MUTATIONS = List.of(
            new Mutation("deleteLine", (r, t) -> editLines(r, t, (lines, i) -> lines.remove(i))),
            new Mutation("duplicateLine", (r, t) -> editLines(r, t, (lines, i) -> lines.add(i, lines.get(i)))),
            new Mutation("swapLines", (r, t) -> editLines(r, t, (lines, i) -> Collections.swap(lines, i, r.nextInt(lines.size())))),
            new Mutation("reindent", (r, t) -> editLines(r, t, (lines, i) -> lines.set(i, r.nextBoolean()
                    ? " ".repeat(1 + r.nextInt(3)) + lines.get(i) : lines.get(i).stripLeading()))),
            new Mutation("hostileScalar", (r, t) -> editLines(r, t, (lines, i) -> {
                String line = lines.get(i);
                int colon = line.indexOf(": ");
                String value = HOSTILE_SCALARS.get(r.nextInt(HOSTILE_SCALARS.size()));
                lines.set(i, colon < 0 ? line + " " + value : line.substring(0, colon + 2) + value);
            })),
            new Mutation("truncate", (r, t) -> t.substring(0, r.nextInt(t.length() + 1))),
            new Mutation("randomCharacters", (r, t) -> {
                StringBuilder sb = new StringBuilder(t);
                for (int k = 0; k < 1 + r.nextInt(5); k++) {
                    sb.insert(r.nextInt(sb.length() + 1), "{}[]:,-&*!|>'\"#%@`\t\u0000\uFFFE\uD800".charAt(r.nextInt(22)));
                }
                return sb.toString();
            }),
            new Mutation("deepNesting", (r, t) -> {
                int depth = r.nextBoolean() ? Limits.MAX_NESTING_DEPTH + r.nextInt(10) : 1_000 + r.nextInt(50_000);
                String open = r.nextBoolean() ? "[" : "{a: ";
                String deep = open.repeat(depth) + "x" + (open.equals("[") ? "]" : "}").repeat(depth);
                return replaceValue(r, t, deep.length() > Limits.MAX_YAML_LINE_CHARS ? deep.substring(0, 60_000) : deep);
            }),
            new Mutation("aliasBomb", (r, t) -> LimitsTest.aliasBomb() + replaceValue(r, t, "*b" + (5 + r.nextInt(5)))),
            new Mutation("manyAliases", (r, t) -> {
                StringBuilder sb = new StringBuilder("shared: &s {k: v}\nuses: [");
                int n = Limits.MAX_YAML_ALIASES - 5 + r.nextInt(10);
                for (int k = 0; k < n; k++) {
                    sb.append(k == 0 ? "*s" : ", *s");
                    if (k % 1_000 == 999) {
                        sb.append("\n  ");
                    }
                }
                return sb.append("]\n").append(t).toString();
            }),
            new Mutation("recursiveAlias", (r, t) -> replaceValue(r, t, "&loop [a, *loop]")),
            new Mutation("deepCondition", (r, t) -> {
                int depth = r.nextBoolean() ? Limits.MAX_CONDITION_DEPTH + r.nextInt(3) : 1_000 + r.nextInt(20_000);
                String condition = r.nextBoolean() ? "(".repeat(depth) + "INPUT.x" + ")".repeat(depth) : "not ".repeat(depth) + "INPUT.x";
                return t.replaceFirst("(?m)^(\\s*)next:.*$", "$1next: {type: switch, nodes: [x], conditions: ['"
                        + condition.substring(0, Math.min(condition.length(), 60_000)) + "']}");
            }),
            new Mutation("hugeValue", (r, t) -> {
                // Rarely: a value of megabytes over short lines (read in linear time) or one long line.
                int size = r.nextInt(10) == 0 ? 1_000_000 + r.nextInt(3_000_000) : 70_000 + r.nextInt(100_000);
                String value = r.nextBoolean() ? "\"" + ("v".repeat(80) + "\n  ").repeat(size / 80) + "\"" : "x".repeat(size);
                return replaceValue(r, t, value);
            }),
            new Mutation("duplicateFunction", (r, t) -> {
                int at = t.indexOf("\n- name: ");
                int next = at < 0 ? -1 : t.indexOf("\n- name: ", at + 1);
                return at < 0 || next < 0 ? t : t.substring(0, next) + t.substring(at, next) + t.substring(next);
            }),
            new Mutation("hostileName", (r, t) -> t.replaceFirst("(?m)^- name: .*$", "- name: " + List.of("'evil/../../x?y=1'",
                    "'" + "n".repeat(100 + r.nextInt(100_000)) + "'", "''", "'-x-'", "'a b'", "'\u00e9t\u00e9'", "[x]").get(r.nextInt(7)))),
            new Mutation("asJson", (r, t) -> {
                try {
                    Object tree = WorkflowLoader.parseDocument("fuzz", t);
                    String json = new ObjectMapper().writeValueAsString(tree);
                    int at = r.nextInt(json.length() + 1);
                    return switch (r.nextInt(4)) {
                        case 0 -> json.substring(0, at);
                        case 1 -> json + " } garbage";
                        case 2 -> json.replaceFirst("\\{\"", "{\"functions\": 1, \"");
                        default -> json;
                    };
                } catch (Exception e) {
                    return t; // already broken: leave it to the other mutations
                }
            }));

    private interface LineEdit {
        void edit(List<String> lines, int index);
    }

    private static String editLines(Random r, String text, LineEdit edit) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (lines.isEmpty()) {
            return text;
        }
        edit.edit(lines, r.nextInt(lines.size()));
        return String.join("\n", lines);
    }

    /** Replaces the value of a random {@code key: value} line (or appends it to a random line). */
    private static String replaceValue(Random r, String text, String value) {
        return editLines(r, text, (lines, i) -> {
            String line = lines.get(i);
            int colon = line.indexOf(": ");
            lines.set(i, colon < 0 ? line + ": " + value : line.substring(0, colon + 2) + value);
        });
    }

    // --------------------------------------------------------------------------------- input mutations

    private record InputMutation(String name, Function<Random, Function<byte[], byte[]>> fn) {
        byte[] apply(Random r, byte[] bytes) {
            return fn.apply(r).apply(bytes);
        }
    }

    private static final List<InputMutation> INPUT_MUTATIONS = List.of(
            new InputMutation("trailingGarbage", r -> b -> concat(b, List.of(" }}} garbage", " {}", "1", "\u0000", " ,")
                    .get(r.nextInt(5)).getBytes(StandardCharsets.UTF_8))),
            new InputMutation("duplicateKey", r -> b -> replace(b, "\"split\": true", "\"split\": true, \"split\": false")),
            new InputMutation("unknownKey", r -> b -> replace(b, "{", "{\"segments\": " + r.nextInt(10) + ", ")),
            new InputMutation("invalidUtf8", r -> b -> {
                if (b.length == 0) {
                    return new byte[] {(byte) 0xff};
                }
                byte[] out = b.clone();
                out[r.nextInt(out.length)] = (byte) (0x80 + r.nextInt(0x80));
                return out;
            }),
            new InputMutation("truncate", r -> b -> java.util.Arrays.copyOf(b, r.nextInt(b.length + 1))),
            new InputMutation("flipByte", r -> b -> {
                if (b.length == 0) {
                    return b;
                }
                byte[] out = b.clone();
                out[r.nextInt(out.length)] = (byte) r.nextInt(256);
                return out;
            }),
            new InputMutation("deepValue", r -> b -> {
                int depth = r.nextBoolean() ? Limits.MAX_NESTING_DEPTH - 2 + r.nextInt(5) : 10_000 + r.nextInt(100_000);
                return replace(b, "true", "[".repeat(depth) + "]".repeat(depth));
            }),
            new InputMutation("hugeNumber", r -> b -> replace(b, "10", List.of("1e400", "-1e400", "1e-400",
                    "9".repeat(500 + r.nextInt(2_000)), "1" + "0".repeat(999) + ".5").get(r.nextInt(5)))),
            new InputMutation("hugeString", r -> b -> replace(b, "\"demo\"", "\"" + "d".repeat(r.nextInt(2_000_000)) + "\"")),
            new InputMutation("notAnObject", r -> b -> List.of("[1, 2]", "null", "\"text\"", "", "   ", "42")
                    .get(r.nextInt(6)).getBytes(StandardCharsets.UTF_8)),
            new InputMutation("byteOrderMark", r -> b -> concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, b)));

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Replaces the first occurrence of {@code what}, working on the bytes as Latin-1 to keep invalid ones. */
    private static byte[] replace(byte[] bytes, String what, String with) {
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        byte[] replacement = with.getBytes(StandardCharsets.UTF_8);
        int at = s.indexOf(what);
        if (at < 0) {
            return bytes;
        }
        byte[] out = new byte[bytes.length - what.length() + replacement.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(replacement, 0, out, at, replacement.length);
        System.arraycopy(bytes, at + what.length(), out, at + replacement.length, bytes.length - at - what.length());
        return out;
    }
}
