package dev.faasflow.coordinator;

import java.util.concurrent.CompletableFuture;

/** A started invocation: its id at once, its result when it has ended and been cleared. */
public record InvocationHandle(String id, CompletableFuture<InvocationResult> result) {
}
