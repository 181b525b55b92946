package dev.faasflow.operator;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import org.junit.jupiter.api.Test;

/** A status write is skipped only when the API server surely holds it already. */
class StatusWritesTest {
    private static final ResourceID WF = new ResourceID("wc", "e2e");

    @Test
    void aStatusEqualToAStaleCacheIsStillWrittenWhenTheLastWriteDiffers() {
        StatusWrites writes = new StatusWrites();
        assertTrue(writes.needed(WF, "Ready", null), "nothing cached");
        writes.wrote(WF, "Ready");
        assertFalse(writes.needed(WF, "Ready", "Ready"), "cached and written: the server has it");
        assertTrue(writes.needed(WF, "Deploying", "Ready"));
        writes.wrote(WF, "Deploying");
        // The next reconcile, before the cache shows Deploying: Ready equals the stale cache, not the last write.
        assertTrue(writes.needed(WF, "Ready", "Ready"), "the race that left a Workflow Deploying for good");
        writes.wrote(WF, "Ready");
        assertTrue(writes.needed(WF, "Ready", "Deploying"), "the cache behind the last write: written again, harmless");
        assertTrue(writes.needed(WF, null, "Ready"), "a status that cannot be compared is written");
        writes.forget(WF);
        assertFalse(writes.needed(WF, "Ready", "Ready"), "after a restart (nothing written yet) the cache decides");
    }
}
