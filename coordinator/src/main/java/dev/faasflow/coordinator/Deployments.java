package dev.faasflow.coordinator;

import dev.faasflow.agent.AgentClient;
import dev.faasflow.agent.Deployment;
import dev.faasflow.agent.protocol.DeployRequest;
import dev.faasflow.agent.protocol.Json;
import dev.faasflow.faastore.FaaStore;
import dev.faasflow.grouping.Plan;
import dev.faasflow.grouping.PlanRenderer;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.FunctionDef;
import dev.faasflow.workflow.Workflow;
import dev.faasflow.workflow.WorkflowWriter;
import io.vertx.core.Context;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** The workflows that can be invoked: installed on every agent of their plan, with their control mode. */
final class Deployments {
    private final Map<String, Deployed> workflows = new ConcurrentHashMap<>();
    private final AgentClient agents;
    private final FaaStore store;
    private final Context context;

    Deployments(AgentClient agents, FaaStore store, Context context) {
        this.agents = agents;
        this.store = store;
        this.context = context;
    }

    Deployed get(String workflow) {
        return workflows.get(workflow);
    }

    /** The names of the workflows installed now, sorted. */
    java.util.List<String> names() {
        return workflows.keySet().stream().sorted().toList();
    }

    /**
     * Installs the workflow on the agents of the plan, then makes it invocable under {@code version}.
     *
     * @param version        the plan version (null: unversioned, replaces what agents hold)
     * @param onlyNodes      push to these nodes only (an agent that restarted lost its deployments), or null for
     *                       every node of the plan
     * @param retainPrevious epoch millis until which agents keep the versions this one supersedes (the latest
     *                       deadline of invocations in flight under them), 0 for none
     */
    CompletableFuture<Void> deploy(Workflow wf, Plan plan, Map<String, String> agentUrls, ControlMode mode,
                                   String version, Set<String> onlyNodes, long retainPrevious) {
        Deployment deployment;
        try {
            deployment = new Deployment(wf, plan, agentUrls, version);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        Map<String, String> images = new LinkedHashMap<>();
        for (FunctionDef f : wf.functions()) {
            if (f.image() != null) {
                images.put(f.name(), f.image());
            }
        }
        DeployRequest request = new DeployRequest(wf.name(), Json.MAPPER.valueToTree(WorkflowWriter.toTree(wf)), images,
                wf.maxContainers(), PlanRenderer.toJson(plan), agentUrls, version, retainPrevious);
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            List<Future<Void>> installs = new ArrayList<>();
            for (String node : plan.usedNodes()) {
                if (onlyNodes != null && !onlyNodes.contains(node)) {
                    continue;
                }
                installs.add(agents.deploy(agentUrls.get(node), request));
            }
            Future.all(installs).onComplete(ar -> {
                if (ar.failed()) {
                    done.completeExceptionally(ar.cause());
                } else {
                    store.defineWorkflow(wf);
                    workflows.put(wf.name(), new Deployed(deployment, mode, planId(request, mode)));
                    done.complete(null);
                }
            });
        });
        return done;
    }

    /** A digest of what was installed and how it runs: the same deployment always gets the same id. */
    static String planId(DeployRequest request, ControlMode mode) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(Json.MAPPER.writeValueAsBytes(request));
            sha.update(mode.label().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (Exception e) {
            throw new IllegalStateException("cannot digest the deployment of " + request.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes a workflow uninvocable and removes it from every agent given (its plan's agents when none are);
     * invocations already running finish.
     */
    CompletableFuture<Void> undeploy(String workflow, Map<String, String> agentUrls) {
        Deployed removed = workflows.remove(workflow);
        Map<String, String> targets = agentUrls != null && !agentUrls.isEmpty() ? agentUrls
                : removed == null ? Map.of() : removed.deployment().agents();
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            List<Future<Void>> calls = new ArrayList<>();
            targets.values().forEach(url -> calls.add(agents.undeploy(url, workflow)));
            Future.join(calls).onComplete(ar -> {
                if (ar.failed()) {
                    done.completeExceptionally(ar.cause());
                } else {
                    done.complete(null);
                }
            });
        });
        return done;
    }
}
