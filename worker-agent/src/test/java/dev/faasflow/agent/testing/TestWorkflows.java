package dev.faasflow.agent.testing;

/** Workflow definitions the agent tests share. */
public final class TestWorkflows {
    /** split writes a list of parts, each runs once per part (foreach, 0.05 s), join merges them. */
    public static final String FOREACH = """
            functions:
            - name: split
              runtime: 0
              output: {parts: {type: keys, size: 8}}
              next: {type: foreach, nodes: [each]}
            - name: each
              runtime: 0.05
              input: {parts: {type: key, value: {function: split, parameter: parts}, size: 8}}
              output: {piece: {type: normal, size: 8}}
              next: {type: pass, nodes: [join]}
            - name: join
              runtime: 0
              input: {piece: {type: normal, value: {function: each, parameter: piece}, size: 8}}
              output: {total: {type: normal, size: 8}}
            """;

    /**
     * a feeds b, b's output is the result: a runs {@code aRuntime} seconds, {@code bExtra} is one more line of b's
     * definition (or empty).
     */
    public static String chain(String aRuntime, String bExtra) {
        return chain(aRuntime, "0", bExtra);
    }

    /** {@link #chain(String, String)} with b running {@code bRuntime} seconds and more lines of its definition. */
    public static String chain(String aRuntime, String bRuntime, String... bLines) {
        return """
                functions:
                - name: a
                  runtime: %s
                  output: {mid: {type: normal, size: 8}}
                  next: {type: pass, nodes: [b]}
                - name: b
                  runtime: %s
                  %s
                  input: {mid: {type: normal, value: {function: a, parameter: mid}, size: 8}}
                  output: {answer: {type: normal, size: 8}}
                """.formatted(aRuntime, bRuntime, String.join("\n  ", bLines));
    }

    private TestWorkflows() {
    }
}
