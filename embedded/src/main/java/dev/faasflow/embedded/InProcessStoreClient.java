package dev.faasflow.embedded;

import dev.faasflow.faastore.Blob;
import dev.faasflow.faastore.FaaStore;
import dev.faasflow.faastore.NoSuchValueException;
import dev.faasflow.functions.StoreClient;
import dev.faasflow.functions.StoreException;
import dev.faasflow.functions.ValueNotFoundException;
import dev.faasflow.workflow.Destination;

/**
 * A function's way to its node's FaaStore when both live in one process: the same semantics as the HTTP
 * store endpoint, without serialising the bytes (the array is shared, never copied).
 */
public final class InProcessStoreClient implements StoreClient {
    private final FaaStore store;

    public InProcessStoreClient(FaaStore store) {
        this.store = store;
    }

    @Override
    public byte[] get(String invocation, String key) {
        try {
            return store.get(invocation, key).sharedArray();
        } catch (NoSuchValueException e) {
            throw new ValueNotFoundException(invocation, key);
        } catch (RuntimeException e) {
            if (e.getCause() instanceof NoSuchValueException) {
                throw new ValueNotFoundException(invocation, key);
            }
            throw new StoreException("store get of " + key + " in " + invocation + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void put(String invocation, String key, byte[] value, String destination) {
        try {
            store.put(invocation, key, Blob.wrap(value), destination == null ? Destination.DB : Destination.fromLabel(destination));
        } catch (RuntimeException e) {
            throw new StoreException("store put of " + key + " in " + invocation + " failed: " + e.getMessage(), e);
        }
    }
}
