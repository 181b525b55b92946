package dev.faasflow.grouping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Builds node lists: N identical nodes, or a nodes file with one "name slots" pair per line. */
public final class Nodes {
    private Nodes() {
    }

    public static List<NodeSpec> uniform(int count, int slots) {
        if (count <= 0) {
            throw new IllegalArgumentException("--nodes must be at least 1, got " + count);
        }
        List<NodeSpec> nodes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            nodes.add(new NodeSpec("node-" + i, slots));
        }
        return nodes;
    }

    /**
     * Reads a nodes file: one node per line, {@code name slots} (or {@code name: slots}); blank lines and
     * lines starting with # are ignored.
     */
    public static List<NodeSpec> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<NodeSpec> nodes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.replace(':', ' ').replace(',', ' ').trim().split("\\s+");
            String where = file + ":" + (i + 1) + ": ";
            if (parts.length != 2) {
                throw new IllegalArgumentException(where + "expected 'name slots', got '" + line + "'");
            }
            int slots;
            try {
                slots = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + "slots is not a whole number: '" + parts[1] + "'");
            }
            if (!names.add(parts[0])) {
                throw new IllegalArgumentException(where + "duplicate node '" + parts[0] + "'");
            }
            try {
                nodes.add(new NodeSpec(parts[0], slots));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage());
            }
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException(file + ": no nodes listed");
        }
        return nodes;
    }
}
