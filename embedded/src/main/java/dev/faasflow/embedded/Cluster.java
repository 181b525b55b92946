package dev.faasflow.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faasflow.coordinator.InvalidInvocationException;
import dev.faasflow.coordinator.InvocationHandle;
import dev.faasflow.coordinator.InvokeOptions;
import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.grouping.NodeSpec;
import dev.faasflow.grouping.Plan;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.Workflow;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A running engine of simulated nodes, whichever way it is laid out: all in this JVM ({@link EmbeddedCluster}) or
 * each node and the coordinator in its own process (the {@code processes} module's launcher). What {@code
 * ./faasflow run} and the benchmarks drive: deploy a workflow, run invocations, forget them, see what is left.
 */
public interface Cluster extends AutoCloseable {
    List<NodeSpec> nodes();

    /** Plans the workflow on this cluster's nodes and installs it on the agents. */
    Plan deploy(Workflow wf, GroupingOptions grouping, ControlMode mode) throws Exception;

    /** Starts an invocation; its handle's future completes once it has ended and been cleared. */
    InvocationHandle invoke(String workflow, JsonNode input, InvokeOptions options) throws InvalidInvocationException;

    /** Forgets an invocation and deletes its results (a running one is cancelled first); false when unknown. */
    CompletableFuture<Boolean> delete(String id);

    /** Invocation state held anywhere: the agents' per-invocation state and the coordinator's in-flight set. */
    int statesLeft();

    /** Bytes still held in the nodes' local tiers. */
    long localBytesLeft();

    /** What is left of everything, and in the remote tier of {@code invocations}: what a run's report shows. */
    LeftBehind leftBehind(java.util.Collection<String> invocations);

    /** The remote tier, for a person. */
    String remoteDescription();

    @Override
    void close();
}
