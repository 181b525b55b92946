package dev.faasflow.faastore;

import dev.faasflow.workflow.DataMode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faasflow.workflow.Destination;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every store must have whatever its remote tier is. Subclasses supply the remote tier
 * (Redis, the in-process stand-in) and a way to check it directly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoreContractTest {
    protected static final long MIB = 1024 * 1024;

    protected RemoteTier remote;

    /** A remote tier shared by the tests of the class; tests use distinct invocation ids. */
    protected abstract RemoteTier openRemote();

    /** Fails unless the remote tier keeps nothing at all of the invocation (values and bookkeeping). */
    protected abstract void assertRemoteHoldsNothingOf(String invocationId);

    @BeforeAll
    void openRemoteTier() {
        remote = openRemote();
    }

    @AfterAll
    void closeRemoteTier() {
        if (remote != null) {
            remote.close();
        }
    }

    protected FaaStore store(StoreConfig config) {
        return new FaaStore(config, remote);
    }

    protected FaaStore store() {
        return store(new StoreConfig(DataMode.OPTIMIZED, 512 * MIB, StoreConfig.FORMULA_QUOTA));
    }

    protected static String newInvocation() {
        return "inv-" + UUID.randomUUID();
    }

    protected static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    protected Optional<Blob> remoteValue(String invocationId, String key) {
        return Futures.await(remote.get(invocationId, key));
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 1024, 1024 * 1024, 64 * 1024 * 1024})
    void roundTripsThroughTheLocalTier(int size) {
        FaaStore store = store();
        String inv = newInvocation();
        byte[] bytes = randomBytes(size, size);
        PutReceipt receipt = store.put(inv, "v", Blob.wrap(bytes), Destination.MEM);
        assertTrue(receipt.local());
        assertFalse(receipt.remote());
        assertTrue(store.holdsLocally(inv, "v"));
        assertTrue(remoteValue(inv, "v").isEmpty(), "a MEM value is not written remotely");
        assertArrayEquals(bytes, store.get(inv, "v").sharedArray());
        store.clear(inv);
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 1024, 1024 * 1024, 64 * 1024 * 1024})
    void roundTripsThroughTheRemoteTier(int size) {
        FaaStore store = store();
        String inv = newInvocation();
        byte[] bytes = randomBytes(size, size + 1);
        PutReceipt receipt = store.put(inv, "v", Blob.wrap(bytes), Destination.DB);
        assertFalse(receipt.local());
        assertTrue(receipt.remote());
        assertFalse(store.holdsLocally(inv, "v"));
        assertArrayEquals(bytes, store.get(inv, "v").sharedArray());
        // What another node would read: the remote tier alone.
        assertArrayEquals(bytes, remoteValue(inv, "v").orElseThrow().sharedArray());
        store.clear(inv);
        assertRemoteHoldsNothingOf(inv);
    }

    @Test
    void dbMemWritesBothTiers() {
        FaaStore store = store();
        String inv = newInvocation();
        PutReceipt receipt = store.put(inv, "v", Blob.ofUtf8("both"), Destination.DB_MEM);
        assertTrue(receipt.local() && receipt.remote());
        assertTrue(store.holdsLocally(inv, "v"));
        assertEquals("both", remoteValue(inv, "v").orElseThrow().toUtf8());
        store.clear(inv);
    }

    @Test
    void aMissNamesInvocationAndKey() {
        FaaStore store = store();
        String inv = newInvocation();
        NoSuchValueException miss = assertThrows(NoSuchValueException.class, () -> store.get(inv, "absent"));
        assertTrue(miss.getMessage().contains(inv) && miss.getMessage().contains("'absent'"), miss.getMessage());
        assertTrue(miss.getMessage().contains(remote.describe()), miss.getMessage());
        assertEquals("absent", miss.key());
        // The async variant fails with the same type, not a wrapper.
        Throwable async = assertThrows(Exception.class, () -> store.getAsync(inv, "absent").get());
        assertTrue(Futures.unwrap(async) instanceof NoSuchValueException);
    }

    @Test
    void aRemoteOnlyWriteDropsAnOlderLocalValueThatWouldShadowIt() {
        FaaStore store = store();
        String inv = newInvocation();
        store.put(inv, "k", Blob.ofUtf8("old"), Destination.MEM);
        store.put(inv, "k", Blob.ofUtf8("new"), Destination.DB);
        assertFalse(store.holdsLocally(inv, "k"));
        assertEquals("new", store.get(inv, "k").toUtf8());
        assertEquals(0, store.stats().nodeUsedBytes());
        store.clear(inv);
    }

    @Test
    void deleteRemovesFromBothTiers() {
        FaaStore store = store();
        String inv = newInvocation();
        store.put(inv, "k", Blob.ofUtf8("x"), Destination.DB_MEM);
        assertTrue(store.delete(inv, "k"));
        assertFalse(store.delete(inv, "k"));
        assertThrows(NoSuchValueException.class, () -> store.get(inv, "k"));
        assertRemoteHoldsNothingOf(inv);
    }

    @Test
    void manyInvocationsOnManyThreadsKeepTheirOwnValues() throws Exception {
        FaaStore store = store();
        int threads = 16;
        int invocationsPerThread = 12;
        Destination[] destinations = Destination.values();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<String>>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            work.add(pool.submit(() -> {
                List<String> invocations = new ArrayList<>();
                for (int i = 0; i < invocationsPerThread; i++) {
                    String inv = newInvocation();
                    invocations.add(inv);
                    for (int k = 0; k < 6; k++) {
                        byte[] bytes = randomBytes(1 + (k * 7919 + thread) % 70_000, inv.hashCode() + k);
                        store.put(inv, "k" + k, Blob.wrap(bytes), destinations[(k + i) % 3]);
                    }
                }
                for (String inv : invocations) {
                    for (int k = 0; k < 6; k++) {
                        byte[] expected = randomBytes(1 + (k * 7919 + thread) % 70_000, inv.hashCode() + k);
                        assertArrayEquals(expected, store.get(inv, "k" + k).sharedArray(), inv + "/k" + k);
                    }
                }
                return invocations;
            }));
        }
        List<String> all = new ArrayList<>();
        for (Future<List<String>> f : work) {
            all.addAll(f.get());
        }
        pool.shutdown();
        assertEquals(threads * invocationsPerThread, all.size());
        assertEquals(threads * invocationsPerThread, store.stats().trackedInvocations());
        for (String inv : all) {
            store.clear(inv);
        }
        assertEquals(0, store.stats().nodeUsedBytes());
        assertEquals(0, store.localTier().heldBytes());
        for (String inv : all) {
            assertRemoteHoldsNothingOf(inv);
        }
    }

    @Test
    void exhaustedWorkflowQuotaSpillsToTheRemoteTier() {
        FaaStore store = store();
        store.defineWorkflow("small", 100_000);
        String inv = newInvocation();
        store.bindInvocation(inv, "small");
        store.put(inv, "fits", Blob.wrap(randomBytes(60_000, 1)), Destination.MEM);
        byte[] big = randomBytes(60_000, 2);
        PutReceipt spilled = store.put(inv, "spills", Blob.wrap(big), Destination.MEM);
        assertEquals(LocalAdmission.OVER_WORKFLOW_QUOTA, spilled.spill());
        assertTrue(spilled.remote());
        assertFalse(store.holdsLocally(inv, "spills"));
        assertArrayEquals(big, store.get(inv, "spills").sharedArray(), "nothing is lost");
        StoreStats stats = store.stats();
        assertEquals(1, stats.spills());
        assertEquals(1, stats.spillsOverQuota());
        assertEquals(60_000, stats.spilledBytes());
        assertEquals(new WorkflowUsage("small", 60_000, 100_000), stats.workflows().get("small"));
        assertEquals(1, store.invocationStats(inv).spills());
        // Another workflow is not affected by this one's quota.
        String other = newInvocation();
        assertTrue(store.put(other, "k", Blob.wrap(big), Destination.MEM).local());
        store.clear(inv);
        store.clear(other);
    }

    @Test
    void fullNodeSpillsToTheRemoteTier() {
        FaaStore store = store(new StoreConfig(DataMode.OPTIMIZED, 1_000, StoreConfig.FORMULA_QUOTA));
        store.defineWorkflow("wf", 1_000_000);
        String inv = newInvocation();
        store.bindInvocation(inv, "wf");
        assertTrue(store.put(inv, "a", Blob.wrap(new byte[800]), Destination.DB_MEM).local());
        PutReceipt receipt = store.put(inv, "b", Blob.wrap(randomBytes(300, 3)), Destination.DB_MEM);
        assertEquals(LocalAdmission.OVER_NODE_CAPACITY, receipt.spill());
        assertFalse(receipt.local());
        assertTrue(receipt.remote());
        assertEquals(1, store.stats().spillsOverCapacity());
        assertArrayEquals(randomBytes(300, 3), store.get(inv, "b").sharedArray());
        store.clear(inv);
    }

    @Test
    void clearRemovesEverythingFromBothTiers() {
        FaaStore store = store();
        String inv = newInvocation();
        store.put(inv, "m", Blob.ofUtf8("m"), Destination.MEM);
        store.put(inv, "d", Blob.ofUtf8("d"), Destination.DB);
        store.put(inv, "b", Blob.ofUtf8("b"), Destination.DB_MEM);
        store.get(inv, "d");
        ClearResult result = store.clear(inv);
        assertEquals(2, result.localRemoved());
        assertEquals(2, result.remoteRemoved());
        assertEquals(3, result.stats().puts());
        for (String key : List.of("m", "d", "b")) {
            assertThrows(NoSuchValueException.class, () -> store.get(inv, key));
        }
        assertRemoteHoldsNothingOf(inv);
        assertEquals(0, store.stats().nodeUsedBytes());
    }

    @Test
    void clearIntermediateKeepsTheResults() {
        FaaStore store = store();
        String inv = newInvocation();
        store.put(inv, "tmp-local", Blob.ofUtf8("1"), Destination.MEM);
        store.put(inv, "tmp-remote", Blob.ofUtf8("2"), Destination.DB);
        store.put(inv, "result", Blob.ofUtf8("R"), Destination.DB);
        store.put(inv, "local-result", Blob.ofUtf8("L"), Destination.MEM);
        ClearResult result = store.clearIntermediate(inv, Set.of("result", "local-result"));
        assertEquals(1, result.localRemoved());
        assertEquals(1, result.remoteRemoved());
        assertEquals("R", store.get(inv, "result").toUtf8());
        assertEquals("L", store.get(inv, "local-result").toUtf8());
        assertThrows(NoSuchValueException.class, () -> store.get(inv, "tmp-local"));
        assertThrows(NoSuchValueException.class, () -> store.get(inv, "tmp-remote"));
        assertTrue(remoteValue(inv, "tmp-remote").isEmpty());
        store.clear(inv);
        assertRemoteHoldsNothingOf(inv);
        assertEquals(0, store.stats().nodeUsedBytes());
    }

    @Test
    void clearLocalLeavesTheRemoteTierAlone() {
        FaaStore store = store();
        String inv = newInvocation();
        store.put(inv, "tmp", Blob.ofUtf8("t"), Destination.MEM);
        store.put(inv, "keep", Blob.ofUtf8("k"), Destination.MEM);
        store.put(inv, "shared", Blob.ofUtf8("s"), Destination.DB_MEM);
        ClearResult result = store.clearLocal(inv, Set.of("keep"));
        assertEquals(2, result.localRemoved());
        assertEquals(0, result.remoteRemoved());
        assertEquals(3, result.stats().puts());
        assertFalse(store.holdsLocally(inv, "tmp"));
        assertTrue(store.holdsLocally(inv, "keep"));
        assertEquals("s", store.get(inv, "shared").toUtf8(), "still in the remote tier");
        store.clear(inv);
        assertRemoteHoldsNothingOf(inv);
    }

    @Test
    void rawModeNeverTouchesTheLocalTier() {
        FaaStore store = store(new StoreConfig(DataMode.RAW, 512 * MIB, StoreConfig.FORMULA_QUOTA));
        String inv = newInvocation();
        for (Destination d : Destination.values()) {
            PutReceipt receipt = store.put(inv, d.name(), Blob.ofUtf8(d.label()), d);
            assertFalse(receipt.local(), d.name());
            assertTrue(receipt.remote(), d.name());
            assertFalse(receipt.spilled(), "raw mode plans no local write, so nothing spills");
        }
        for (Destination d : Destination.values()) {
            assertEquals(d.label(), store.get(inv, d.name()).toUtf8());
        }
        assertThrows(NoSuchValueException.class, () -> store.get(inv, "absent"));
        StoreStats stats = store.stats();
        assertEquals(new TierStats(0, 0, 0, 0, 0, 0, 0, 0), stats.local(), "not even a lookup");
        assertEquals(0, stats.nodeUsedBytes());
        assertEquals(0, store.localTier().invocationCount());
        assertEquals(3, stats.remoteTier().puts());
        assertEquals(4, stats.remoteTier().gets());
        assertEquals(1, stats.remoteTier().misses());
        store.clear(inv);
        assertRemoteHoldsNothingOf(inv);
    }

    @Test
    void jsonValuesAndForeachLists() {
        FaaStore store = store();
        String inv = newInvocation();
        store.putJson(inv, "cfg", Map.of("split", true, "n", 3), Destination.MEM);
        assertTrue(store.getJson(inv, "cfg").get("split").asBoolean());
        assertEquals(3, store.getJson(inv, "cfg", Map.class).get("n"));
        store.putList(inv, "files", List.of("a.txt", "b.txt", "c.txt"), Destination.DB);
        assertEquals(3, store.getList(inv, "files").size());
        assertEquals("b.txt", store.getListElement(inv, "files", 1).asText());
        FaaStoreException outOfRange = assertThrows(FaaStoreException.class, () -> store.getListElement(inv, "files", 3));
        assertTrue(outOfRange.getMessage().contains("has 3 elements"), outOfRange.getMessage());
        FaaStoreException notAList = assertThrows(FaaStoreException.class, () -> store.getList(inv, "cfg"));
        assertTrue(notAList.getMessage().contains("not a list"), notAList.getMessage());
        store.put(inv, "bin", Blob.wrap(new byte[] {(byte) 0xff, 0}), Destination.MEM);
        FaaStoreException notJson = assertThrows(FaaStoreException.class, () -> store.getJson(inv, "bin"));
        assertTrue(notJson.getMessage().contains("'bin'"), notJson.getMessage());
        JsonNode element = Futures.await(store.getListElementAsync(inv, "files", 0));
        assertEquals("a.txt", element.asText());
        store.clear(inv);
    }

    @Test
    void perInvocationCountersSeparateLocalFromRemoteAndAreDroppedOnClear() {
        FaaStore store = store();
        String inv = newInvocation();
        store.put(inv, "m", Blob.wrap(new byte[1000]), Destination.MEM);
        store.put(inv, "d", Blob.wrap(new byte[300]), Destination.DB);
        store.put(inv, "b", Blob.wrap(new byte[20]), Destination.DB_MEM);
        store.get(inv, "m");
        store.get(inv, "d");
        InvocationStats stats = store.invocationStats(inv);
        assertEquals(3, stats.puts());
        assertEquals(2, stats.gets());
        assertEquals(1000 + 20 + 1000, stats.bytesLocal());
        assertEquals(300 + 20 + 300, stats.bytesRemote());
        assertTrue(stats.dataNanos() > 0);
        ClearResult cleared = store.clear(inv);
        assertEquals(stats.bytesRemote(), cleared.stats().bytesRemote());
        assertEquals(InvocationStats.none(inv), store.invocationStats(inv));
        TierStats local = store.stats().local();
        assertTrue(local.puts() >= 2 && local.bytesIn() >= 1020, local.toString());
    }

    @Test
    void namesAreChecked() {
        FaaStore store = store();
        assertThrows(IllegalArgumentException.class, () -> store.put("a{b}", "k", Blob.EMPTY, Destination.MEM));
        assertThrows(IllegalArgumentException.class, () -> store.put("", "k", Blob.EMPTY, Destination.MEM));
        assertThrows(IllegalArgumentException.class, () -> store.put("inv", "", Blob.EMPTY, Destination.MEM));
    }

    @Test
    void keysMayContainAnyCharacters() {
        FaaStore store = store();
        String inv = newInvocation();
        String key = "dir/file name:with*glob?[x] ünïcode";
        store.put(inv, key, Blob.ofUtf8("ok"), Destination.DB);
        assertEquals("ok", store.get(inv, key).toUtf8());
        assertNotNull(remoteValue(inv, key).orElse(null));
        store.clear(inv);
        assertNull(remoteValue(inv, key).orElse(null));
        assertRemoteHoldsNothingOf(inv);
    }

    // ---- ended means ended ------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"MEM", "DB", "DB+MEM"})
    void aPutAfterTheEndIsRefusedAndKeepsNothing(String label) {
        FaaStore store = store();
        String inv = newInvocation();
        store.put(inv, "before", Blob.ofUtf8("b"), Destination.DB_MEM);
        store.clearLocal(inv, Set.of());
        InvocationEndedException refused = assertThrows(InvocationEndedException.class,
                () -> store.put(inv, "late", Blob.wrap(new byte[4096]), Destination.fromLabel(label)));
        assertTrue(refused.getMessage().contains("'" + inv + "'") && refused.getMessage().contains("'late'")
                && refused.getMessage().contains("has already ended"), refused.getMessage());
        assertFalse(store.holdsLocally(inv, "late"));
        assertTrue(remoteValue(inv, "late").isEmpty());
        assertEquals(0, store.stats().nodeUsedBytes());
        assertEquals(1, store.stats().lateWritesRefused());
        store.clear(inv);
        assertRemoteHoldsNothingOf(inv);
    }

    // ---- the coordinator's invocation records, copies for retries, spills at the end --------------------

    @Test
    void aRecordKeepsItsPhaseItsSinksOnceAndItsFirstFailureAndLeavesNothingOnceForgotten() throws Exception {
        InvocationRecords records = remote.records();
        String inv = newInvocation();
        long deadline = System.currentTimeMillis() + 60_000;
        Futures.await(records.put(inv, dev.faasflow.workflow.InvocationPhase.PENDING, deadline, "{\"v\":1}"));
        assertTrue(Futures.await(records.open()).contains(inv), "listed as open");
        Futures.await(records.put(inv, dev.faasflow.workflow.InvocationPhase.RUNNING, deadline, "{\"v\":2}"));
        Futures.await(records.addSink(inv, "s1"));
        Futures.await(records.addSink(inv, "s1"));
        Futures.await(records.addSink(inv, "s2"));
        assertTrue(Futures.await(records.fail(inv, "f", "first")));
        assertFalse(Futures.await(records.fail(inv, "g", "second")), "the first failure wins");

        InvocationRecord r = Futures.await(records.get(inv)).orElseThrow();
        assertEquals(dev.faasflow.workflow.InvocationPhase.RUNNING, r.phase());
        assertEquals(deadline, r.deadlineEpochMillis());
        assertEquals("{\"v\":2}", r.body());
        assertEquals(Set.of("s1", "s2"), r.sinksReported());
        assertEquals("f", r.failedFunction());
        assertEquals("first", r.failure());
        assertNull(r.result());

        Futures.await(records.end(inv, dev.faasflow.workflow.InvocationPhase.FAILED, "{\"done\":true}",
                java.time.Duration.ofMinutes(5)));
        assertFalse(Futures.await(records.open()).contains(inv), "no longer open");
        InvocationRecord ended = Futures.await(records.get(inv)).orElseThrow();
        assertEquals(dev.faasflow.workflow.InvocationPhase.FAILED, ended.phase());
        assertEquals("{\"done\":true}", ended.result());
        assertEquals(Set.of("s1", "s2"), ended.sinksReported());

        Futures.await(records.forget(inv));
        assertTrue(Futures.await(records.get(inv)).isEmpty());
        assertFalse(Futures.await(records.fail(inv, "f", "late")), "no failure is written into a forgotten record");
        Futures.await(records.addSink(inv, "late"));
        assertRemoteHoldsNothingOf(inv);
    }

    @Test
    void openRecordsAreListedEarliestDeadlineFirst() throws Exception {
        InvocationRecords records = remote.records();
        String late = newInvocation();
        String early = newInvocation();
        long now = System.currentTimeMillis();
        Futures.await(records.put(late, dev.faasflow.workflow.InvocationPhase.PENDING, now + 90_000, "{}"));
        Futures.await(records.put(early, dev.faasflow.workflow.InvocationPhase.RUNNING, now + 30_000, "{}"));
        List<String> open = Futures.await(records.open());
        assertTrue(open.indexOf(early) >= 0 && open.indexOf(early) < open.indexOf(late), open.toString());
        Futures.await(records.forget(late));
        Futures.await(records.forget(early));
        assertFalse(Futures.await(records.open()).contains(early));
        assertRemoteHoldsNothingOf(late);
        assertRemoteHoldsNothingOf(early);
    }

    @Test
    void copyBringsEveryValueOfOneInvocationIntoAnothersNamespace() {
        FaaStore store = store();
        String from = newInvocation();
        String to = newInvocation();
        store.put(from, "a", Blob.wrap(new byte[] {1, 2, 3}), Destination.DB);
        store.put(from, "b#0", Blob.wrap(new byte[] {4}), Destination.DB);
        assertEquals(2L, Futures.await(store.copyAsync(from, to)));
        assertArrayEquals(new byte[] {1, 2, 3}, store.get(to, "a").toByteArray());
        assertArrayEquals(new byte[] {4}, store.get(to, "b#0").toByteArray());
        store.clear(from);
        assertArrayEquals(new byte[] {1, 2, 3}, store.get(to, "a").toByteArray(), "the copy is the retry's own");
        assertEquals(0L, Futures.await(store.copyAsync(from, newInvocation())), "nothing to copy");
        store.clear(to);
        assertRemoteHoldsNothingOf(from);
        assertRemoteHoldsNothingOf(to);
    }

    @Test
    void keepingAllValuesKeepsThemReadableUntilCleared() {
        FaaStore store = store();
        String inv = newInvocation();
        store.put(inv, "x", Blob.wrap(new byte[] {7}), Destination.DB);
        store.put(inv, "y", Blob.wrap(new byte[] {8}), Destination.DB);
        assertEquals(2L, Futures.await(store.keepAllAsync(inv)));
        assertArrayEquals(new byte[] {8}, store.get(inv, "y").toByteArray());
        store.clear(inv);
        assertRemoteHoldsNothingOf(inv);
    }

    @Test
    void theRemoteTierRefusesPutsAfterItsClearWhicheverNodeWrites() {
        FaaStore coordinator = store(new StoreConfig(DataMode.RAW, 512 * MIB, StoreConfig.FORMULA_QUOTA));
        FaaStore agent = store();
        String inv = newInvocation();
        agent.put(inv, "local", Blob.wrap(new byte[1000]), Destination.MEM);
        coordinator.put(inv, "input", Blob.ofUtf8("i"), Destination.DB);
        // The coordinator clears the remote tier, but this agent's cleanup never came.
        coordinator.clearIntermediate(inv, Set.of());
        Throwable refused = Futures.unwrap(assertThrows(Exception.class,
                () -> agent.put(inv, "late", Blob.ofUtf8("x"), Destination.DB)));
        assertTrue(refused instanceof InvocationEndedException, String.valueOf(refused));
        assertTrue(refused.getMessage().contains("remote store"), refused.getMessage());
        assertTrue(agent.hasEnded(inv), "the tombstone ends it on this node too");
        assertEquals(0, agent.stats().nodeUsedBytes(), "and frees this node's memory of it");
        assertThrows(InvocationEndedException.class, () -> agent.put(inv, "later", Blob.ofUtf8("y"), Destination.MEM));
        assertEquals(0L, Futures.await(remote.valueCount(inv)));
        assertRemoteHoldsNothingOf(inv);
    }

    /** Puts racing the end of their invocation: each one is either cleared by the end or refused after it. */
    @Test
    void putsInFlightWhenTheInvocationEndsLeaveNothing() throws Exception {
        FaaStore agent = store();
        FaaStore coordinator = store(new StoreConfig(DataMode.RAW, 512 * MIB, StoreConfig.FORMULA_QUOTA));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 20; round++) {
                String inv = newInvocation();
                List<java.util.concurrent.CompletableFuture<PutReceipt>> puts = new ArrayList<>();
                List<Future<?>> writers = new ArrayList<>();
                for (int w = 0; w < 3; w++) {
                    int writer = w;
                    writers.add(pool.submit(() -> {
                        for (int i = 0; i < 40; i++) {
                            Destination d = Destination.values()[(i + writer) % Destination.values().length];
                            synchronized (puts) {
                                puts.add(agent.putAsync(inv, "k" + writer + "-" + i, Blob.wrap(new byte[2048]), d));
                            }
                        }
                    }));
                }
                Thread.sleep(round % 3);
                agent.clearLocal(inv, Set.of());
                coordinator.clearIntermediate(inv, Set.of());
                for (Future<?> f : writers) {
                    f.get();
                }
                for (var put : puts) {
                    try {
                        put.join();
                    } catch (java.util.concurrent.CompletionException e) {
                        assertTrue(Futures.unwrap(e) instanceof InvocationEndedException, String.valueOf(e.getCause()));
                    }
                }
                assertEquals(0, agent.localTier().keys(inv).size(), "round " + round);
                assertEquals(0L, Futures.await(remote.valueCount(inv)), "round " + round);
                assertRemoteHoldsNothingOf(inv);
            }
            assertEquals(0, agent.stats().nodeUsedBytes());
            assertEquals(0, agent.localTier().heldBytes());
            assertEquals(0, agent.stats().trackedInvocations(), "no counters of ended invocations");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void readsAfterTheEndKeepNoCounters() {
        FaaStore store = store();
        String inv = newInvocation();
        store.put(inv, "r", Blob.ofUtf8("result"), Destination.DB);
        store.clearIntermediate(inv, Set.of("r"));
        assertEquals("result", store.get(inv, "r").toUtf8(), "kept results stay readable");
        assertThrows(NoSuchValueException.class, () -> store.get(inv, "gone"));
        assertEquals(0, store.stats().trackedInvocations());
        store.clear(inv);
    }

    @Test
    void spillingMovesThisNodesMemoryOfAnInvocationToTheRemoteTier() {
        FaaStore node = store();
        FaaStore elsewhere = store();
        String inv = newInvocation();
        node.put(inv, "mem", Blob.wrap(new byte[] {5, 6}), Destination.MEM);
        node.put(inv, "both", Blob.wrap(new byte[] {9}), Destination.DB_MEM);
        assertTrue(node.holdsLocally(inv, "mem"));
        Futures.await(node.spillLocalAsync(inv));
        assertFalse(node.holdsLocally(inv, "mem"), "node memory is cleared");
        assertEquals(0, node.stats().nodeUsedBytes());
        assertArrayEquals(new byte[] {5, 6}, elsewhere.get(inv, "mem").toByteArray(), "readable from any node");
        assertArrayEquals(new byte[] {9}, elsewhere.get(inv, "both").toByteArray());
        elsewhere.clear(inv);
        assertRemoteHoldsNothingOf(inv);
    }
}
