package dev.faasflow.faastore;

/**
 * Where a put landed.
 *
 * @param spill why a planned local write went remote instead, or null when it did not spill
 */
public record PutReceipt(String invocationId, String key, long bytes, boolean local, boolean remote,
                         LocalAdmission spill, long nanos) {
    public boolean spilled() {
        return spill != null;
    }
}
