package dev.faasflow.coordinator;

import dev.faasflow.workflow.InvocationPhase;

/**
 * An invocation as the coordinator knows it at one moment: waiting or running ({@code result} null), or
 * finished and not yet deleted.
 *
 * @param workflow the engine's name of its workflow
 */
public record InvocationSnapshot(String id, String workflow, InvocationPhase phase, InvocationResult result) {
}
