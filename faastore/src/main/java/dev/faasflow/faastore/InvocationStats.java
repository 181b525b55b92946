package dev.faasflow.faastore;

/**
 * Data movement of one invocation through this node's store.
 *
 * @param bytesLocal  value bytes put into or got from the local tier
 * @param bytesRemote value bytes put into or got from the remote tier
 * @param dataNanos   sum of the duration of every put and get (the "data overhead")
 * @param spills      planned local writes that went to the remote tier instead
 */
public record InvocationStats(String invocationId, long puts, long gets, long bytesLocal, long bytesRemote,
                              long dataNanos, long spills) {
    public static InvocationStats none(String invocationId) {
        return new InvocationStats(invocationId, 0, 0, 0, 0, 0, 0);
    }

    public double dataOverheadMillis() {
        return dataNanos / 1e6;
    }
}
