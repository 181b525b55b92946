package dev.faasflow.workflow;

/** Regular functions run code; virtual ones are control nodes (switch); END is a no-op sink. */
public enum FunctionKind {
    REGULAR, VIRTUAL, END;

    static FunctionKind of(String name, String source) {
        if ("END".equals(source) || "END".equals(name)) {
            return END;
        }
        if ("VIRTUAL".equals(source) || (source == null && name.startsWith("virtual"))) {
            return VIRTUAL;
        }
        return REGULAR;
    }

    /** Control nodes run no code and are completed by the agent itself. */
    public boolean isControl() {
        return this != REGULAR;
    }
}
