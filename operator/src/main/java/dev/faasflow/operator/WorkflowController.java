package dev.faasflow.operator;

import dev.faasflow.crds.FunctionPlacement;
import dev.faasflow.crds.PlanStatus;
import dev.faasflow.crds.Resources;
import dev.faasflow.crds.WorkflowManifests;
import dev.faasflow.crds.WorkflowResource;
import dev.faasflow.crds.WorkflowStatus;
import dev.faasflow.grouping.FunctionPlan;
import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.grouping.GroupingPlanner;
import dev.faasflow.grouping.NodeSpec;
import dev.faasflow.grouping.Plan;
import dev.faasflow.grouping.PlanningException;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.DataMode;
import dev.faasflow.workflow.Workflow;
import dev.faasflow.workflow.WorkflowException;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The Workflow reconcile logic, independent of the operator framework: validate with the workflow validator,
 * plan over the nodes where a ready agent runs, keep exactly the plan's group pods, install the workflow in
 * the engine, and describe all of it in the status.
 */
public final class WorkflowController {
    private static final Logger LOG = Logger.getLogger(WorkflowController.class);
    public static final String CONDITION_READY = "Ready";
    public static final String CONDITION_INVALID = "Invalid";

    private final KubernetesClient client;
    private final OperatorSettings settings;
    private final AgentDirectory agents;
    private final EngineDeployer engine;
    private final EventRecorder events;
    /** engine workflow name → what the engine has installed (plan version, agent addresses, agent start times). */
    private final Map<String, Installed> installed = new ConcurrentHashMap<>();
    /** engine workflow name → the install in progress. */
    private final Map<String, Attempt> attempts = new ConcurrentHashMap<>();
    /** node → when a plan first found it without a ready agent (the grace period counts from then). */
    private final Map<String, Long> missingSince = new ConcurrentHashMap<>();
    /** Wakes a Workflow's reconcile (an install finished, an idle workflow was invoked). */
    private final Consumer<ResourceID> wakeups;
    /** engine workflow name → the Workflow whose pools are shrunk while it is idle (an invocation wakes it). */
    private final Map<String, ResourceID> idle = new ConcurrentHashMap<>();
    /** Namespaces whose function pods' NetworkPolicy is in place (or was tried). */
    private final Set<String> policed = ConcurrentHashMap.newKeySet();
    /** engine workflow names whose pools are shrunk now (for the event when they grow back). */
    private final Set<String> shrunk = ConcurrentHashMap.newKeySet();

    /** What the engine has installed of one workflow. */
    private record Installed(String planId, Map<String, String> urls, Map<String, String> started, long sinceMillis) {
    }

    /** What an install puts in place: the plan version on these agents, as started at these times. */
    private record Target(String planId, Map<String, String> urls, Map<String, String> started) {
    }

    private record Attempt(Target target, CompletableFuture<Void> future, long startedMillis) {
        /** The failure of a finished attempt, or null when it succeeded. */
        Throwable failure() {
            try {
                future.join();
                return null;
            } catch (CompletionException | CancellationException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                return cause instanceof TimeoutException ? new TimeoutException("no answer within the deploy timeout")
                        : cause;
            }
        }
    }

    /** What a reconcile concluded: the status to write, and when to look again (null: on the next event). */
    public record Result(WorkflowStatus status, Duration retryAfter) {
    }

    public WorkflowController(KubernetesClient client, OperatorSettings settings, EngineDeployer engine,
                              EventRecorder events) {
        this(client, settings, engine, events, id -> {
        });
    }

    /** @param wakeups wakes a Workflow's reconcile when an install it started has finished */
    public WorkflowController(KubernetesClient client, OperatorSettings settings, EngineDeployer engine,
                              EventRecorder events, Consumer<ResourceID> wakeups) {
        this.wakeups = wakeups;
        this.client = client;
        this.settings = settings;
        this.agents = new AgentDirectory(client, settings);
        this.engine = engine;
        this.events = events;
        engine.onInvocationStart(this::invocationStarted);
    }

    /** An invocation started: a workflow whose pools were shrunk grows them back (on the engine's thread: no I/O). */
    private void invocationStarted(String engineName) {
        ResourceID id = idle.remove(engineName);
        if (id != null) {
            wakeups.accept(id);
        }
    }

