package dev.faasflow.processes;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The network of a namespaced process cluster: one bridge in the host's namespace and, per member (coordinator,
 * each node, the storage node), a network namespace joined to the bridge by a veth pair, with {@code tc netem}
 * delay on each member's link and a {@code tc tbf} rate limit on the storage node's link (both directions). Every
 * name it makes carries the cluster's tag ({@link ProcessCluster#tag()}), so a later run can find and remove what
 * a crashed one left ({@link Leftovers}). Needs root and iproute2.
 */
final class Network implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Network.class);
    /** First two octets of the clusters' /24 subnets; the third is picked free per cluster. */
    static final String NET = "10.231";
    private static final int FIRST_MEMBER_OCTET = 10;

    private final String tag;
    private final String subnet;
    private final String bridge;
    private final Map<String, Link> links = new LinkedHashMap<>();
    private boolean netem;
    private boolean bridgeMade;

    /** One member's link: its namespace, the host end of its veth pair and its address. */
    record Link(String member, String namespace, String hostEnd, String address, int index) {
    }

    private Network(String tag, String subnet) {
        this.tag = tag;
        this.subnet = subnet;
        this.bridge = "fp" + tag + "b";
    }

    /** Makes the bridge; members are added with {@link #add}. Anything made is removed again on failure. */
    static Network create(String tag) throws IOException {
        Network n = new Network(tag, freeSubnet(tag));
        try {
            Commands.run("ip", "link", "add", n.bridge, "type", "bridge");
            n.bridgeMade = true;
            Commands.run("ip", "addr", "add", n.hostAddress() + "/24", "dev", n.bridge);
            Commands.run("ip", "link", "set", n.bridge, "up");
            n.netem = probeNetem(tag);
            return n;
        } catch (IOException | RuntimeException e) {
            n.close();
            throw e;
        }
    }

    /** The host's own address on the bridge (the launcher reaches the members from there). */
    String hostAddress() {
        return subnet + ".1";
    }

    String bridge() {
        return bridge;
    }

    /** Whether this kernel has {@code tc netem} (some, such as small VM kernels, are built without it). */
    boolean hasNetem() {
        return netem;
    }

    Link link(String member) {
        Link l = links.get(member);
        if (l == null) {
            throw new IllegalArgumentException("no member '" + member + "' in this network: " + links.keySet());
        }
        return l;
    }

    /** A namespace for {@code member} joined to the bridge; returns its link (its address inside). */
    Link add(String member) throws IOException {
        int index = links.size();
        String ns = namespace(tag, member);
        String hostEnd = "fp" + tag + "h" + index;
        String nsEnd = "fp" + tag + "n" + index;
        String address = subnet + "." + (FIRST_MEMBER_OCTET + index);
        Link link = new Link(member, ns, hostEnd, address, index);
        links.put(member, link);
        Commands.run("ip", "netns", "add", ns);
        Commands.run("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", nsEnd);
        Commands.run("ip", "link", "set", hostEnd, "master", bridge);
        Commands.run("ip", "link", "set", hostEnd, "up");
        Commands.run("ip", "link", "set", nsEnd, "netns", ns);
        Commands.run("ip", "netns", "exec", ns, "ip", "link", "set", nsEnd, "name", "eth0");
        Commands.run("ip", "netns", "exec", ns, "ip", "addr", "add", address + "/24", "dev", "eth0");
        Commands.run("ip", "netns", "exec", ns, "ip", "link", "set", "eth0", "up");
        Commands.run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
        return link;
    }

    /**
     * Shapes a member's link: {@code delayMs} one way on what it sends (netem; half the round trip, so a hop
     * between two members costs the whole of it) and, when {@code rateMBps} > 0, a tbf rate on both directions
     * (MB = 10^6 bytes; 50 MB/s is 400 mbit).
     */
    void shape(String member, double delayMs, int rateMBps) throws IOException {
        Link l = link(member);
        List<String> inNs = List.of("ip", "netns", "exec", l.namespace());
        Commands.quietly(cat(inNs, List.of("tc", "qdisc", "del", "dev", "eth0", "root")).toArray(String[]::new));
        Commands.quietly("tc", "qdisc", "del", "dev", l.hostEnd(), "root");
        if (delayMs > 0 && !netem) {
            throw new IOException(noNetem());
        }
        if (delayMs > 0) {
            Commands.run(cat(inNs, List.of("tc", "qdisc", "add", "dev", "eth0", "root", "handle", "1:", "netem",
                    "delay", millis(delayMs), "limit", "100000")));
        }
        if (rateMBps > 0) {
            List<String> tbf = tbf(rateMBps);
            List<String> parent = delayMs > 0 ? List.of("parent", "1:1", "handle", "10:") : List.of("root");
            Commands.run(cat(inNs, cat(List.of("tc", "qdisc", "add", "dev", "eth0"), cat(parent, tbf))));
            Commands.run(cat(List.of("tc", "qdisc", "add", "dev", l.hostEnd(), "root"), tbf));
        }
    }

    /** A delay on one member's link beyond the configured one (a fault), or back to the configured one. */
    void delay(String member, double delayMs) throws IOException {
        if (!netem) {
            throw new IOException(noNetem());
        }
        Link l = link(member);
        Commands.run("ip", "netns", "exec", l.namespace(), "tc", "qdisc", "replace", "dev", "eth0", "root", "handle", "1:",
                "netem", "delay", millis(delayMs), "limit", "100000");
    }

    /** Cuts (or restores) a member's link: its veth's host end goes down, so what either side sends is dropped. */
    void setLinkUp(String member, boolean up) throws IOException {
        Commands.run("ip", "link", "set", link(member).hostEnd(), up ? "up" : "down");
    }

    static String noNetem() {
        return "this kernel has no tc netem (CONFIG_NET_SCH_NETEM), so links cannot be delayed here";
    }

    /** tbf at the rate, a burst of ~1 ms of traffic (at least 64 KB) and at most 100 ms of queue. */
    private static List<String> tbf(int rateMBps) {
        int burst = Math.max(65_536, rateMBps * 1000);
        return List.of("tbf", "rate", (rateMBps * 8) + "mbit", "burst", Integer.toString(burst), "latency", "100ms");
    }

    private static String millis(double ms) {
        return String.format(Locale.ROOT, "%.3fms", ms);
    }

    private static List<String> cat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    static String namespace(String tag, String member) {
        return "ffpc-" + tag + "-" + member;
    }

    /** Tries netem on a throw-away namespace's loopback. */
    private static boolean probeNetem(String tag) {
        String ns = namespace(tag, "probe");
        try {
            Commands.run("ip", "netns", "add", ns);
            Commands.run("ip", "netns", "exec", ns, "tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay", "1ms");
            return true;
        } catch (IOException e) {
            LOG.info("tc netem is not available: {}", e.getMessage());
            return false;
        } finally {
            Commands.quietly("ip", "netns", "del", ns);
        }
    }

    /** A /24 under {@value #NET} that no interface of this host uses yet, starting from one the tag picks. */
    private static String freeSubnet(String tag) throws IOException {
        String used = Commands.run("ip", "-4", "-o", "addr", "show");
        int start = Math.floorMod(tag.hashCode(), 250);
        for (int i = 0; i < 250; i++) {
            String candidate = NET + "." + ((start + i) % 250 + 1);
            if (!used.contains(" " + candidate + ".")) {
                return candidate;
            }
        }
        throw new IOException("no free /24 under " + NET + ".0.0/16 for the cluster's bridge");
    }

    /** Removes every namespace (and with it the veth pairs) and the bridge; safe to call twice. */
    @Override
    public void close() {
        for (Link l : links.values()) {
            Commands.quietly("ip", "link", "del", l.hostEnd());
            Commands.quietly("ip", "netns", "del", l.namespace());
        }
        links.clear();
        if (bridgeMade) {
            Commands.quietly("ip", "link", "del", bridge);
            bridgeMade = false;
        }
    }
}
