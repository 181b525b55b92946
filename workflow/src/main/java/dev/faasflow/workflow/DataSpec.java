package dev.faasflow.workflow;

/**
 * One declared input or output: its key, type, optional source reference and declared size in bytes.
 * Data of one invocation lives in one flat namespace, so {@link #key()} alone finds the value.
 */
public record DataSpec(String name, DataType type, DataRef value, long size) {

    /**
     * For an input: the key it reads, the referenced parameter when given, else the declared name.
     * An output is always stored under its {@link #name()}.
     */
    public String key() {
        return value != null && value.parameter() != null ? value.parameter() : name;
    }
}
