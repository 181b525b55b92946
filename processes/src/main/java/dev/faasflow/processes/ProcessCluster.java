package dev.faasflow.processes;

import dev.faasflow.agent.auth.ClusterKey;
import dev.faasflow.coordinator.gateway.ApiKeys;
import com.fasterxml.jackson.databind.JsonNode;
import dev.faasflow.coordinator.InvalidInvocationException;
import dev.faasflow.coordinator.InvocationHandle;
import dev.faasflow.coordinator.InvocationResult;
import dev.faasflow.coordinator.InvokeOptions;
import dev.faasflow.embedded.Cluster;
import dev.faasflow.embedded.EmbeddedCluster;
import dev.faasflow.embedded.EmbeddedOptions;
import dev.faasflow.embedded.LeftBehind;
import dev.faasflow.faastore.redis.RedisRemoteTier;
import dev.faasflow.faastore.redis.RedisConfig;
import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.grouping.GroupingPlanner;
import dev.faasflow.grouping.NodeSpec;
import dev.faasflow.grouping.Plan;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.InvocationPhase;
import dev.faasflow.workflow.Workflow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The multi-process launcher: each simulated worker node ({@link NodeMain}: agent, node memory, function runtime)
 * and the coordinator ({@link CoordinatorMain}: gateway, events, MasterSP) as its own process, and Redis on a
 * storage node, optionally each in its own network namespace on one bridge ({@link Network}) with netem delay on
 * every link and a tbf rate limit on the storage node's. {@link #start} waits until every member is ready; {@link
 * #close} (also a shutdown hook, so Ctrl-C too) stops every process and removes every namespace and link it made,
 * and a start first removes what a crashed earlier run left ({@link Leftovers}). The members' processes are
 * started with this JVM's class path. Faults act on members by name: {@code coordinator}, {@code node-0}…, {@code
 * storage}.
 */
