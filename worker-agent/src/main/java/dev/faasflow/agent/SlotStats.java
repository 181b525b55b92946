package dev.faasflow.agent;

/**
 * What a node's slot scheduler did since its agent started.
 *
 * @param slots       the node's slots
 * @param used        slots held now by running instances
 * @param peakUsed    the most slots ever held at once (never more than {@code slots})
 * @param waiting     instances waiting now for slots or for a warm-pool instance
 * @param peakWaiting the most instances ever waiting at once
 * @param granted     instances that got their slots
 * @param dropped     waiting instances dropped because their invocation ended
 * @param abandoned   running instances abandoned because their invocation ended
 * @param queuedP50Ms median time an instance waited (over the last samples)
 * @param queuedP99Ms 99th percentile of it
 * @param queuedMaxMs the longest any instance waited
 */
public record SlotStats(int slots, int used, int peakUsed, int waiting, int peakWaiting, long granted, long dropped,
                        long abandoned, double queuedP50Ms, double queuedP99Ms, double queuedMaxMs) {
}
