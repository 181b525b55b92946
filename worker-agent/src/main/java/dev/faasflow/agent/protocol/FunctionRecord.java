package dev.faasflow.agent.protocol;

/**
 * One execution of a function (or of one foreach instance) as measured on its node.
 *
 * @param durationMs time the function itself measured for its run, data access included
 * @param dataMs     the part of it spent in fetch and put
 * @param coldStart  whether a new instance had to be started for it
 */
public record FunctionRecord(String function, String node, Integer instance, double durationMs, double dataMs,
                             long bytesRead, long bytesWritten, boolean coldStart) {
}
