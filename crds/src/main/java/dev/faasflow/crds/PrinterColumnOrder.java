package dev.faasflow.crds;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A build step after the CRD generator: puts each CRD's {@code additionalPrinterColumns} in the order the
 * resource class declares its {@link AdditionalPrinterColumn}s (the generator sorts them by JSON path, which
 * would show AGE first). kubectl prints the columns in the CRD's order.
 *
 * <p>Run with the folder the generator wrote to ({@code target/classes/META-INF/fabric8}).
 */
public final class PrinterColumnOrder {
    private static final List<Class<? extends CustomResource<?, ?>>> RESOURCES =
            List.of(WorkflowResource.class, InvocationResource.class);
    private static final String LIST = "  - additionalPrinterColumns:";
    private static final String ITEM = "    - jsonPath: ";
    private static final String ITEM_BODY = "      ";

    private PrinterColumnOrder() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        for (Class<? extends CustomResource<?, ?>> type : RESOURCES) {
            String plural = type.getAnnotation(io.fabric8.kubernetes.model.annotation.Plural.class).value();
            Path file = dir.resolve(plural + "." + Resources.GROUP + "-v1.yml");
            List<String> declared = new ArrayList<>();
            for (AdditionalPrinterColumn c : type.getAnnotationsByType(AdditionalPrinterColumn.class)) {
                declared.add(c.name());
            }
            Files.writeString(file, reorder(Files.readString(file, StandardCharsets.UTF_8), declared, file),
                    StandardCharsets.UTF_8);
        }
    }

    /** The CRD's text with its printer columns in {@code declared} order (by name). */
    static String reorder(String crd, List<String> declared, Path where) {
        List<String> lines = new ArrayList<>(List.of(crd.split("\n", -1)));
        int start = lines.indexOf(LIST);
        if (start < 0) {
            throw new IllegalStateException(where + ": no additionalPrinterColumns");
        }
        Map<String, List<String>> items = new LinkedHashMap<>();
        int end = start + 1;
        while (end < lines.size() && lines.get(end).startsWith(ITEM)) {
            List<String> item = new ArrayList<>();
            item.add(lines.get(end++));
            while (end < lines.size() && lines.get(end).startsWith(ITEM_BODY)) {
                item.add(lines.get(end++));
            }
            String name = item.stream().filter(l -> l.startsWith(ITEM_BODY + "name: ")).findFirst()
                    .map(l -> l.substring((ITEM_BODY + "name: ").length()).replace("\"", ""))
                    .orElseThrow(() -> new IllegalStateException(where + ": a printer column without a name"));
            items.put(name, item);
        }
        if (!items.keySet().containsAll(declared) || items.size() != declared.size()) {
            throw new IllegalStateException(where + ": printer columns " + items.keySet() + " are not the declared "
                    + declared);
        }
        List<String> ordered = new ArrayList<>();
        declared.forEach(name -> ordered.addAll(items.get(name)));
        List<String> out = new ArrayList<>(lines.subList(0, start + 1));
        out.addAll(ordered);
        out.addAll(lines.subList(end, lines.size()));
        return String.join("\n", out);
    }
}
