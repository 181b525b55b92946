package dev.faasflow.functions;

/**
 * How a function reaches its node's store: values of one invocation in one flat namespace of keys.
 *
 * <p><b>Immutability invariant.</b> A {@code byte[]} passed to {@link #put} belongs to the store from then
 * on: neither the writer nor any reader may modify it, and implementations may keep the very array (no
 * defensive copy). Arrays returned by {@link #get} are likewise read-only; an in-process store may hand the
 * same array to many readers, and the SDK may put one shared array under several keys.
 *
 * <p>Implementations must be thread-safe. Functions call them from worker threads and may block there;
 * they are never called from a Vert.x event-loop thread by the SDK.
 */
public interface StoreClient {

    /**
     * The value of {@code key} in {@code invocation}.
     *
     * @throws ValueNotFoundException when there is no such value (a null return is treated the same way)
     * @throws StoreException         when the store cannot be reached or answers with an error
     */
    byte[] get(String invocation, String key);

    /**
     * Stores {@code value} under {@code key} in {@code invocation}, replacing any previous value.
     *
     * @param destination the planned destination (MEM, DB or DB+MEM), or null to let the store decide
     * @throws StoreException when the store cannot be reached or refuses the value
     */
    void put(String invocation, String key, byte[] value, String destination);

    /**
     * This client for the calls of one run, carrying the run request's store token (see the contract's
     * {@code storeToken}). A client that needs none, such as an in-process store, returns itself.
     */
    default StoreClient withToken(String token) {
        return this;
    }
}