    /** Whether the engine can start invocations of this workflow (it is Ready). */
    public boolean isDeployed(String engineName) {
        return installed.containsKey(engineName);
    }

    public Result reconcile(WorkflowResource wf) {
        String namespace = wf.getMetadata().getNamespace();
        String name = wf.getMetadata().getName();
        String engineName = Resources.engineName(namespace, name);
        long generation = wf.getMetadata().getGeneration() == null ? 0 : wf.getMetadata().getGeneration();
        WorkflowStatus old = wf.getStatus();
        LOG.debugf("reconcile %s/%s (status %s)", namespace, name, old == null ? "none" : old.getPhase());
        // The modes in effect: the spec's, else the operator's defaults. Shown in every status.
        DataMode dataMode = wf.getSpec() == null || wf.getSpec().getDataMode() == null ? settings.defaultDataMode()
                : wf.getSpec().getDataMode();
        ControlMode controlMode = wf.getSpec() == null || wf.getSpec().getControlMode() == null
                ? settings.defaultControlMode() : wf.getSpec().getControlMode();

        Workflow model;
        try {
            model = WorkflowManifests.toWorkflow(engineName, wf.getSpec());
        } catch (WorkflowException e) {
            String message = "invalid definition: " + WorkflowManifests.describe(e);
            int removed = deletePods(namespace, name, null);
            forget(engineName, old);
            WorkflowStatus s = status(WorkflowStatus.INVALID, generation, message, controlMode, dataMode);
            setCondition(s, old, CONDITION_INVALID, "True", "InvalidDefinition", message);
            setCondition(s, old, CONDITION_READY, "False", "InvalidDefinition", "the definition is invalid");
            if (changed(old, s)) {
                events.warning(wf, "Invalid", message + (removed > 0 ? " (" + removed + " pods removed)" : ""));
            }
            return new Result(s, null);
        }

        // The nodes to plan over: the plan in force while its nodes keep (or, within the grace period, regain) a
        // ready agent; a new plan only when the definition or settings changed, or a node of the plan is gone.
        List<AgentNode> ready = agents.readyAgents(wf.getSpec().getNodeSelector());
        Map<String, AgentNode> readyByNode = new LinkedHashMap<>();
        ready.forEach(a -> readyByNode.put(a.node(), a));
        long now = System.currentTimeMillis();
        readyByNode.keySet().forEach(missingSince::remove);
        String basis = basis(wf, controlMode, dataMode);
        Map<String, String> oldAgents = old == null || old.getPlan() == null || old.getPlan().getAgents() == null
                ? Map.of() : old.getPlan().getAgents();
        boolean samePlan = !oldAgents.isEmpty() && planId(basis, oldAgents.keySet()).equals(old.getPlan().getId());
        List<String> nodes;
        List<String> waitingFor = new ArrayList<>();
        Duration graceLeft = null;
        if (samePlan) {
            Set<String> used = new TreeSet<>();
            old.getPlan().getGroups().forEach(g -> used.add(g.getNode()));
            boolean keep = true;
            for (String node : used) {
                if (readyByNode.containsKey(node)) {
                    continue;
                }
                long since = missingSince.computeIfAbsent(node, n -> now);
                long left = since + settings.agentGraceSeconds() * 1000 - now;
                if (left <= 0) {
                    keep = false;
                } else {
                    waitingFor.add(node);
                    graceLeft = min(graceLeft, Duration.ofMillis(left));
                }
            }
            nodes = keep ? new ArrayList<>(oldAgents.keySet()) : new ArrayList<>(readyByNode.keySet());
            if (!keep) {
                waitingFor.clear();
                graceLeft = null;
            }
        } else {
            nodes = new ArrayList<>(readyByNode.keySet());
        }
        if (nodes.isEmpty()) {
            String message = "waiting for agents: no node runs a ready FaaSFlow agent (pods labelled "
                    + settings.agentSelector() + " with the " + Resources.ANNOTATION_AGENT_URL + " annotation)"
                    + (wf.getSpec().getNodeSelector() == null || wf.getSpec().getNodeSelector().isEmpty() ? ""
                    : " on nodes matching " + wf.getSpec().getNodeSelector());
            deletePods(namespace, name, null);
            forget(engineName, old);
            WorkflowStatus s = status(WorkflowStatus.PENDING, generation, message, controlMode, dataMode);
            setCondition(s, old, CONDITION_INVALID, "False", "Valid", "the definition is valid");
            setCondition(s, old, CONDITION_READY, "False", "NoAgents", message);
            s.setFunctionCount(model.size());
            if (changed(old, s)) {
                events.warning(wf, "NoAgents", message);
            }
            return new Result(s, null);
        }
        Map<String, String> agentUrls = new LinkedHashMap<>();
        for (String node : nodes) {
            AgentNode a = readyByNode.get(node);
            agentUrls.put(node, a != null ? a.url() : oldAgents.get(node));
        }
        String planId = planId(basis, nodes);
        Plan plan;
        try {
            plan = GroupingPlanner.plan(model, nodes.stream().map(n -> new NodeSpec(n, settings.slotsPerNode())).toList(),
                    new GroupingOptions(dataMode, GroupingOptions.DEFAULT_GROUP_LIMIT, settings.quotaBytes()));
        } catch (PlanningException | RuntimeException e) {
            String message = "cannot plan " + name + " over " + nodes.size() + " nodes: " + e.getMessage();
            WorkflowStatus s = status(WorkflowStatus.FAILED, generation, message, controlMode, dataMode);
            setCondition(s, old, CONDITION_INVALID, "False", "Valid", "the definition is valid");
            setCondition(s, old, CONDITION_READY, "False", "PlanningFailed", message);
            if (changed(old, s)) {
                events.warning(wf, "PlanningFailed", message);
            }
            return new Result(s, Duration.ofSeconds(30));
        }
        boolean replanned = old == null || old.getPlan() == null || !planId.equals(old.getPlan().getId());
        if (replanned) {
            events.normal(wf, "Planned", model.size() + " functions in " + plan.groups().size() + " groups on "
                    + plan.usedNodes().size() + " of " + nodes.size() + " agent nodes (" + String.join(", ", plan.usedNodes())
                    + "), " + controlMode.label() + ", data " + dataMode.label());
        }

        // Pods: the plan's, named by what they run, so unchanged groups keep theirs across re-plans. The first pod of
        // each pool is the one readiness needs; the others serve while the workflow is busy and go when it is idle.
        Installed installed = this.installed.get(engineName);
        boolean serving = installed != null && installed.planId().equals(planId);
        long idleAt = serving ? idleAt(engineName, installed) : Long.MAX_VALUE;
        boolean isIdle = idleAt <= now;
        List<Pod> firstPods = GroupPods.build(wf, model, plan, planId, agentUrls, settings, true);
        List<Pod> desired = isIdle ? firstPods : GroupPods.build(wf, model, plan, planId, agentUrls, settings, false);
        ensureNetworkPolicy(namespace);
        PodSync sync = syncPods(namespace, name, desired, serving ? engineName : null, planId, readyByNode.keySet(), now);
        PodHealth.Verdict pods = PodHealth.of(firstPods.stream().map(p -> p.getMetadata().getName()).toList(),
                sync.present());
        trackIdle(wf, engineName, isIdle, desired.size(), sync);
        if (sync.created() > 0 || sync.superseded() > 0 || sync.recreated() > 0) {
            events.normal(wf, sync.recreated() > 0 ? "PodsRecreated" : sync.superseded() > 0 ? "PodsReplaced" : "PodsCreated",
                    "created " + sync.created() + " group pods"
                            + (sync.recreated() > 0 ? ", replacing " + sync.recreated() + " failed or deleted ones" : "")
                            + (sync.superseded() > 0 ? ", deleted " + sync.superseded() + " pods of an older plan" : "")
                            + " (" + desired.stream().mapToInt(p -> p.getSpec().getContainers().size()).sum()
                            + " function containers)");
        }

        // The engine: the plan on its agents, asynchronously (a slow agent never holds this thread). A new version
        // goes in once its pods are ready, the older one serving meanwhile; an agent that restarted gets it again.
        Map<String, String> started = new LinkedHashMap<>();
        for (String node : plan.usedNodes()) {
            AgentNode a = readyByNode.get(node);
            started.put(node, a == null ? "" : a.started());
        }
        Map<String, String> usedUrls = new LinkedHashMap<>();
        plan.usedNodes().forEach(n -> usedUrls.put(n, agentUrls.get(n)));
        Target target = new Target(planId, usedUrls, started);
        Set<String> pushTo = null;
        boolean needed;
        if (installed == null || !installed.planId().equals(planId) || !installed.urls().equals(usedUrls)) {
            needed = pods.ready() || installed != null && installed.planId().equals(planId);
        } else {
            pushTo = new TreeSet<>();
            for (Map.Entry<String, String> e : started.entrySet()) {
                if (!e.getValue().isEmpty() && !e.getValue().equals(installed.started().get(e.getKey()))) {
                    pushTo.add(e.getKey());
                }
            }
            needed = !pushTo.isEmpty();
        }
        String deployProblem = null;
        boolean deploying = false;
        if (needed) {
            Attempt attempt = attempts.get(engineName);
            if (attempt == null || !attempt.target().equals(target)) {
                attempt = startDeploy(wf, engineName, model, plan, agentUrls, controlMode, target, pushTo);
            }
            if (!attempt.future().isDone()) {
                deploying = true;
                // What a Workflow that stays "installing the plan on the agents" was waiting for.
                LOG.debugf("workflow %s/%s: install of plan %s on %s pending for %d ms", namespace, name, planId,
                        pushTo == null ? usedUrls.keySet() : pushTo, System.currentTimeMillis() - attempt.startedMillis());
            } else {
                attempts.remove(engineName, attempt);
                Throwable err = attempt.failure();
                if (err == null) {
                    this.installed.put(engineName, new Installed(planId, usedUrls, started, now));
                    serving = true;
                } else {
                    deployProblem = "cannot install " + name + " on the agents: " + err.getMessage();
                }
            }
        }
        if (serving && sync.supersededKept() > 0) {
            // Delete the older plan's pods as soon as its last invocation ended.
            sync = syncPods(namespace, name, desired, engineName, planId, readyByNode.keySet(), now);
        }

        PlanStatus planStatus = planStatus(plan, planId, controlMode, agentUrls, desired);
        if (deployProblem != null) {
            WorkflowStatus s = status(WorkflowStatus.FAILED, generation, deployProblem, controlMode, dataMode);
            s.setPlan(planStatus);
            setCondition(s, old, CONDITION_INVALID, "False", "Valid", "the definition is valid");
            setCondition(s, old, CONDITION_READY, "False", "DeployFailed", deployProblem);
            if (changed(old, s)) {
                events.warning(wf, "DeployFailed", deployProblem);
            }
            return new Result(s, Duration.ofSeconds(10));
        }
        String summary = model.size() + " functions in " + plan.groups().size() + " groups on "
                + plan.usedNodes().size() + " nodes" + (isIdle ? "; idle: one function pod per image and node until the"
                + " next invocation" : "");
        String reason;
        String why;
        if (!waitingFor.isEmpty()) {
            reason = "AgentNotReady";
            why = "no ready agent on " + String.join(", ", waitingFor) + " (restarting?); re-planning without it in "
                    + Math.max(1, graceLeft.toSeconds()) + " s unless it comes back";
        } else if (!pods.ready()) {
            reason = pods.reason();
            why = pods.message();
        } else if (deploying || !serving) {
            reason = "Deploying";
            why = "installing the plan on the agents";
        } else {
            reason = null;
            why = null;
        }
        boolean isReady = reason == null;
        WorkflowStatus s = status(isReady ? WorkflowStatus.READY : WorkflowStatus.PENDING, generation,
                isReady ? summary : summary + "; not ready: " + why, controlMode, dataMode);
        s.setPlan(planStatus);
        s.setFunctionCount(model.size());
        s.setGroupCount(plan.groups().size());
        s.setNodeCount(plan.usedNodes().size());
        setCondition(s, old, CONDITION_INVALID, "False", "Valid", "the definition is valid");
        setCondition(s, old, CONDITION_READY, isReady ? "True" : "False", isReady ? "Deployed" : reason,
                isReady ? summary : why);
        if (!isReady && changed(old, s) && !"Deploying".equals(reason) && !"PodsNotReady".equals(reason)) {
            events.warning(wf, reason, why);
        }
        Duration again = graceLeft;
        if (serving && !isIdle && idleAt != Long.MAX_VALUE) {
            again = min(again, Duration.ofMillis(Math.max(1000, idleAt - now + 1000)));
        }
        if (sync.supersededKept() > 0) {
            again = min(again, Duration.ofSeconds(5));
        }
        if ("Deploying".equals(reason)) {
            // The install's end wakes the reconcile; a look every second as well, so a wakeup that is lost (it can
            // come while the event source is not taking events) costs a second, not the deploy timeout.
            again = min(again, Duration.ofSeconds(1));
        }
        return new Result(s, again);
    }

