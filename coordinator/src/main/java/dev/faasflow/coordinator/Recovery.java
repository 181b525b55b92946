package dev.faasflow.coordinator;

import dev.faasflow.agent.AgentClient;
import dev.faasflow.agent.protocol.InvocationContext;
import dev.faasflow.agent.protocol.InvocationInfo;
import dev.faasflow.faastore.InvocationRecord;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.InvocationPhase;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One pass over the open invocation records (see {@link Coordinator#recover()}): for each, decides from its record,
 * and for a WorkerSP one also from its agents, whether it is resumed, admitted again or ended, and with which
 * reason. Runs on the coordinator's event loop.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private enum Kind { RESUMED, ADMITTED, AWAITING, COMPLETED, FAILED, TIMED_OUT, SKIPPED }

    private record Outcome(Kind kind, String detail) {
    }

    private final Coordinator coordinator;
    private final Records records;
    private final AgentClient agents;

    Recovery(Coordinator coordinator, Records records, AgentClient agents) {
        this.coordinator = coordinator;
        this.records = records;
        this.agents = agents;
    }

    Future<RecoverySummary> run() {
        return records.open().compose(ids -> {
            List<Future<Outcome>> each = new ArrayList<>();
            for (String id : ids) {
                if (!coordinator.knows(id)) {
                    each.add(one(id).otherwise(err -> new Outcome(Kind.SKIPPED, id + ": not recovered: " + err.getMessage())));
                }
            }
            return Future.join(each).map(all -> summary(each));
        });
    }

    private static RecoverySummary summary(List<Future<Outcome>> each) {
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        List<String> details = new ArrayList<>();
        for (Future<Outcome> f : each) {
            Outcome o = f.result();
            counts.merge(o.kind(), 1, Integer::sum);
            details.add(o.detail());
        }
        return new RecoverySummary(counts.getOrDefault(Kind.RESUMED, 0), counts.getOrDefault(Kind.ADMITTED, 0),
                counts.getOrDefault(Kind.AWAITING, 0), counts.getOrDefault(Kind.COMPLETED, 0),
                counts.getOrDefault(Kind.FAILED, 0), counts.getOrDefault(Kind.TIMED_OUT, 0), details);
    }

    private Future<Outcome> one(String id) {
        return records.get(id).compose(found -> {
            if (found.isEmpty()) {
                return records.forget(id).map(new Outcome(Kind.SKIPPED, id + ": its record is gone"));
            }
            InvocationRecord record = found.get();
            StoredInvocation stored;
            try {
                stored = Records.stored(record);
            } catch (Exception e) {
                LOG.warn("invocation {}: its record is unreadable and is dropped: {}", id, e.getMessage());
                return records.forget(id).map(new Outcome(Kind.SKIPPED, id + ": unreadable record dropped"));
            }
            if (record.phase().isFinal()) {
                return Future.succeededFuture(new Outcome(Kind.SKIPPED, id + ": already " + record.phase().label()));
            }
            return decide(record, stored);
        });
    }

    private Future<Outcome> decide(InvocationRecord record, StoredInvocation stored) {
        Running r = rebuild(stored);
        r.sinksReported.addAll(record.sinksReported());
        String id = r.id();
        long now = System.currentTimeMillis();
        if (r.sinksReported.size() >= r.plan.sinks()) {
            coordinator.endRecovered(r, InvocationPhase.SUCCEEDED, null, null);
            return done(Kind.COMPLETED, id + ": every sink had reported: Succeeded");
        }
        if (record.failed()) {
            coordinator.endRecovered(r, InvocationPhase.FAILED, record.failedFunction(), record.failure());
            return done(Kind.COMPLETED, id + ": a failure had been reported: Failed");
        }
        if (r.context.deadlineEpochMillis() <= now) {
            coordinator.endRecovered(r, InvocationPhase.TIMED_OUT, null, "invocation timed out after "
                    + r.options.timeoutMillis() + " ms: its deadline passed while no coordinator was running (recovered "
                    + (now - r.context.deadlineEpochMillis()) + " ms after it)");
            return done(Kind.TIMED_OUT, id + ": its deadline passed while the coordinator was down: TimedOut");
        }
        if (record.phase() == InvocationPhase.PENDING) {
            return admitAgain(r, id + ": had not started");
        }
        if (r.plan.controlMode() == ControlMode.MASTER_SP) {
            if (stored.restartable()) {
                return coordinator.clearAgents(r).compose(v -> admitAgain(r, id + ": MasterSP, its workflow retries every"
                        + " function: runs again from the start"));
            }
            coordinator.endRecovered(r, InvocationPhase.FAILED, null, "the coordinator restarted while it ran: under"
                    + " MasterSP an invocation's progress lives only in the coordinator, so it was lost (a workflow-wide"
                    + " retry policy, defaults.retry, would run it again from the start)");
            return done(Kind.FAILED, id + ": MasterSP progress lost: Failed");
        }
        return holders(r).compose(answers -> {
            List<String> holding = new ArrayList<>();
            List<String> unreachable = new ArrayList<>();
            List<String> endedOn = new ArrayList<>();
            answers.forEach((node, info) -> {
                if (info == null) {
                    unreachable.add(node);
                } else if (info.held()) {
                    holding.add(node);
                } else if (info.ended()) {
                    endedOn.add(node);
                }
            });
            if (!holding.isEmpty() || !unreachable.isEmpty()) {
                coordinator.resume(r);
                return done(Kind.RESUMED, id + ": held by " + (holding.isEmpty() ? "no agent that answered" : holding)
                        + (unreachable.isEmpty() ? "" : ", not answering: " + unreachable) + ": waited for again");
            }
            if (stored.restartable() && endedOn.isEmpty()) {
                // Its workflow retries every function, so its functions may run twice; no agent knows it (they
                // restarted), so it can start again under its id.
                return admitAgain(r, id + ": no agent holds it any more, and its workflow retries every function: runs"
                        + " again from the start");
            }
            coordinator.endRecovered(r, InvocationPhase.FAILED, null, "lost while the coordinator was down: no agent of"
                    + " its plan holds its state any more (asked " + String.join(", ", answers.keySet())
                    + "; they restarted or dropped it; a workflow-wide retry policy, defaults.retry, would run it again"
                    + " from the start)");
            return done(Kind.FAILED, id + ": no agent holds it any more: Failed");
        });
    }

    private Future<Outcome> admitAgain(Running r, String why) {
        coordinator.readmit(r);
        boolean waits = r.deployed == null;
        return done(waits ? Kind.AWAITING : Kind.ADMITTED, why + (waits ? ": waits for its workflow to be deployed again"
                : ": admitted again"));
    }

    private static Future<Outcome> done(Kind kind, String detail) {
        return Future.succeededFuture(new Outcome(kind, detail));
    }

    /** Asks every agent of its plan whether it still holds it: node → its answer, or null when it did not answer. */
    private Future<Map<String, InvocationInfo>> holders(Running r) {
        Map<String, InvocationInfo> answers = new java.util.LinkedHashMap<>();
        List<Future<Void>> asks = new ArrayList<>();
        r.plan.agents().forEach((node, url) -> {
            answers.put(node, null);
            asks.add(agents.invocation(url, r.id()).<Void>map(info -> {
                answers.put(node, info);
                return null;
            }).otherwise(err -> null));
        });
        return Future.join(asks).transform(ar -> Future.succeededFuture(answers));
    }

    /** The invocation as the record has it, addressed to this coordinator, with its deployment when that is still the one. */
    private Running rebuild(StoredInvocation s) {
        InvocationContext old = s.context();
        InvocationContext ctx = new InvocationContext(old.id(), old.workflow(), coordinator.url(), old.timeScale(),
                old.input(), old.deadlineEpochMillis(), old.planVersion(), old.resume());
        Deployed deployed = coordinator.deployedAs(old.workflow(), s.plan().planId());
        Running r = new Running(ctx, deployed, s.plan(), s.options(), null, s.createdAtMillis());
        r.runningSinceMillis = s.runningSinceMillis();
        coordinator.rememberRequest(s.options().requestId(), old.id());
        return r;
    }
}
