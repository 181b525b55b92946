package dev.faasflow.operator;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.faasflow.crds.FunctionSpec;
import dev.faasflow.crds.GroupStatus;
import dev.faasflow.crds.NodeStatus;
import dev.faasflow.crds.Resources;
import dev.faasflow.crds.WorkflowManifests;
import dev.faasflow.crds.WorkflowResource;
import dev.faasflow.grouping.GroupPlan;
import dev.faasflow.grouping.Plan;
import dev.faasflow.workflow.FunctionDef;
import dev.faasflow.workflow.FunctionKind;
import dev.faasflow.workflow.Workflow;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The function pods of a plan: per node, a pool of pods per image ({@link ImagePool}), pinned to the node
 * ({@code spec.nodeName}), each with one container that serves every function of that image on that node on one
 * port. So a 546-task workflow of 14 programs needs a pod per image per node, not a container per task.
 * Virtual and END functions get no pod: their node's agent evaluates them itself.
 */
public final class GroupPods {
    /** The user function containers run as (the images' own user does not matter). */
    static final long NON_ROOT = 65532L;
    /** A function container's resources when its Workflow names none: a request to be scheduled by, a memory cap. */
    static final ResourceRequirements DEFAULT_RESOURCES = new ResourceRequirementsBuilder()
            .addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("256Mi"))
            .addToLimits("memory", new Quantity("2Gi")).build();

    private GroupPods() {
    }

    /** Whether a function needs a container (virtual switches and END are run by the agent). */
    public static boolean needsContainer(FunctionDef f) {
        return f.kind() != FunctionKind.VIRTUAL && f.kind() != FunctionKind.END;
    }

    /**
     * The name of pod {@code index} of a pool: {@code <workflow>-<hash of what the pod runs>-<index>} (its node,
     * container, image, port, environment and the functions it serves). A re-plan that leaves a pool as it was leaves
     * its pods running under the same names; the plan id is not part of it, nor the groups' numbers, which a re-plan
     * may change (those are annotations, kept true by the controller).
     */
    public static String podName(String workflow, Pod pod, int index) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(WorkflowManifests.JSON.writeValueAsBytes(pod.getSpec()));
            Map<String, String> a = pod.getMetadata().getAnnotations();
            for (String key : List.of(Resources.ANNOTATION_ENGINE_WORKFLOW, Resources.ANNOTATION_IMAGE,
                    Resources.ANNOTATION_FUNCTION_PORTS)) {
                md.update(WorkflowManifests.JSON.writeValueAsBytes(a.get(key)));
            }
            String hash = HexFormat.of().formatHex(md.digest()).substring(0, 10);
            String base = workflow.length() > 48 ? workflow.substring(0, 48).replaceAll("-+$", "") : workflow;
            return base + "-" + hash + "-" + index;
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The pools of a plan: which pods serve which functions on which node. */
    public static List<ImagePool> pools(WorkflowResource resource, Workflow workflow, Plan plan, OperatorSettings settings) {
        Map<String, FunctionSpec> specs = new LinkedHashMap<>();
        resource.getSpec().getFunctions().forEach(f -> specs.put(f.getName(), f));
        String runtimeImage = resource.getSpec().getRuntimeImage() != null ? resource.getSpec().getRuntimeImage()
                : settings.functionImage();
        return ImagePool.of(workflow, plan, specs, runtimeImage, settings.slotsPerNode(), settings.pools().runsPerPod());
    }

    public static List<Pod> build(WorkflowResource resource, Workflow workflow, Plan plan, String planId,
                                  Map<String, String> agentUrls, OperatorSettings settings) {
        return build(resource, workflow, plan, planId, agentUrls, settings, false);
    }

    /** @param idle the workflow is idle: each pool keeps only its first pod ({@link ImagePool#podsWhen}) */
    public static List<Pod> build(WorkflowResource resource, Workflow workflow, Plan plan, String planId,
                                  Map<String, String> agentUrls, OperatorSettings settings, boolean idle) {
        String name = resource.getMetadata().getName();
        String namespace = resource.getMetadata().getNamespace();
        OwnerReference owner = new OwnerReferenceBuilder()
                .withApiVersion(Resources.API_VERSION).withKind(WorkflowResource.KIND)
                .withName(name).withUid(resource.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
        int port = settings.functionBasePort();
        List<Pod> pods = new ArrayList<>();
        for (ImagePool pool : pools(resource, workflow, plan, settings)) {
            List<EnvVar> env = new ArrayList<>();
            env.add(env("FAASFLOW_FUNCTION_PORT", Integer.toString(port)));
            env.add(env("FAASFLOW_FUNCTION_HOST", "0.0.0.0"));
            env.add(env("FAASFLOW_WORKFLOW", workflow.name()));
            if (pool.implementation() != null) {
                env.add(env("FAASFLOW_IMPLEMENTATION", pool.implementation()));
            }
            env.add(env("FAASFLOW_NODE", pool.node()));
            env.add(env("FAASFLOW_AGENT_URL", agentUrls.get(pool.node())));
            env.add(new EnvVarBuilder().withName("FAASFLOW_HOST_IP").withNewValueFrom().withNewFieldRef()
                    .withFieldPath("status.hostIP").endFieldRef().endValueFrom().build());
            ContainerBuilder c = new ContainerBuilder()
                    .withName(dnsLabel(pool.image().replaceAll(".*/", "").replaceAll(":.*", ""), 56))
                    .withImage(pool.containerImage())
                    .withEnv(env)
                    .addNewPort().withContainerPort(port).withProtocol("TCP").endPort()
                    .withNewReadinessProbe().withNewHttpGet().withPath("/v1/health")
                    .withPort(new IntOrString(port)).endHttpGet().withPeriodSeconds(5).endReadinessProbe()
                    // Hardened: no privilege, nothing written outside /tmp, no capability.
                    .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                    .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
                    .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount();
            c.withResources(pool.resources() != null ? pool.resources() : DEFAULT_RESOURCES);
            Map<String, Integer> ports = new LinkedHashMap<>();
            pool.functions().forEach(f -> ports.put(f, port));
            for (int i = 0; i < pool.podsWhen(idle); i++) {
                Map<String, String> labels = new LinkedHashMap<>();
                labels.put(Resources.LABEL_NAME, "faasflow-function");
                labels.put(Resources.LABEL_COMPONENT, Resources.COMPONENT_FUNCTION_GROUP);
                labels.put(Resources.LABEL_MANAGED_BY, Resources.OPERATOR_NAME);
                labels.put(Resources.LABEL_WORKFLOW, name);
                labels.put(Resources.LABEL_NODE, labelValue(pool.node()));
                Map<String, String> annotations = new LinkedHashMap<>();
                annotations.put(Resources.ANNOTATION_ENGINE_WORKFLOW, workflow.name());
                annotations.put(Resources.ANNOTATION_PLAN, planId);
                annotations.put(Resources.ANNOTATION_IMAGE, pool.image());
                annotations.put(Resources.ANNOTATION_GROUPS, String.join(",", pool.groups()));
                annotations.put(Resources.ANNOTATION_FUNCTION_PORTS, json(ports));
                Pod pod = new PodBuilder()
                        .withNewMetadata()
                        .withNamespace(namespace)
                        .withLabels(labels)
                        .withAnnotations(annotations)
                        .withOwnerReferences(owner)
                        .endMetadata()
                        .withNewSpec()
                        .withNodeName(pool.node())
                        .withContainers(c.build())
                        .withRestartPolicy("Always")
                        .withEnableServiceLinks(false)
                        // A function needs no Kubernetes API: no token; a fixed non-root user whatever the image says.
                        .withAutomountServiceAccountToken(false)
                        .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(NON_ROOT).withRunAsGroup(NON_ROOT)
                        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                        .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                        .withTerminationGracePeriodSeconds(10L)
                        .endSpec()
                        .build();
                pod.getMetadata().setName(podName(name, pod, i));
                pods.add(pod);
            }
        }
        return pods;
    }

    /** The functions a pod serves, from its annotation (empty if it has none). */
    public static Set<String> functionsOf(Pod pod) {
        String ports = pod.getMetadata().getAnnotations() == null ? null
                : pod.getMetadata().getAnnotations().get(Resources.ANNOTATION_FUNCTION_PORTS);
        if (ports == null) {
            return Set.of();
        }
        try {
            return WorkflowManifests.JSON.readValue(ports, new com.fasterxml.jackson.core.type.TypeReference<
                    LinkedHashMap<String, Integer>>() { }).keySet();
        } catch (JsonProcessingException e) {
            return Set.of();
        }
    }

    /** Each group of the plan with the pods serving its functions (its node's pods of their images). */
    public static List<GroupStatus> groupStatuses(Plan plan, List<Pod> pods) {
        Map<String, Set<String>> podsOfFunction = new LinkedHashMap<>();
        for (Pod pod : pods) {
            for (String fn : functionsOf(pod)) {
                podsOfFunction.computeIfAbsent(fn, k -> new LinkedHashSet<>()).add(pod.getMetadata().getName());
            }
        }
        List<GroupStatus> groups = new ArrayList<>();
        for (GroupPlan g : plan.groups()) {
            Set<String> serving = new LinkedHashSet<>();
            g.functions().forEach(f -> serving.addAll(podsOfFunction.getOrDefault(f, Set.of())));
            groups.add(new GroupStatus(g.id(), g.node(), g.slots(), g.functions(), new ArrayList<>(serving)));
        }
        return groups;
    }

    /** Per node of the plan, in the plan's order: its groups, the images of its pods, and how many pods. */
    public static List<NodeStatus> nodeStatuses(Plan plan, List<Pod> pods) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        plan.groups().forEach(g -> groups.computeIfAbsent(g.node(), k -> new ArrayList<>()).add(g.id()));
        Map<String, Set<String>> images = new LinkedHashMap<>();
        Map<String, Integer> count = new LinkedHashMap<>();
        for (Pod pod : pods) {
            String node = pod.getSpec().getNodeName();
            String image = pod.getMetadata().getAnnotations().get(Resources.ANNOTATION_IMAGE);
            images.computeIfAbsent(node, k -> new LinkedHashSet<>()).add(image);
            count.merge(node, 1, Integer::sum);
        }
        List<NodeStatus> nodes = new ArrayList<>();
        groups.forEach((node, ids) -> nodes.add(new NodeStatus(node, ids,
                new ArrayList<>(images.getOrDefault(node, Set.of())), count.getOrDefault(node, 0))));
        return nodes;
    }

    private static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    /** A DNS-1123 label of at most {@code max} characters from any text. */
    static String dnsLabel(String text, int max) {
        String base = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-")
                .replaceAll("^-+", "").replaceAll("-+$", "").replaceAll("-{2,}", "-");
        if (base.length() > max) {
            base = base.substring(0, max).replaceAll("-+$", "");
        }
        return base.isEmpty() ? "fn" : base;
    }

    /** A label value (at most 63 characters of [A-Za-z0-9_.-]). */
    static String labelValue(String text) {
        String s = text.replaceAll("[^A-Za-z0-9_.-]", "-");
        return s.length() > 63 ? s.substring(0, 63) : s;
    }

    private static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(Map<String, Integer> ports) {
        try {
            return WorkflowManifests.JSON.writeValueAsString(ports);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