    /**
     * When the installed workflow becomes idle (epoch millis): the pool sizing's idle time after it was last busy or
     * installed; never when shrinking is off.
     */
    private long idleAt(String engineName, Installed installed) {
        long idleSeconds = settings.pools().idleSeconds();
        if (idleSeconds <= 0) {
            return Long.MAX_VALUE;
        }
        return Math.max(engine.lastActiveMillis(engineName), installed.sinceMillis()) + idleSeconds * 1000;
    }

    /** Remembers an idle workflow so that its next invocation wakes it, and says when its pools shrink or grow. */
    private void trackIdle(WorkflowResource wf, String engineName, boolean isIdle, int podCount, PodSync sync) {
        if (isIdle) {
            ResourceID id = ResourceID.fromResource(wf);
            idle.put(engineName, id);
            if (shrunk.add(engineName) && sync.shrunk() > 0) {
                events.normal(wf, "PodsScaledDown", "idle for " + settings.pools().idleSeconds() + " s: deleted "
                        + sync.shrunk() + " function pods, keeping " + podCount + " (one per image and node)");
            }
            // An invocation that started while this reconcile ran found nothing to wake: look again.
            if (engine.lastActiveMillis(engineName) + settings.pools().idleSeconds() * 1000 > System.currentTimeMillis()
                    && idle.remove(engineName) != null) {
                wakeups.accept(id);
            }
        } else {
            idle.remove(engineName);
            if (shrunk.remove(engineName) && sync.created() > 0) {
                events.normal(wf, "PodsScaledUp", "invoked again: " + sync.created() + " function pods created, "
                        + podCount + " in all");
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a == null || b.compareTo(a) < 0 ? b : a;
    }

    /** Starts installing a target in the engine; its end wakes the Workflow's reconcile. */
    private Attempt startDeploy(WorkflowResource wf, String engineName, Workflow model, Plan plan,
                                Map<String, String> agentUrls, ControlMode mode, Target target, Set<String> pushTo) {
        CompletableFuture<Void> future;
        try {
            future = engine.deploy(model, plan, agentUrls, mode, target.planId(), pushTo)
                    .orTimeout(settings.deployTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        Attempt attempt = new Attempt(target, future, System.currentTimeMillis());
        attempts.put(engineName, attempt);
        if (!future.isDone()) {
            ResourceID id = ResourceID.fromResource(wf);
            future.whenComplete((v, err) -> wakeups.accept(id));
        }
        return attempt;
    }

    /** What a pass over the pods did and found. */
    private record PodSync(Set<String> desiredNames, List<Pod> present, int created, int recreated, int superseded,
                           int supersededKept, int shrunk) {
    }

    /**
     * Creates the plan's missing pods; deletes failed or evicted ones (they are created again once gone: pods pinned
     * to a node are never rescheduled) and pods of an older plan once the plan they served is no longer needed.
     *
     * @param servingEngineName the engine name when this plan is the one installed (older plans' pods may go once
     *                          their invocations ended), else null (they keep serving until it is)
     */
    private PodSync syncPods(String namespace, String workflow, List<Pod> desired, String servingEngineName,
                             String planId, Set<String> readyNodes, long now) {
        Map<String, Pod> wanted = new LinkedHashMap<>();
        desired.forEach(p -> wanted.put(p.getMetadata().getName(), p));
        List<Pod> present = new ArrayList<>();
        Set<String> existing = new java.util.HashSet<>();
        int recreated = 0;
        int superseded = 0;
        int kept = 0;
        int shrunk = 0;
        long inFlightUntil = servingEngineName == null ? Long.MAX_VALUE : engine.inFlightUntil(servingEngineName, planId);
        for (Pod pod : listPods(namespace, workflow)) {
            String podName = pod.getMetadata().getName();
            Pod want = wanted.get(podName);
            existing.add(podName);
            if (want == null) {
                boolean nodeGone = !readyNodes.contains(pod.getSpec().getNodeName());
                if (pod.getMetadata().getDeletionTimestamp() == null && !nodeGone && inFlightUntil > now) {
                    kept++; // an older plan's invocations may still call its functions
                } else if (pod.getMetadata().getDeletionTimestamp() == null) {
                    deletePod(namespace, podName);
                    superseded++;
                    if (planId.equals(annotation(pod, Resources.ANNOTATION_PLAN))) {
                        shrunk++; // this plan's own pod beyond the first of its pool: the workflow is idle
                    }
                }
                continue;
            }
            if (pod.getMetadata().getDeletionTimestamp() == null && PodHealth.isDead(pod)) {
                LOG.infof("group pod %s/%s is %s (%s): deleting it to create it again", namespace, podName,
                        pod.getStatus().getPhase(), pod.getStatus().getReason());
                deletePod(namespace, podName);
                recreated++;
                continue;
            }
            relabel(pod, want);
            present.add(pod);
        }
        int created = 0;
        for (Pod pod : desired) {
            if (!existing.contains(pod.getMetadata().getName())) {
                try {
                    present.add(client.pods().inNamespace(namespace).resource(pod).create());
                    created++;
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 409) {
                        throw e;
                    }
                }
            }
        }
        return new PodSync(wanted.keySet(), present, created, recreated, superseded - shrunk, kept, shrunk);
    }

    /** Keeps a surviving pod's groups and plan annotations true for the plan in force (its content is the same). */
    private void relabel(Pod pod, Pod want) {
        String groups = want.getMetadata().getAnnotations().get(Resources.ANNOTATION_GROUPS);
        String plan = want.getMetadata().getAnnotations().get(Resources.ANNOTATION_PLAN);
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        if (annotations != null && groups.equals(annotations.get(Resources.ANNOTATION_GROUPS))
                && plan.equals(annotations.get(Resources.ANNOTATION_PLAN))) {
            return;
        }
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .edit(p -> {
                        p.getMetadata().getAnnotations().put(Resources.ANNOTATION_GROUPS, groups);
                        p.getMetadata().getAnnotations().put(Resources.ANNOTATION_PLAN, plan);
                        return p;
                    });
        } catch (KubernetesClientException e) {
            LOG.debugf("could not relabel pod %s: %s", pod.getMetadata().getName(), e.getMessage());
        }
    }

    /** Once per namespace: the policy that lets only the agents reach its function pods, unless turned off. */
    private void ensureNetworkPolicy(String namespace) {
        if (!settings.networkPolicy() || !policed.add(namespace)) {
            return;
        }
        try {
            if (client.network().v1().networkPolicies().inNamespace(namespace).withName(FunctionPodsPolicy.NAME).get() == null) {
                client.network().v1().networkPolicies().inNamespace(namespace)
                        .resource(FunctionPodsPolicy.build(namespace, settings)).create();
                LOG.infof("namespace %s: NetworkPolicy %s lets only the agents reach function pods", namespace,
                        FunctionPodsPolicy.NAME);
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                LOG.warnf("namespace %s: cannot create NetworkPolicy %s (function pods stay reachable from any pod): %s",
                        namespace, FunctionPodsPolicy.NAME, e.getMessage());
            }
        }
    }

    private static String annotation(Pod pod, String key) {
        Map<String, String> a = pod.getMetadata().getAnnotations();
        return a == null ? null : a.get(key);
    }

    private void deletePod(String namespace, String name) {
        client.pods().inNamespace(namespace).withName(name).delete();
    }

    /** On deletion: remove the group pods (owner references would too) and the workflow from the engine. */
    public void cleanup(WorkflowResource wf) {
        String namespace = wf.getMetadata().getNamespace();
        String name = wf.getMetadata().getName();
        int removed = deletePods(namespace, name, null);
        forget(Resources.engineName(namespace, name), wf.getStatus());
        LOG.infof("workflow %s/%s deleted: %d group pods removed", namespace, name, removed);
    }

    private void forget(String engineName, WorkflowStatus old) {
        attempts.remove(engineName);
        idle.remove(engineName);
        shrunk.remove(engineName);
        if (installed.remove(engineName) != null) {
            Map<String, String> urls = old != null && old.getPlan() != null ? old.getPlan().getAgents() : Map.of();
            engine.undeploy(engineName, urls == null ? Map.of() : urls);
        }
    }

    private List<Pod> listPods(String namespace, String workflow) {
        return client.pods().inNamespace(namespace)
                .withLabel(Resources.LABEL_WORKFLOW, workflow)
                .withLabel(Resources.LABEL_COMPONENT, Resources.COMPONENT_FUNCTION_GROUP)
                .list().getItems();
    }

    /** Deletes the workflow's group pods whose names are not in {@code keep} (null: all); returns how many. */
    private int deletePods(String namespace, String workflow, Set<String> keep) {
        int n = 0;
        for (Pod pod : listPods(namespace, workflow)) {
            if (keep == null || !keep.contains(pod.getMetadata().getName())) {
                client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).delete();
                n++;
            }
        }
        return n;
    }

    /**
     * A hash of what a plan is made from besides the nodes: the spec, the modes in effect and the settings that
     * shape the plan or its pods. Agent addresses and start times are not in it: an agent restart re-plans nothing.
     */
    String basis(WorkflowResource wf, ControlMode controlMode, DataMode dataMode) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(WorkflowManifests.JSON.writeValueAsBytes(wf.getSpec()));
            // The modes in effect and the quota: changing an operator default re-plans the Workflows it applies to.
            md.update(("|" + settings.slotsPerNode() + "|" + settings.functionImage() + "|" + settings.functionBasePort()
                    + "|" + controlMode.label() + "|" + dataMode.label() + "|" + settings.quotaBytes())
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plan id: the basis and the set of nodes planned over. */
    static String planId(String basis, java.util.Collection<String> nodes) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(basis.getBytes(StandardCharsets.UTF_8));
            for (String node : new TreeSet<>(nodes)) {
                md.update(("|" + node).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static PlanStatus planStatus(Plan plan, String planId, ControlMode mode, Map<String, String> agentUrls,
                                         List<Pod> pods) {
        PlanStatus p = new PlanStatus();
        p.setId(planId);
        p.setDataMode(plan.dataMode().label());
        p.setControlMode(mode.label());
        p.setAgents(new LinkedHashMap<>(agentUrls));
        p.setGroups(GroupPods.groupStatuses(plan, pods));
        p.setNodes(GroupPods.nodeStatuses(plan, pods));
        Map<String, FunctionPlacement> functions = new LinkedHashMap<>();
        for (Map.Entry<String, FunctionPlan> e : plan.functions().entrySet()) {
            FunctionPlan f = e.getValue();
            functions.put(e.getKey(), new FunctionPlacement(f.node(), f.group(), f.destination().label()));
        }
        p.setFunctions(functions);
        p.setCriticalPath(new ArrayList<>(plan.criticalPath()));
        p.setCriticalPathSeconds(Math.round(plan.criticalPathAfterSeconds() * 1000.0) / 1000.0);
        p.setStopReason(plan.stopReason());
        p.setQuotaBytes(plan.quotaBytes());
        p.setMemoryPlannedBytes(plan.memoryPlannedBytes());
        return p;
    }

    private static WorkflowStatus status(String phase, long generation, String message, ControlMode controlMode,
                                         DataMode dataMode) {
        WorkflowStatus s = new WorkflowStatus();
        s.setPhase(phase);
        s.setControlMode(controlMode);
        s.setDataMode(dataMode);
        s.setObservedGeneration(generation);
        s.setMessage(message);
        s.setConditions(new ArrayList<>());
        return s;
    }

    /** Adds a condition, keeping the old transition time when its status did not change. */
    private static void setCondition(WorkflowStatus s, WorkflowStatus old, String type, String status, String reason,
                                     String message) {
        Condition previous = old == null ? null : old.condition(type);
        String since = previous != null && status.equals(previous.getStatus()) && previous.getLastTransitionTime() != null
                ? previous.getLastTransitionTime() : Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        s.getConditions().add(new ConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(message).withLastTransitionTime(since)
                .withObservedGeneration(s.getObservedGeneration()).build());
    }

    /** Whether the outcome differs from what the status already says (events only on change). */
    static boolean changed(WorkflowStatus old, WorkflowStatus now) {
        return old == null || !Objects.equals(old.getPhase(), now.getPhase())
                || !Objects.equals(old.getMessage(), now.getMessage())
                || !Objects.equals(old.getObservedGeneration(), now.getObservedGeneration());
    }
}
