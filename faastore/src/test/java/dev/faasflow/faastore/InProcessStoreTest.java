package dev.faasflow.faastore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faasflow.workflow.Destination;
import org.junit.jupiter.api.Test;

/** The in-process stand-in passes the same contract as Redis. */
class InProcessStoreTest extends StoreContractTest {
    @Override
    protected RemoteTier openRemote() {
        return new InProcessRemoteTier();
    }

    @Override
    protected void assertRemoteHoldsNothingOf(String invocationId) {
        assertFalse(((InProcessRemoteTier) remote).holdsAnythingOf(invocationId), invocationId);
    }

    @Test
    void embeddedStoreDescribesItsRemoteTier() {
        try (FaaStore store = FaaStore.embedded(StoreConfig.defaults())) {
            assertEquals("in-process stand-in", store.remoteDescription());
            assertEquals("in-process stand-in", store.stats().remote());
        }
    }

    @Test
    void simulatedLinkDelaysRemoteTransfers() {
        try (FaaStore store = new FaaStore(StoreConfig.defaults(), new InProcessRemoteTier(20L * 1024 * 1024))) {
            long start = System.nanoTime();
            store.put("i", "k", Blob.wrap(new byte[2 * 1024 * 1024]), Destination.DB);
            store.get("i", "k");
            long millis = (System.nanoTime() - start) / 1_000_000;
            // 2 MiB each way at 20 MiB/s: at least 200 ms; the local tier would take microseconds.
            assertTrue(millis >= 190, "took " + millis + " ms");
            long localStart = System.nanoTime();
            store.put("i", "m", Blob.wrap(new byte[2 * 1024 * 1024]), Destination.MEM);
            store.get("i", "m");
            assertTrue((System.nanoTime() - localStart) / 1_000_000 < 100, "the local tier is not behind the link");
        }
    }
}
