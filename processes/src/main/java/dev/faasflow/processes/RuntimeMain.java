package dev.faasflow.processes;

import dev.faasflow.functions.runtime.FunctionRuntimeMain;

/**
 * A node's function runtime as a child process: the runtime image's own main ({@link FunctionRuntimeMain}), which also
 * exits when the node process that started it is gone ({@code --exit-with PID} first), so that a killed node
 * leaves no runtime holding its port.
 */
public final class RuntimeMain {
    private RuntimeMain() {
    }

    public static void main(String[] args) {
        if (args.length < 2 || !"--exit-with".equals(args[0])) {
            System.err.println("usage: RuntimeMain --exit-with PID [FunctionRuntimeMain options]");
            System.exit(2);
        }
        ParentWatch.start(Long.parseLong(args[1]));
        FunctionRuntimeMain.main(java.util.Arrays.copyOfRange(args, 2, args.length));
    }
}
