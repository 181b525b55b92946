package dev.faasflow.coordinator;

/**
 * An ended invocation as its record keeps it until it is deleted or expires: how it ended and, when it failed
 * with {@code keepIntermediates}, what a retry of it starts from.
 *
 * @param kept null unless its intermediate outputs were kept for a retry
 */
record EndedInvocation(InvocationResult result, Kept kept) {
}
