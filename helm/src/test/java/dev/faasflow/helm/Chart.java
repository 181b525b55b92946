package dev.faasflow.helm;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/** The chart and the files around it, rendered with helm-java (in process, offline), parsed with Jackson. */
final class Chart {
    static final String RELEASE = "faasflow";
    static final String NAMESPACE = "faasflow";
    /** The generated CRDs inside the crds artifact. */
    static final List<String> CRD_RESOURCES = List.of(
            "META-INF/fabric8/workflows.faasflow.dev-v1.yml",
            "META-INF/fabric8/invocations.faasflow.dev-v1.yml");
    static final YAMLMapper YAML = new YAMLMapper();
    static final ObjectMapper JSON = new ObjectMapper();

    private Chart() {
    }

    /** The source tree's root (the surefire configuration passes it; else the module's parent). */
    static Path root() {
        String configured = System.getProperty("faasflow.root");
        Path root = configured != null ? Path.of(configured) : Path.of("..");
        return root.toAbsolutePath().normalize();
    }

    static Path chartDir() {
        return root().resolve("helm/faasflow");
    }

    /**
     * Renders the chart's templates as {@code helm template faasflow helm/faasflow -n faasflow --set k=v ...}. The
     * CRDs are not among them: they are in the chart's crds/ folder, which Helm applies on install (see
     * {@link #chartCrds()}).
     */
    static String renderText(Map<String, Object> values) {
        TemplateCommand template = new Helm(chartDir()).template().withName(RELEASE).withNamespace(NAMESPACE);
        for (Map.Entry<String, Object> e : values.entrySet()) {
            template = template.set(e.getKey(), e.getValue());
        }
        return template.call();
    }

    /** The chart's crds/ folder: file name → text. */
    static Map<String, String> chartCrds() {
        Map<String, String> crds = new LinkedHashMap<>();
        for (Path f : yamlFiles(chartDir().resolve("crds"))) {
            crds.put(f.getFileName().toString(), read(f));
        }
        return crds;
    }

    /** The generated CRDs in the crds artifact: file name → text. */
    static Map<String, String> generatedCrds() {
        Map<String, String> crds = new LinkedHashMap<>();
        for (String resource : CRD_RESOURCES) {
            crds.put(resource.substring(resource.lastIndexOf('/') + 1), resourceText(resource));
        }
        return crds;
    }

    static Rendered render(Map<String, Object> values) {
        return new Rendered(parseAll(renderText(values)));
    }

    /** Every YAML document of a multi-document text, empty ones left out. */
    static List<ObjectNode> parseAll(String yaml) {
        List<ObjectNode> docs = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && doc.isObject() && !doc.isEmpty()) {
                    docs.add((ObjectNode) doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    static String resourceText(String name) {
        try (InputStream in = Chart.class.getClassLoader().getResourceAsStream(name)) {
            Objects.requireNonNull(in, () -> name + " is not on the test class path (the crds artifact)");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode resourceYaml(String name) {
        return (ObjectNode) parseAll(resourceText(name)).get(0);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The objects of one rendering. */
    record Rendered(List<ObjectNode> objects) {
        List<ObjectNode> ofKind(String kind) {
            return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
        }

        ObjectNode get(String kind, String name) {
            return objects.stream()
                    .filter(o -> kind.equals(o.path("kind").asText()) && name.equals(o.path("metadata").path("name").asText()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in the rendered chart; have "
                            + objects.stream().map(o -> o.path("kind").asText() + "/" + o.path("metadata").path("name").asText()).toList()));
        }

        boolean has(String kind, String name) {
            return objects.stream().anyMatch(o -> kind.equals(o.path("kind").asText())
                    && name.equals(o.path("metadata").path("name").asText()));
        }

        /** kind → how many objects of it. */
        Map<String, Integer> kindCounts() {
            Map<String, Integer> counts = new LinkedHashMap<>();
            objects.forEach(o -> counts.merge(o.path("kind").asText(), 1, Integer::sum));
            return counts;
        }
    }

    /** The first container of a workload's pod template. */
    static JsonNode container(ObjectNode workload) {
        return workload.path("spec").path("template").path("spec").path("containers").get(0);
    }

    /** A container's env as name → the env entry. */
    static Map<String, JsonNode> env(JsonNode container) {
        Map<String, JsonNode> env = new LinkedHashMap<>();
        for (JsonNode e : container.path("env")) {
            JsonNode previous = env.put(e.path("name").asText(), e);
            if (previous != null) {
                throw new AssertionError("environment variable " + e.path("name").asText() + " is set twice");
            }
        }
        return env;
    }

    static String envValue(JsonNode container, String name) {
        JsonNode e = env(container).get(name);
        if (e == null) {
            throw new AssertionError(name + " is not in the environment of container " + container.path("name").asText());
        }
        return e.path("value").asText(null);
    }

    /** Rules of a Role or ClusterRole as comparable "group|resource|verb,verb" strings, one per resource. */
    static List<String> rules(ObjectNode role) {
        List<String> out = new ArrayList<>();
        for (JsonNode rule : role.path("rules")) {
            List<String> verbs = JSON.convertValue(rule.path("verbs"), new TypeReference<List<String>>() { });
            for (JsonNode group : rule.path("apiGroups")) {
                for (JsonNode resource : rule.path("resources")) {
                    out.add((group.asText().isEmpty() ? "core" : group.asText()) + "|" + resource.asText() + "|" + String.join(",", verbs.stream().sorted().toList()));
                }
            }
        }
        return out.stream().sorted().toList();
    }

    static ArrayNode array(JsonNode node) {
        return node instanceof ArrayNode a ? a : JSON.createArrayNode();
    }
}
