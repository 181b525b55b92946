package dev.faasflow.agent;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The workflows one agent holds, per plan version. Each workflow has a current version (what new invocations
 * use) and the versions it superseded, kept while invocations started under them may still run: a re-plan
 * therefore never takes the deployment from under an invocation in flight. A superseded version goes once no
 * invocation of it is active on this agent and its retention time has passed (the latest deadline of the
 * invocations the coordinator still runs under it, which also covers the ones that have not reached this node
 * yet).
 */
public final class DeploymentRegistry {
    /** One workflow: its current deployment and the superseded ones with their retention times. */
    private static final class Versions {
        volatile Deployment current;
        final List<Retained> superseded = new ArrayList<>();
    }

    private record Retained(Deployment deployment, long untilEpochMillis) {
    }

    private final Map<String, Versions> workflows = new ConcurrentHashMap<>();

    /**
     * Installs a deployment. Its version becomes current; the same version again (or an unversioned install over an
     * unversioned one) replaces it in place; the current version, if another, is kept until
     * {@code retainPreviousUntil} and while invocations of it are active.
     */
    public synchronized void install(Deployment deployment, long retainPreviousUntil) {
        Versions v = workflows.computeIfAbsent(deployment.name(), n -> new Versions());
        Deployment old = v.current;
        v.superseded.removeIf(r -> Objects.equals(r.deployment().version(), deployment.version()));
        if (old != null && old.version() != null && !Objects.equals(old.version(), deployment.version())) {
            v.superseded.add(new Retained(old, retainPreviousUntil));
        }
        v.current = deployment;
    }

    /** The current deployment of a workflow, or null. */
    public Deployment current(String workflow) {
        Versions v = workflows.get(workflow);
        return v == null ? null : v.current;
    }

    /**
     * The deployment an invocation runs under: its plan version (current or retained), or the current one when it
     * names none; null when that version is not held here.
     */
    public synchronized Deployment get(String workflow, String version) {
        Versions v = workflows.get(workflow);
        if (v == null || v.current == null) {
            return null;
        }
        if (version == null || Objects.equals(version, v.current.version())) {
            return v.current;
        }
        for (Retained r : v.superseded) {
            if (version.equals(r.deployment().version())) {
                return r.deployment();
            }
        }
        return null;
    }

    /** Versions of a workflow held here, current first (for messages and status). */
    public synchronized List<String> versions(String workflow) {
        Versions v = workflows.get(workflow);
        List<String> out = new ArrayList<>();
        if (v != null && v.current != null) {
            out.add(String.valueOf(v.current.version()));
            v.superseded.forEach(r -> out.add(String.valueOf(r.deployment().version())));
        }
        return out;
    }

    /** Forgets every version of a workflow; false when none was held. */
    public synchronized boolean remove(String workflow) {
        return workflows.remove(workflow) != null;
    }

    public Set<String> workflows() {
        return Set.copyOf(workflows.keySet());
    }

    /**
     * Drops the superseded versions past their retention time that no active invocation uses.
     *
     * @param inUse whether an invocation active on this agent runs under a deployment
     * @return how many were dropped
     */
    public synchronized int prune(long nowEpochMillis, Predicate<Deployment> inUse) {
        int dropped = 0;
        for (Versions v : workflows.values()) {
            for (Iterator<Retained> it = v.superseded.iterator(); it.hasNext(); ) {
                Retained r = it.next();
                if (r.untilEpochMillis() <= nowEpochMillis && !inUse.test(r.deployment())) {
                    it.remove();
                    dropped++;
                }
            }
        }
        return dropped;
    }
}
