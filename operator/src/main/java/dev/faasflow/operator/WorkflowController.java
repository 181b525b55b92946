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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    /** engine workflow name → the plan id installed in the engine. */
    private final Map<String, String> deployed = new ConcurrentHashMap<>();

    /** What a reconcile concluded: the status to write, and when to look again (null: on the next event). */
    public record Result(WorkflowStatus status, Duration retryAfter) {
    }

    public WorkflowController(KubernetesClient client, OperatorSettings settings, EngineDeployer engine,
                              EventRecorder events) {
        this.client = client;
        this.settings = settings;
        this.agents = new AgentDirectory(client, settings);
        this.engine = engine;
        this.events = events;
    }

    /** Whether the engine can start invocations of this workflow (it is Ready). */
    public boolean isDeployed(String engineName) {
        return deployed.containsKey(engineName);
    }

    public Result reconcile(WorkflowResource wf) {
        String namespace = wf.getMetadata().getNamespace();
        String name = wf.getMetadata().getName();
        String engineName = Resources.engineName(namespace, name);
        long generation = wf.getMetadata().getGeneration() == null ? 0 : wf.getMetadata().getGeneration();
        WorkflowStatus old = wf.getStatus();
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

        List<AgentNode> ready = agents.readyAgents(wf.getSpec().getNodeSelector());
        if (ready.isEmpty()) {
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

        List<NodeSpec> nodes = ready.stream().map(a -> new NodeSpec(a.node(), settings.slotsPerNode())).toList();
        Map<String, String> agentUrls = new LinkedHashMap<>();
        ready.forEach(a -> agentUrls.put(a.node(), a.url()));
        String planId = planId(wf, ready, controlMode, dataMode);
        Plan plan;
        try {
            plan = GroupingPlanner.plan(model, nodes,
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

        // Pods: exactly those of this plan.
        List<Pod> desired = GroupPods.build(wf, model, plan, planId, agentUrls, settings);
        Set<String> desiredNames = desired.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
        int removed = deletePods(namespace, name, desiredNames);
        Set<String> existing = listPods(namespace, name).stream().map(p -> p.getMetadata().getName())
                .collect(Collectors.toSet());
        int created = 0;
        for (Pod pod : desired) {
            if (!existing.contains(pod.getMetadata().getName())) {
                try {
                    client.pods().inNamespace(namespace).resource(pod).create();
                    created++;
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 409) {
                        throw e;
                    }
                }
            }
        }

        boolean replanned = old == null || old.getPlan() == null || !planId.equals(old.getPlan().getId());
        if (replanned) {
            events.normal(wf, "Planned", model.size() + " functions in " + plan.groups().size() + " groups on "
                    + plan.usedNodes().size() + " of " + nodes.size() + " agent nodes (" + String.join(", ", plan.usedNodes())
                    + "), " + controlMode.label() + ", data " + dataMode.label());
        }
        if (created > 0 || removed > 0) {
            events.normal(wf, removed > 0 ? "PodsReplaced" : "PodsCreated", "created " + created
                    + " group pods" + (removed > 0 ? ", deleted " + removed + " pods of an older plan" : "")
                    + " (" + desired.stream().mapToInt(p -> p.getSpec().getContainers().size()).sum() + " function containers)");
        }

        // The engine: install the plan on the agents and the coordinator (again after an operator restart).
        if (!planId.equals(deployed.get(engineName))) {
            try {
                engine.deploy(model, plan, agentUrls, controlMode).get(settings.deployTimeoutMillis(), TimeUnit.MILLISECONDS);
                deployed.put(engineName, planId);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while deploying " + engineName, e);
            } catch (ExecutionException | TimeoutException e) {
                String cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause().getMessage()
                        : "no answer within " + settings.deployTimeoutMillis() + " ms";
                String message = "cannot install " + name + " on the agents: " + cause;
                deployed.remove(engineName);
                WorkflowStatus s = status(WorkflowStatus.FAILED, generation, message, controlMode, dataMode);
                s.setPlan(planStatus(plan, planId, controlMode, agentUrls, desired));
                setCondition(s, old, CONDITION_INVALID, "False", "Valid", "the definition is valid");
                setCondition(s, old, CONDITION_READY, "False", "DeployFailed", message);
                if (changed(old, s)) {
                    events.warning(wf, "DeployFailed", message);
                }
                return new Result(s, Duration.ofSeconds(10));
            }
        }

        String message = model.size() + " functions in " + plan.groups().size() + " groups on "
                + plan.usedNodes().size() + " nodes";
        WorkflowStatus s = status(WorkflowStatus.READY, generation, message, controlMode, dataMode);
        s.setPlan(planStatus(plan, planId, controlMode, agentUrls, desired));
        s.setFunctionCount(model.size());
        s.setGroupCount(plan.groups().size());
        s.setNodeCount(plan.usedNodes().size());
        setCondition(s, old, CONDITION_INVALID, "False", "Valid", "the definition is valid");
        setCondition(s, old, CONDITION_READY, "True", "Deployed", message);
        return new Result(s, null);
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
        if (deployed.remove(engineName) != null) {
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

    /** A hash of everything a plan and its pods are made from. */
    String planId(WorkflowResource wf, List<AgentNode> ready, ControlMode controlMode, DataMode dataMode) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(WorkflowManifests.JSON.writeValueAsBytes(wf.getSpec()));
            // The modes in effect and the quota: changing an operator default re-plans the Workflows it applies to.
            md.update(("|" + settings.slotsPerNode() + "|" + settings.functionImage() + "|" + settings.functionBasePort()
                    + "|" + controlMode.label() + "|" + dataMode.label() + "|" + settings.quotaBytes())
                    .getBytes(StandardCharsets.UTF_8));
            for (AgentNode a : ready) {
                md.update(("|" + a.fingerprint()).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 10);
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
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
