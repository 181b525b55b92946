package dev.faasflow.processes;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Removes what an earlier process cluster left when its launcher died without cleaning up (SIGKILL, a crash):
 * its processes, network namespaces, links and run directory. Each carries the cluster's tag, whose first part is
 * the launcher's pid in base 36; only what belongs to a launcher that no longer runs is touched, so clusters of
 * other launchers running at the same time are left alone.
 */
final class Leftovers {
    private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);
    /** {@code ffpc-<pid36>-<seq36>}: a cluster's name in namespaces, run directories and process markers. */
    private static final Pattern CLUSTER = Pattern.compile("ffpc-([0-9a-z]+)-([0-9a-z]+)");
    /** {@code fp<pid36>-<seq36>b} (bridge) or {@code fp<pid36>-<seq36>h<i>} (a veth's host end). */
    private static final Pattern LINK = Pattern.compile("fp([0-9a-z]+)-([0-9a-z]+)[bhn][0-9]*");

    private Leftovers() {
    }

    /** Cleans up after every dead launcher; returns what it removed, for a log line. */
    static List<String> clean(Path runRoot, boolean network) {
        List<String> removed = new ArrayList<>();
        killProcesses(removed);
        if (network) {
            removeNamespaces(removed);
            removeLinks(removed);
        }
        removeRunDirs(runRoot, removed);
        if (!removed.isEmpty()) {
            LOG.info("removed what earlier process clusters left behind: {}", removed);
        }
        return removed;
    }

    private static boolean launcherGone(String pid36) {
        try {
            long pid = Long.parseLong(pid36, 36);
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Processes whose command line names a cluster of a dead launcher (java markers, redis's directory). */
    private static void killProcesses(List<String> removed) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                String cmdline;
                try {
                    cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                } catch (IOException gone) {
                    continue;
                }
                Matcher m = CLUSTER.matcher(cmdline);
                if (m.find() && launcherGone(m.group(1))) {
                    long pid = Long.parseLong(p.getFileName().toString());
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                    removed.add("process " + pid);
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot list processes: {}", e.getMessage());
        }
    }

    private static void removeNamespaces(List<String> removed) {
        String list;
        try {
            list = Commands.run("ip", "netns", "list");
        } catch (IOException e) {
            return;
        }
        for (String line : list.lines().toList()) {
            String ns = line.split("\\s+")[0];
            Matcher m = CLUSTER.matcher(ns);
            if (ns.startsWith("ffpc-") && m.lookingAt() && launcherGone(m.group(1))) {
                try {
                    for (String pid : Commands.run("ip", "netns", "pids", ns).lines().toList()) {
                        ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                    }
                } catch (IOException | NumberFormatException ignored) {
                    // none left
                }
                Commands.quietly("ip", "netns", "del", ns);
                removed.add("namespace " + ns);
            }
        }
    }

    private static void removeLinks(List<String> removed) {
        String list;
        try {
            list = Commands.run("ip", "-o", "link", "show");
        } catch (IOException e) {
            return;
        }
        for (String line : list.lines().toList()) {
            String[] parts = line.split(":\\s+");
            if (parts.length < 2) {
                continue;
            }
            String name = parts[1].split("@")[0];
            Matcher m = LINK.matcher(name);
            if (m.matches() && launcherGone(m.group(1))) {
                Commands.quietly("ip", "link", "del", name);
                removed.add("link " + name);
            }
        }
    }

    private static void removeRunDirs(Path runRoot, List<String> removed) {
        if (!Files.isDirectory(runRoot)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(runRoot)) {
            for (Path d : dirs.toList()) {
                Matcher m = CLUSTER.matcher(d.getFileName().toString());
                if (m.matches() && launcherGone(m.group(1))) {
                    deleteTree(d);
                    removed.add("directory " + d);
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot list {}: {}", runRoot, e.getMessage());
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
