package dev.faasflow.processes;

import dev.faasflow.coordinator.InvocationResult;
import dev.faasflow.embedded.EmbeddedOptions;
import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.InvocationPhase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Each member in its own network namespace (root only; skipped with a note otherwise): what a crashed earlier run
 * left is removed, namespaces are made and removed, a run crosses two namespaced nodes, and a netem delay shows in
 * one hop (where the kernel has netem).
 */
class NamespacedClusterTest {
    private static ProcessCluster cluster;
    private static String deadTag;

    @BeforeAll
    static void start() throws Exception {
        if (!Commands.isRoot()) {
            System.out.println("NamespacedClusterTest skipped: network namespaces need root");
            return;
        }
        // What a launcher killed by SIGKILL leaves: a namespace and a bridge named after it (pid 4194303 runs nothing).
        deadTag = Long.toString(4_194_303L, 36) + "-1";
        Commands.run("ip", "netns", "add", Network.namespace(deadTag, "node-0"));
        Commands.run("ip", "link", "add", "fp" + deadTag + "b", "type", "bridge");
        EmbeddedOptions engine = EmbeddedOptions.defaults(2);
        ProcessOptions options = ProcessOptions.namespaced(engine).withSlots(8).withJavaOptions(LoopbackClusterTest.QUICK_JVM);
        if (!netemHere()) {
            System.out.println("NamespacedClusterTest: this kernel has no tc netem; the cluster runs without delay");
            options = options.withRttMs(0);
        }
        cluster = ProcessCluster.start(options);
    }

    static boolean netemHere() throws Exception {
        String ns = Network.namespace("netemcheck" + ProcessHandle.current().pid(), "x");
        try {
            Commands.run("ip", "netns", "add", ns);
            Commands.run("ip", "netns", "exec", ns, "tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay", "1ms");
            return true;
        } catch (java.io.IOException e) {
            return false;
        } finally {
            Commands.quietly("ip", "netns", "del", ns);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster == null) {
            return;
        }
        List<String> namespaces = cluster.memberNames().stream().map(cluster::namespace).toList();
        String tag = cluster.tag();
        cluster.close();
        String left = Commands.run("ip", "netns", "list");
        for (String ns : namespaces) {
            assertFalse(left.contains(ns), ns + " still exists: " + left);
        }
        assertFalse(Commands.run("ip", "-o", "link", "show").contains("fp" + tag), "links of " + tag + " remain");
    }

    @Test
    void leftoversOfADeadLauncherAreRemovedAndEachMemberHasANamespace() throws Exception {
        assumeTrue(cluster != null, "needs root");
        String namespaces = Commands.run("ip", "netns", "list");
        assertFalse(namespaces.contains(Network.namespace(deadTag, "node-0")), namespaces);
        assertFalse(Commands.run("ip", "-o", "link", "show").contains("fp" + deadTag + "b"));
        for (String member : cluster.memberNames()) {
            assertTrue(namespaces.contains(cluster.namespace(member)), member + " in " + namespaces);
        }
    }

    @Test
    void aRunCrossesTwoNamespacedNodes() throws Exception {
        assumeTrue(cluster != null, "needs root");
        assertEquals(2, cluster.deploy(LoopbackClusterTest.fanout(), GroupingOptions.defaults(), ControlMode.WORKER_SP)
                .usedNodes().size());
        for (InvocationResult r : LoopbackClusterTest.run(cluster, 4)) {
            assertEquals(InvocationPhase.SUCCEEDED, r.phase(), r.message());
        }
        assertEquals(0, cluster.statesLeft());
        assertEquals(0, cluster.localBytesLeft());
        assertEquals(0, cluster.redisKeys());
    }

    @Test
    void aDelayShowsInOneHop() throws Exception {
        assumeTrue(cluster != null, "needs root");
        ProcessCluster.Hop plain = cluster.measureHop("node-0", "node-1", 200);
        System.out.println("one hop node-0 -> node-1 without added delay: " + plain);
        assumeTrue(cluster.canDelayLinks(), "this kernel has no tc netem: no delay to see");
        cluster.delayLink("node-0", 5);
        try {
            ProcessCluster.Hop delayed = cluster.measureHop("node-0", "node-1", 100);
            System.out.println("one hop with 5 ms more on node-0's link: " + delayed);
            assertTrue(delayed.p50Ms() >= 5, delayed.toString());
        } finally {
            cluster.restoreLink("node-0");
        }
    }
}
