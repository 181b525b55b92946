package dev.faasflow.operator;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.faasflow.crds.FunctionSpec;
import dev.faasflow.crds.Resources;
import dev.faasflow.crds.WorkflowManifests;
import dev.faasflow.crds.WorkflowResource;
import dev.faasflow.grouping.GroupPlan;
import dev.faasflow.grouping.Plan;
import dev.faasflow.workflow.FunctionDef;
import dev.faasflow.workflow.FunctionKind;
import dev.faasflow.workflow.Workflow;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The pods of a plan: one per function group, pinned to the group's node ({@code spec.nodeName}), with one
 * container per function. Virtual and END functions get no container: their node's agent evaluates them
 * itself. A group made only of such functions gets no pod.
 */
public final class GroupPods {
    private GroupPods() {
    }

    /** Whether a function needs a container (virtual switches and END are run by the agent). */
    public static boolean needsContainer(FunctionDef f) {
        return f.kind() != FunctionKind.VIRTUAL && f.kind() != FunctionKind.END;
    }

    /**
     * The pod name of a group: {@code <workflow>-<hash of what the pod runs>} (its node, containers, images, ports and
     * environment). A re-plan that leaves a group as it was leaves its pod running under the same name; the plan id
     * is not part of it, nor the group's number, which a re-plan may change.
     */
    public static String podName(String workflow, Pod pod) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(WorkflowManifests.JSON.writeValueAsBytes(pod.getSpec()));
            md.update(WorkflowManifests.JSON.writeValueAsBytes(pod.getMetadata().getAnnotations()
                    .get(Resources.ANNOTATION_ENGINE_WORKFLOW)));
            String hash = HexFormat.of().formatHex(md.digest()).substring(0, 10);
            String base = workflow.length() > 52 ? workflow.substring(0, 52).replaceAll("-+$", "") : workflow;
            return base + "-" + hash;
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<Pod> build(WorkflowResource resource, Workflow workflow, Plan plan, String planId,
                                  Map<String, String> agentUrls, OperatorSettings settings) {
        String name = resource.getMetadata().getName();
        String namespace = resource.getMetadata().getNamespace();
        Map<String, FunctionSpec> specs = new LinkedHashMap<>();
        resource.getSpec().getFunctions().forEach(f -> specs.put(f.getName(), f));
        OwnerReference owner = new OwnerReferenceBuilder()
                .withApiVersion(Resources.API_VERSION).withKind(WorkflowResource.KIND)
                .withName(name).withUid(resource.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
        String runtimeImage = resource.getSpec().getRuntimeImage() != null ? resource.getSpec().getRuntimeImage()
                : settings.functionImage();
        List<Pod> pods = new ArrayList<>();
        for (GroupPlan group : plan.groups()) {
            List<Container> containers = new ArrayList<>();
            Map<String, Integer> ports = new LinkedHashMap<>();
            Set<String> containerNames = new HashSet<>();
            for (String fn : group.functions()) {
                FunctionDef def = workflow.function(fn);
                if (!needsContainer(def)) {
                    continue;
                }
                int port = settings.functionBasePort() + ports.size();
                ports.put(fn, port);
                FunctionSpec spec = specs.get(fn);
                String image = spec != null && spec.getContainerImage() != null ? spec.getContainerImage() : runtimeImage;
                List<EnvVar> env = new ArrayList<>();
                env.add(env("FAASFLOW_FUNCTION_PORT", Integer.toString(port)));
                env.add(env("FAASFLOW_FUNCTION_HOST", "0.0.0.0"));
                env.add(env("FAASFLOW_WORKFLOW", workflow.name()));
                env.add(env("FAASFLOW_FUNCTION", fn));
                if (def.image() != null) {
                    env.add(env("FAASFLOW_IMPLEMENTATION", def.image()));
                }
                env.add(env("FAASFLOW_NODE", group.node()));
                env.add(env("FAASFLOW_AGENT_URL", agentUrls.get(group.node())));
                env.add(new EnvVarBuilder().withName("FAASFLOW_HOST_IP").withNewValueFrom().withNewFieldRef()
                        .withFieldPath("status.hostIP").endFieldRef().endValueFrom().build());
                ContainerBuilder c = new ContainerBuilder()
                        .withName(uniqueContainerName(fn, containerNames))
                        .withImage(image)
                        .withEnv(env)
                        .addNewPort().withContainerPort(port).withProtocol("TCP").endPort()
                        .withNewReadinessProbe().withNewHttpGet().withPath("/v1/health")
                        .withPort(new IntOrString(port)).endHttpGet().withPeriodSeconds(5).endReadinessProbe();
                if (spec != null && spec.getResources() != null) {
                    c.withResources(spec.getResources());
                }
                containers.add(c.build());
            }
            if (containers.isEmpty()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put(Resources.LABEL_NAME, "faasflow-function");
            labels.put(Resources.LABEL_COMPONENT, Resources.COMPONENT_FUNCTION_GROUP);
            labels.put(Resources.LABEL_MANAGED_BY, Resources.OPERATOR_NAME);
            labels.put(Resources.LABEL_WORKFLOW, name);
            labels.put(Resources.LABEL_GROUP, group.id());
            labels.put(Resources.LABEL_NODE, labelValue(group.node()));
            Map<String, String> annotations = new LinkedHashMap<>();
            annotations.put(Resources.ANNOTATION_ENGINE_WORKFLOW, workflow.name());
            annotations.put(Resources.ANNOTATION_PLAN, planId);
            annotations.put(Resources.ANNOTATION_FUNCTION_PORTS, json(ports));
            Pod pod = new PodBuilder()
                    .withNewMetadata()
                    .withNamespace(namespace)
                    .withLabels(labels)
                    .withAnnotations(annotations)
                    .withOwnerReferences(owner)
                    .endMetadata()
                    .withNewSpec()
                    .withNodeName(group.node())
                    .withContainers(containers)
                    .withRestartPolicy("Always")
                    .withEnableServiceLinks(false)
                    .withTerminationGracePeriodSeconds(10L)
                    .endSpec()
                    .build();
            pod.getMetadata().setName(podName(name, pod));
            pods.add(pod);
        }
        return pods;
    }

    private static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    /** A DNS-1123 label from a function name, unique within the pod. */
    static String uniqueContainerName(String function, Set<String> taken) {
        String base = function.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-")
                .replaceAll("^-+", "").replaceAll("-+$", "");
        if (base.isEmpty()) {
            base = "fn";
        }
        if (base.length() > 56) {
            base = base.substring(0, 56).replaceAll("-+$", "");
        }
        String candidate = base;
        for (int i = 2; !taken.add(candidate); i++) {
            candidate = base + "-" + i;
        }
        return candidate;
    }

    /** A label value (at most 63 characters of [A-Za-z0-9_.-]). */
    static String labelValue(String text) {
        String s = text.replaceAll("[^A-Za-z0-9_.-]", "-");
        return s.length() > 63 ? s.substring(0, 63) : s;
    }

    private static String json(Map<String, Integer> ports) {
        try {
            return WorkflowManifests.JSON.writeValueAsString(ports);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
