package dev.faasflow.helm;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The committed derived files are what the sources make: the chart's crds/ folder is the crds module's generated
 * CRDs, and k8s-manifests/ is the chart rendered with its default values. With {@code -Dfaasflow.regenerate=true}
 * this test writes them instead of comparing.
 */
class ManifestsUpToDateTest {
    static final String HOW_TO_REGENERATE =
            "regenerate with: ./mvnw -pl helm -am verify -Dfaasflow.regenerate=true (then commit the changes)";
    static final String HEADER = """
            # FaaSFlow for `kubectl apply -f k8s-manifests/`: the Helm chart helm/faasflow rendered with its default
            # values (release faasflow, namespace faasflow) except clusterKey.create=false and redis.auth.create=false:
            # a key or password committed here would be every installation's, so create yours first:
            #   kubectl -n faasflow create secret generic faasflow-cluster-key --from-literal=key="$(openssl rand -hex 32)"
            #   kubectl -n faasflow create secret generic faasflow-redis-auth --from-literal=password="$(openssl rand -hex 24)"
            # Generated: do not edit; change the chart and %s.
            """.formatted(HOW_TO_REGENERATE);

    /** File name in k8s-manifests/ → content, as the sources make them now. */
    static Map<String, String> expectedManifests() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("00-namespace.yaml", HEADER + """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: %s
                """.formatted(Chart.NAMESPACE));
        StringBuilder crds = new StringBuilder(HEADER);
        for (String text : Chart.chartCrds().values()) {
            crds.append("---\n").append(text.endsWith("\n") ? text : text + "\n");
        }
        files.put("01-crds.yaml", crds.toString());
        String rendered = Chart.renderText(Map.of("clusterKey.create", false, "redis.auth.create", false)).strip();
        files.put("02-faasflow.yaml", HEADER + (rendered.startsWith("---") ? "" : "---\n") + rendered + "\n");
        return files;
    }

    @Test
    void chartCrdsAndPlainManifestsAreUpToDate() throws IOException {
        boolean regenerate = Boolean.getBoolean("faasflow.regenerate");
        List<String> stale = new ArrayList<>();
        // 1. The chart's CRDs (the manifests below include them).
        sync(Chart.chartDir().resolve("crds"), "helm/faasflow/crds/", Chart.generatedCrds(), "not generated any more",
                regenerate, stale);
        // 2. The plain manifests.
        sync(Chart.root().resolve("k8s-manifests"), "k8s-manifests/", expectedManifests(), "not made by the chart",
                regenerate, stale);
        if (regenerate) {
            System.out.println(stale.isEmpty() ? "chart CRDs and k8s-manifests/ were up to date"
                    : "regenerated: " + String.join(", ", stale));
            return;
        }
        if (!stale.isEmpty()) {
            fail("out of date with the sources: " + String.join(", ", stale) + "; " + HOW_TO_REGENERATE);
        }
    }

    /**
     * Compares the files of {@code dir} with {@code expected} (file name to content), adding each that differs or is
     * missing to {@code stale}, and each YAML file there that is not expected, for {@code unexpectedWhy}; with
     * {@code regenerate} it writes the expected files and deletes the others instead.
     */
    private static void sync(Path dir, String shownAs, Map<String, String> expected, String unexpectedWhy,
                             boolean regenerate, List<String> stale) throws IOException {
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Path file = dir.resolve(e.getKey());
            if (!Files.exists(file) || !Files.readString(file).equals(e.getValue())) {
                stale.add(shownAs + e.getKey());
                if (regenerate) {
                    Files.createDirectories(dir);
                    Files.writeString(file, e.getValue());
                }
            }
        }
        if (Files.isDirectory(dir)) {
            for (Path file : Chart.yamlFiles(dir)) {
                if (!expected.containsKey(file.getFileName().toString())) {
                    stale.add(shownAs + file.getFileName() + " (" + unexpectedWhy + ")");
                    if (regenerate) {
                        Files.delete(file);
                    }
                }
            }
        }
    }

    @Test
    void plainManifestsHoldEverythingTheChartInstalls() {
        Map<String, String> files = expectedManifests();
        List<String> kinds = new ArrayList<>();
        files.values().forEach(text -> Chart.parseAll(text).forEach(o -> kinds.add(o.path("kind").asText())));
        assertEquals(1, kinds.stream().filter("Namespace"::equals).count());
        assertEquals(2, kinds.stream().filter("CustomResourceDefinition"::equals).count());
        assertTrue(kinds.containsAll(List.of("Deployment", "DaemonSet", "ServiceAccount", "ClusterRole",
                "ClusterRoleBinding", "Role", "RoleBinding", "Service")), kinds.toString());
        // kubectl apply -f <dir> takes files in name order: the namespace and CRDs first.
        assertEquals(List.of("00-namespace.yaml", "01-crds.yaml", "02-faasflow.yaml"), List.copyOf(files.keySet()));
    }
}