public final class ProcessCluster implements Cluster {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessCluster.class);
    /** The system property every member's JVM carries: {@code ffpc-<tag>}, how leftovers are recognised. */
    public static final String MARKER_PROPERTY = "faasflow.cluster";
    public static final String COORDINATOR = "coordinator";
    public static final String STORAGE = "storage";
    /** More JVM options for the members, from the environment. */
    public static final String JAVA_OPTS_ENV = "FAASFLOW_PROCESS_JAVA_OPTS";
    /** Set (to anything) to keep the run directory, with every member's log, after the cluster stops. */
    public static final String KEEP_LOGS_ENV = "FAASFLOW_PROCESS_KEEP_LOGS";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final long READY_TIMEOUT_MILLIS = 120_000;
    private static final long LOST_GRACE_MILLIS = 10_000;
    private static final int AGENT_PORT = 7070;
    private static final int RUNTIME_PORT = 8081;
    private static final int GATEWAY_PORT = 8080;
    private static final int EVENTS_PORT = 7071;
    private static final int REDIS_PORT = 6379;

    private final ProcessOptions options;
    private final String tag;
    private final Path runDir;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final List<NodeSpec> nodes = new ArrayList<>();
    private final Map<String, String> agentUrls = new LinkedHashMap<>();
    /** The key this cluster's agents and coordinator share, handed to them in their environment. */
    private final ClusterKey clusterKey = ClusterKey.generate();
    /** The gateway's API key for this run (the coordinator process gets it in its environment). */
    private final String gatewayToken = ApiKeys.generate();
    private final Map<String, ClusterDeployment> deployments = new LinkedHashMap<>();
    private final ScheduledExecutorService polls = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "faasflow-process-cluster-polls");
        t.setDaemon(true);
        return t;
    });
    private final Thread shutdownHook = new Thread(this::close, "faasflow-process-cluster-shutdown");
    private Network network;
    private GatewayClient gateway;
    private String redisHost;
    private int redisPort;
    private String redisUrl;
    private volatile boolean closed;

    private ProcessCluster(ProcessOptions options, String tag, Path runDir) {
        this.options = options;
        this.tag = tag;
        this.runDir = runDir;
    }

    /** Where run directories go: the system's temporary directory. */
    static Path runRoot() {
        return Path.of(System.getProperty("java.io.tmpdir"), "faasflow-processes");
    }

    /**
     * Starts the cluster and waits until every member serves.
     *
     * @throws UnavailableHereException namespaces without root, or a round trip on a kernel without tc netem
     */
    public static ProcessCluster start(ProcessOptions options) throws IOException {
        if (options.netns() && !Commands.isRoot()) {
            throw new UnavailableHereException("--netns", "network namespaces and tc need root: run as root, or without --netns");
        }
        Leftovers.clean(runRoot(), Commands.isRoot());
        String tag = newTag();
        Path runDir = Files.createDirectories(runRoot().resolve("ffpc-" + tag));
        ProcessCluster cluster = new ProcessCluster(options, tag, runDir);
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        try {
            cluster.boot();
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Whether this process may make network namespaces and shape links (it runs as root). */
    public static boolean isRoot() {
        return Commands.isRoot();
    }

    /** This launcher's pid and a sequence number, in base 36: {@code kc8-1}. */
    static String newTag() {
        return Long.toString(ProcessHandle.current().pid(), 36) + "-" + Integer.toString(SEQUENCE.incrementAndGet(), 36);
    }

    /** The cluster's tag: the launcher's pid and a sequence number, in base 36, in every name it makes. */
    public String tag() {
        return tag;
    }

    private void boot() throws IOException {
        EmbeddedOptions engine = options.engine();
        boolean ownRedis = engine.redis() == null;
        String coordinatorHost = "127.0.0.1";
        Map<String, String> nodeHosts = new LinkedHashMap<>();
        if (options.netns()) {
            network = Network.create(tag);
            if (options.rttMs() > 0 && !network.hasNetem()) {
                throw new UnavailableHereException("--rtt-ms", Network.noNetem() + ": give --rtt-ms 0 to run without delay");
            }
            if (ownRedis) {
                redisHost = network.add(STORAGE).address();
                network.shape(STORAGE, options.rttMs() / 2, options.storageMbps());
            }
            coordinatorHost = network.add(COORDINATOR).address();
            network.shape(COORDINATOR, options.rttMs() / 2, 0);
            for (int i = 0; i < engine.nodes(); i++) {
                String node = "node-" + i;
                nodeHosts.put(node, network.add(node).address());
                network.shape(node, options.rttMs() / 2, 0);
            }
        } else {
            if (options.rttMs() > 0) {
                throw new IOException("a round trip between members needs network namespaces (netns)");
            }
            redisHost = "127.0.0.1";
            for (int i = 0; i < engine.nodes(); i++) {
                nodeHosts.put("node-" + i, "127.0.0.1");
            }
        }
        if (ownRedis) {
            redisPort = options.netns() ? REDIS_PORT : freePort();
            redisUrl = "redis://" + redisHost + ":" + redisPort;
            add(startRedis(redisHost, redisPort, namespaceOf(STORAGE), runDir, options.durableRedis()));
        } else {
            redisUrl = engine.redis();
            RedisConfig.parse(redisUrl);
        }
        for (Map.Entry<String, String> n : nodeHosts.entrySet()) {
            add(new Member(n.getKey(), nodeCommand(n.getKey(), n.getValue()), namespaceOf(n.getKey()),
                    runDir.resolve(n.getKey() + ".log"), true)).withEnv(ClusterKey.ENV, clusterKey.secret()).start();
            nodes.add(new NodeSpec(n.getKey(), options.slots()));
        }
        Member coordinator = add(new Member(COORDINATOR, coordinatorCommand(coordinatorHost), namespaceOf(COORDINATOR),
                runDir.resolve("coordinator.log"), true)).withEnv(ClusterKey.ENV, clusterKey.secret())
                .withEnv(ApiKeys.ENV, gatewayToken);
        coordinator.start();
        for (String node : nodeHosts.keySet()) {
            agentUrls.put(node, members.get(node).awaitReady(READY_TIMEOUT_MILLIS, null).get("agent").asText());
        }
        gateway = new GatewayClient(coordinator.awaitReady(READY_TIMEOUT_MILLIS, null).get("gateway").asText(),
                gatewayToken, clusterKey.secret());
        LOG.info("process cluster {} ready: {} nodes, gateway {}, remote tier {}", tag, nodes.size(), gateway.url(), redisUrl);
    }

    private Member add(Member m) {
        members.put(m.name(), m);
        return m;
    }

    private String namespaceOf(String member) {
        return network == null ? null : network.link(member).namespace();
    }

    /** The storage node's redis-server, started and answering PING (its data and log in {@code runDir}). */
    static Member startRedis(String host, int port, String namespace, Path runDir, boolean durable) throws IOException {
        Path dir = Files.createDirectories(runDir.resolve(STORAGE));
        List<String> c = new ArrayList<>(List.of("redis-server", "--bind", host, "--port", Integer.toString(port),
                "--protected-mode", "no", "--daemonize", "no", "--loglevel", "warning", "--dir", dir.toString()));
        if (durable) {
            c.addAll(List.of("--save", "", "--appendonly", "yes", "--appendfsync", "always"));
        } else {
            c.addAll(List.of("--save", "", "--appendonly", "no"));
        }
        Member redis = new Member(STORAGE, c, namespace, runDir.resolve("storage.log"), false);
        redis.start();
        try {
            redis.awaitReady(READY_TIMEOUT_MILLIS, () -> Resp.answersPing(host, port));
        } catch (IOException e) {
            redis.stop();
            throw e;
        }
        return redis;
    }

    private List<String> nodeCommand(String node, String host) throws IOException {
        EmbeddedOptions e = options.engine();
        int agentPort = options.netns() ? AGENT_PORT : freePort();
        int runtimePort = options.netns() ? RUNTIME_PORT : freePort();
        List<String> c = java(NodeMain.class, "-Xmx2g");
        c.addAll(List.of("--node", node, "--host", host, "--agent-port", Integer.toString(agentPort),
                "--runtime-port", Integer.toString(runtimePort), "--redis", redisUrl,
                "--node-memory-bytes", Long.toString(e.nodeMemoryBytes()),
                "--quota-bytes", Long.toString(e.quotaOverrideBytes()),
                "--function-timeout-ms", Long.toString(e.functionTimeoutMillis()),
                "--cold-start-ms", Long.toString(e.coldStartMillis())));
        if (options.runtimeAsProcess()) {
            c.addAll(List.of("--runtime", "process", "--runtime-log", runDir.resolve(node + "-runtime.log").toString()));
        }
        if (!e.inProcessStore()) {
            c.add("--store-over-http");
        }
        if (e.inProcessCalls()) {
            c.add("--in-process-calls");
        }
        return c;
    }

    private List<String> coordinatorCommand(String host) throws IOException {
        EmbeddedOptions e = options.engine();
        List<String> c = java(CoordinatorMain.class, "-Xmx1g");
        c.addAll(List.of("--host", host,
                "--gateway-port", Integer.toString(options.netns() ? GATEWAY_PORT : freePort()),
                "--events-port", Integer.toString(options.netns() ? EVENTS_PORT : freePort()),
                "--redis", redisUrl, "--state-dir", runDir.resolve(COORDINATOR).toString(),
                "--max-in-flight", Integer.toString(e.maxInFlight()),
                "--function-timeout-ms", Long.toString(e.functionTimeoutMillis())));
        if (!e.probeWorkers()) {
            c.add("--no-probe");
        }
        return c;
    }

    /** A JVM with this one's class path, the cluster's marker, a heap limit and the extra options. */
    private List<String> java(Class<?> main, String heap) {
        List<String> c = new ArrayList<>();
        c.add(ProcessHandle.current().info().command().orElse("java"));
        c.add("-D" + MARKER_PROPERTY + "=ffpc-" + tag);
        c.add(heap);
        c.add("-XX:+ExitOnOutOfMemoryError");
        c.addAll(options.javaOptions());
        String env = System.getenv(JAVA_OPTS_ENV);
        if (env != null && !env.isBlank()) {
            c.addAll(List.of(env.trim().split("\\s+")));
        }
        c.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        c.addAll(List.of("--exit-with", Long.toString(ProcessHandle.current().pid())));
        return c;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    // ---- the Cluster API ---------------------------------------------------------------------------

    @Override
    public List<NodeSpec> nodes() {
        return List.copyOf(nodes);
    }

    @Override
    public Plan deploy(Workflow wf, GroupingOptions grouping, ControlMode mode) throws Exception {
        Plan plan = GroupingPlanner.plan(wf, nodes, grouping);
        ClusterDeployment d = ClusterDeployment.of(wf, plan, agentUrls, mode);
        gateway.put("/v1/deployments/" + wf.name(), d);
        synchronized (deployments) {
            deployments.put(wf.name(), d);
        }
        return plan;
    }

    @Override
    public InvocationHandle invoke(String workflow, JsonNode input, InvokeOptions invokeOptions) throws InvalidInvocationException {
        String id;
        try {
            id = gateway.submit(workflow, input, invokeOptions).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InvalidInvocationException invalid) {
                throw invalid;
            }
            throw new IllegalStateException("could not submit an invocation of " + workflow + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        long lostAt = System.currentTimeMillis() + invokeOptions.timeoutMillis() + LOST_GRACE_MILLIS;
        CompletableFuture<InvocationResult> result = new CompletableFuture<>();
        poll(id, lostAt, 10, result);
        return new InvocationHandle(id, result);
    }

    /** Asks the gateway until the invocation has a final phase, backing off to 250 ms between questions. */
    private void poll(String id, long lostAt, long delayMillis, CompletableFuture<InvocationResult> result) {
        polls.schedule(() -> gateway.get(id).whenComplete((found, err) -> {
            if (err == null && found.isPresent()) {
                InvocationPhase phase = GatewayClient.phase(found.get());
                if (phase != null && phase.isFinal()) {
                    try {
                        result.complete(GatewayClient.result(found.get()));
                    } catch (IOException e) {
                        result.completeExceptionally(e);
                    }
                    return;
                }
            }
            if (System.currentTimeMillis() > lostAt || closed) {
                result.completeExceptionally(new IOException("invocation " + id + " has no final phase "
                        + LOST_GRACE_MILLIS / 1000 + " s past its deadline: lost"
                        + (err != null ? " (the gateway: " + err.getMessage() + ")" : "")));
                return;
            }
            poll(id, lostAt, Math.min(250, delayMillis * 2), result);
        }), delayMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletableFuture<Boolean> delete(String id) {
        return gateway.delete(id);
    }

    @Override
    public int statesLeft() {
        int n = 0;
        try {
            n += gateway.getJson("/v1/status").path("inFlight").asInt();
        } catch (IOException e) {
            LOG.warn("could not ask the coordinator how many invocations it holds: {}", e.getMessage());
        }
        for (JsonNode s : agentStatuses().values()) {
            n += s.path("activeInvocations").asInt();
        }
        return n;
    }

    @Override
    public long localBytesLeft() {
        long n = 0;
        for (JsonNode s : agentStatuses().values()) {
            n += s.path("store").path("nodeUsedBytes").asLong();
        }
        return n;
    }

    /** Counts the remote values of {@code invocations} through a client of its own, closed again. */
    @Override
    public LeftBehind leftBehind(Collection<String> invocations) {
        int states = statesLeft();
        long local = localBytesLeft();
        try (RedisRemoteTier remote = RedisRemoteTier.connect(EmbeddedCluster.redisConfig(redisUrl))) {
            return LeftBehind.count(states, local, remote, invocations);
        } catch (RuntimeException e) {
            return new LeftBehind(states, local, -1, "could not reach " + redisUrl + ": " + e.getMessage());
        }
    }

    /** Each reachable agent's {@code /v1/status}. */
    public Map<String, JsonNode> agentStatuses() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        agentUrls.forEach((node, url) -> {
            try {
                out.put(node, new GatewayClient(url, null, clusterKey.secret()).getJson("/v1/status"));
            } catch (IOException e) {
                LOG.warn("could not ask the agent of {} for its status: {}", node, e.getMessage());
            }
        });
        return out;
    }

    /**
     * Keys in the cluster's Redis other than the tombstones of ended invocations, which stay for the key TTL by
     * design (-1 when it cannot be asked).
     */
    public long redisKeys() {
        try {
            return Long.parseLong(redis("EVAL \"return #redis.call('KEYS', '*') - #redis.call('KEYS', '*:ended')\" 0"));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Up to {@code limit} of the keys {@link #redisKeys} counts, for saying what was left; empty when unreachable. */
    public List<String> redisKeyNames(int limit) {
        try {
            String names = redis("EVAL \"local out = {} for _, k in ipairs(redis.call('KEYS', '*')) do"
                    + " if not string.find(k, ':ended', 1, true) then out[#out + 1] = k end"
                    + " if #out >= tonumber(ARGV[1]) then break end end return table.concat(out, ' ')\" 0 " + limit);
            return names.isBlank() ? List.of() : List.of(names.split(" "));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private String redis(String command) throws IOException {
        String address = RedisConfig.parse(redisUrl).addresses().get(0).replaceFirst("^rediss?://", "");
        int colon = address.lastIndexOf(':');
        return Resp.command(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)), command, 5_000);
    }

    @Override
    public String remoteDescription() {
        if (options.engine().redis() != null) {
            return redisUrl + " (given)";
        }
        String where = options.netns() ? "on the storage node's namespace" : "a redis-server process on loopback";
        String link = options.storageMbps() > 0 ? String.format(Locale.ROOT, ", its link limited to %d MB/s", options.storageMbps()) : "";
        return redisUrl + " (" + where + link + ")";
    }

    /** How the members are laid out, for a person. */
    public String describe() {
        if (!options.netns()) {
            return nodes.size() + " node processes and a coordinator process on loopback";
        }
        return String.format(Locale.ROOT, "%d node processes and a coordinator process, each in its own network namespace "
                + "on bridge %s; %s", nodes.size(), network.bridge(), options.rttMs() > 0
                ? String.format(Locale.ROOT, "%.3f ms round trip between members (tc netem)", options.rttMs())
                : "no added delay" + (network.hasNetem() ? "" : " (this kernel has no tc netem)"));
    }

    public GatewayClient gateway() {
        return gateway;
    }

    public Map<String, String> agentUrls() {
        return Map.copyOf(agentUrls);
    }

    public List<String> memberNames() {
        return List.copyOf(members.keySet());
    }

    /** The pid of a member's process, for a person or a test. */
    public long pid(String member) {
        return member(member).pid();
    }

    /** The pid of a node's child function runtime (0 when it runs in the node's process). */
    public long runtimePid(String node) {
        return member(node).runtimePid();
    }

    public boolean hasNamespaces() {
        return network != null;
    }

    /** The network namespace a member runs in, or null without namespaces. */
    public String namespace(String member) {
        return member(member).namespace();
    }

    /** Whether links can be delayed here (namespaces, and a kernel with tc netem). */
    public boolean canDelayLinks() {
        return network != null && network.hasNetem();
    }

    /** One hop's round trip as measured from {@code from}'s namespace: a small request to {@code to}'s agent. */
    public record Hop(String from, String to, int count, double p50Ms, double p90Ms, double p99Ms, double maxMs) {
    }

    /**
     * Measures {@code count} sequential request/answer round trips from member {@code from} (run in its namespace,
     * if it has one) to node {@code to}'s agent.
     */
    public Hop measureHop(String from, String to, int count) throws IOException {
        List<String> c = new ArrayList<>();
        String ns = member(from).namespace();
        if (ns != null) {
            c.addAll(List.of("ip", "netns", "exec", ns));
        }
        c.addAll(List.of(ProcessHandle.current().info().command().orElse("java"), "-D" + MARKER_PROPERTY + "=ffpc-" + tag,
                "-cp", System.getProperty("java.class.path"), HopProbe.class.getName(),
                agentUrl(to) + "/v1/health", Integer.toString(count)));
        String out = Commands.run(c);
        for (String line : out.lines().toList()) {
            var fields = ProcessLines.parse(line, HopProbe.LINE);
            if (fields.isPresent()) {
                JsonNode f = fields.get();
                return new Hop(from, to, count, f.get("p50Ms").asDouble(), f.get("p90Ms").asDouble(),
                        f.get("p99Ms").asDouble(), f.get("maxMs").asDouble());
            }
        }
        throw new IOException("the hop probe printed no result: " + out.strip());
    }

    private String agentUrl(String node) {
        String url = agentUrls.get(node);
        if (url == null) {
            throw new IllegalArgumentException("no node '" + node + "' (nodes: " + agentUrls.keySet() + ")");
        }
        return url;
    }

    // ---- faults -------------------------------------------------------------------------------------

    /** Sends a signal to a member's process: {@code KILL}, {@code STOP}, {@code CONT}, {@code TERM}. */
    public void signal(String member, String signal) throws IOException {
        Member m = member(member);
        m.signal(signal);
        if ("KILL".equals(signal)) {
            m.awaitExit(10_000);
        }
    }

    /** SIGKILLs a node's child function runtime; the node starts it again. */
    public void killRuntime(String node) throws IOException {
        long pid = member(node).runtimePid();
        if (pid <= 0) {
            throw new IllegalStateException(node + " runs its function runtime in its own process (start with a child runtime)");
        }
        Commands.signal(pid, "KILL");
    }

    /**
     * Starts a member again (stopping it first if it still runs) and waits until it serves; a restarted node gets
     * every deployment again, as the operator redeploys to a restarted agent.
     */
    public void restart(String member) throws IOException {
        Member m = member(member);
        m.stop();
        m.start();
        if (STORAGE.equals(member)) {
            m.awaitReady(READY_TIMEOUT_MILLIS, () -> Resp.answersPing(redisHost, redisPort));
            return;
        }
        m.awaitReady(READY_TIMEOUT_MILLIS, null);
        if (!COORDINATOR.equals(member)) {
            List<ClusterDeployment> all;
            synchronized (deployments) {
                all = List.copyOf(deployments.values());
            }
            for (ClusterDeployment d : all) {
                gateway.put("/v1/deployments/" + d.deployment().name(), d);
            }
        }
    }

    /** Cuts a member's link (namespaces only): everything it sends or is sent is dropped until {@link #restoreLink}. */
    public void cutLink(String member) throws IOException {
        requireNetwork().setLinkUp(member, false);
    }

    /** Adds {@code delayMs} one way on a member's link (namespaces and netem) until {@link #restoreLink}. */
    public void delayLink(String member, double delayMs) throws IOException {
        requireNetwork().delay(member, options.rttMs() / 2 + delayMs);
    }

    /** Back to the configured link: up, with the configured delay and rate. */
    public void restoreLink(String member) throws IOException {
        Network n = requireNetwork();
        n.setLinkUp(member, true);
        n.shape(member, options.rttMs() / 2, STORAGE.equals(member) ? options.storageMbps() : 0);
    }

    private Network requireNetwork() {
        if (network == null) {
            throw new IllegalStateException("link faults need network namespaces");
        }
        return network;
    }

    private Member member(String name) {
        Member m = members.get(name);
        if (m == null) {
            throw new IllegalArgumentException("no member '" + name + "' (members: " + members.keySet() + ")");
        }
        return m;
    }

    /** Stops every process, then removes every namespace, link and the run directory. Safe to call twice. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        polls.shutdownNow();
        List<Member> all = new ArrayList<>(members.values());
        java.util.Collections.reverse(all);
        all.parallelStream().forEach(Member::stop);
        if (network != null) {
            network.close();
        }
        if (System.getenv(KEEP_LOGS_ENV) == null) {
            Leftovers.deleteTree(runDir);
        } else {
            LOG.info("the members' logs are kept in {}", runDir);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // close runs as the hook itself
        }
    }

    /**
     * This machine cannot give what was asked: namespaces without root, a delay without tc netem.
     *
     * @param option the command-line option that asked for it
     */
    public static final class UnavailableHereException extends IOException {
        private final String option;

        public UnavailableHereException(String option, String message) {
            super(message);
            this.option = option;
        }

        public String option() {
            return option;
        }
    }
}
