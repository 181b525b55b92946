package dev.faasflow.embedded;

import dev.faasflow.agent.auth.ClusterKey;
import com.fasterxml.jackson.databind.JsonNode;
import dev.faasflow.agent.Agent;
import dev.faasflow.agent.AgentConfig;
import dev.faasflow.agent.SlotStats;
import dev.faasflow.coordinator.Coordinator;
import dev.faasflow.coordinator.CoordinatorConfig;
import dev.faasflow.coordinator.InvalidInvocationException;
import dev.faasflow.coordinator.Shutdown;
import dev.faasflow.coordinator.InvocationHandle;
import dev.faasflow.coordinator.InvokeOptions;
import dev.faasflow.coordinator.gateway.ApiKeys;
import dev.faasflow.coordinator.gateway.Gateway;
import dev.faasflow.coordinator.gateway.GatewayAuth;
import dev.faasflow.coordinator.gateway.Namespaces;
import dev.faasflow.faastore.FaaStore;
import dev.faasflow.faastore.InProcessRemoteTier;
import dev.faasflow.faastore.RemoteTier;
import dev.faasflow.faastore.StoreConfig;
import dev.faasflow.faastore.redis.RedisConfig;
import dev.faasflow.faastore.redis.RedisRemoteTier;
import dev.faasflow.functions.FunctionRegistry;
import dev.faasflow.functions.FunctionServer;
import dev.faasflow.functions.StoreClients;
import dev.faasflow.functions.benchmarks.BenchmarkFunctions;
import dev.faasflow.grouping.GroupingOptions;
import dev.faasflow.grouping.GroupingPlanner;
import dev.faasflow.grouping.NodeSpec;
import dev.faasflow.grouping.Plan;
import dev.faasflow.grouping.PlanningException;
import dev.faasflow.httpserver.ServerTimeouts;
import dev.faasflow.httpserver.SlowClientGuard;
import dev.faasflow.workflow.ControlMode;
import dev.faasflow.workflow.DataMode;
import dev.faasflow.workflow.Workflow;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Several simulated nodes in one process: per node an agent (with its FaaStore local tier) and a function
 * runtime, each on its own loopback port, plus the coordinator. Agents, runtimes and coordinator talk
 * real HTTP; only the remote tier may be an in-process stand-in.
 */
public final class EmbeddedCluster implements Cluster {
    private final EmbeddedOptions options;
    private final Vertx vertx;
    private final RemoteTier remote;
    /** The key this engine's agents and coordinator share (their control calls need it, as on a cluster), or none. */
    private final ClusterKey clusterKey;
    /** The engine's invocation metrics, served at the gateway's /metrics. */
    private final io.micrometer.prometheus.PrometheusMeterRegistry meters =
            new io.micrometer.prometheus.PrometheusMeterRegistry(io.micrometer.prometheus.PrometheusConfig.DEFAULT);
    private final List<Agent> agents = new ArrayList<>();
    private final List<FunctionServer> runtimes = new ArrayList<>();
    private final List<StoreClients.Registration> registrations = new ArrayList<>();
    private final Map<String, String> agentUrls = new LinkedHashMap<>();
    private final List<NodeSpec> nodes = new ArrayList<>();
    /** The namespace the embedded gateway serves. */
    public static final String NAMESPACE = "default";
    private Coordinator coordinator;
    private String gatewayUrl;
    /** The key gateway calls carry (null when authentication is off); generated per run, like the cluster key. */
    private final String gatewayToken;
    private final InProcessFunctionTransport inProcessCalls = new InProcessFunctionTransport();

    private final java.util.function.Supplier<FunctionRegistry> registries;
    /** The user's function server process ({@code --functions}), or null. */
    private final FunctionServerProcess userFunctions;

    private EmbeddedCluster(EmbeddedOptions options, Vertx vertx, RemoteTier remote,
                            java.util.function.Supplier<FunctionRegistry> registries, FunctionServerProcess userFunctions) {
        this.options = options;
        this.userFunctions = userFunctions;
        this.registries = registries;
        this.vertx = vertx;
        this.remote = remote;
        this.clusterKey = options.authenticate() ? ClusterKey.generate() : ClusterKey.none();
        this.gatewayToken = options.authenticate() ? ApiKeys.generate() : null;
    }

    public static EmbeddedCluster start(EmbeddedOptions options) throws Exception {
        return start(options, BenchmarkFunctions::registry);
    }

    /** With the functions {@code registries} supplies (one registry per node's runtime). */
    public static EmbeddedCluster start(EmbeddedOptions options, java.util.function.Supplier<FunctionRegistry> registries)
            throws Exception {
        return start(options, registries, null);
    }

    /**
     * With the user's functions: {@code functions} (a directory of jars, a Python directory or a command, see
     * {@link FunctionServerProcess}) is started as a child process that serves every function of every node, and
     * stopped when the cluster closes.
     *
     * @throws FunctionServerProcess.StartFailure when it cannot be started or never answers its health check
     */
    public static EmbeddedCluster startWithFunctions(EmbeddedOptions options, String functions) throws Exception {
        FunctionServerProcess process = FunctionServerProcess.start(functions);
        try {
            return start(options, BenchmarkFunctions::registry, process);
        } catch (Exception | Error e) {
            process.close();
            throw e;
        }
    }

    private static EmbeddedCluster start(EmbeddedOptions options, java.util.function.Supplier<FunctionRegistry> registries,
                                         FunctionServerProcess userFunctions) throws Exception {
        // The remote tier first: an unreachable Redis then leaves no Vert.x threads behind.
        RemoteTier remote = options.redis() == null ? new InProcessRemoteTier() : RedisRemoteTier.connect(redisConfig(options.redis()));
        Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(64).setBlockedThreadCheckInterval(10_000));
        EmbeddedCluster cluster = new EmbeddedCluster(options, vertx, remote, registries, userFunctions);
        try {
            cluster.boot();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /**
     * One Redis serves all simulated nodes of a 2-core laptop; under raw mode's load a 4 MiB read can queue
     * behind dozens of others, so operations get a longer (still bounded) base timeout than the default. The
     * process cluster's processes connect the same way.
     */
    public static RedisConfig redisConfig(String url) {
        RedisConfig c = RedisConfig.parse(url);
        return c.withTimeouts(java.time.Duration.ofSeconds(15), c.connectTimeout(), c.retryAttempts(), c.retryInterval());
    }

    private void boot() throws Exception {
        // The simulated nodes share one heap, and at any moment most of them hold little: let each use up to
        // half of it rather than a seventh, or a big group (Cycles keeps 1.1 GB in one node) would spill.
        StoreConfig storeConfig = StoreConfig.defaults().withDataMode(DataMode.OPTIMIZED)
                .withNodeCapacityBytes(options.nodeMemoryBytes() > 0 ? options.nodeMemoryBytes()
                        : Runtime.getRuntime().maxMemory() / 2);
        if (options.quotaOverrideBytes() >= 0) {
            storeConfig = storeConfig.withQuotaOverrideBytes(options.quotaOverrideBytes());
        }
        for (int i = 0; i < options.nodes(); i++) {
            String node = "node-" + i;
            // The user's function server (one process shared by every node: each run request names its node's
            // store), else a runtime of our own per node.
            String runtimeUrl = userFunctions != null ? userFunctions.url() : startRuntime();
            FaaStore store = new FaaStore(storeConfig, remote);
            AgentConfig config = AgentConfig.embedded(node).withFunctionTimeoutMillis(options.functionTimeoutMillis())
                    .withColdStartMillis(options.coldStartMillis()).withSlots(options.slots()).withClusterKey(clusterKey);
            Agent agent = await(Agent.start(vertx, config, store, (wf, fn) -> runtimeUrl,
                    options.inProcessCalls() && userFunctions == null ? inProcessCalls : null)
                    .toCompletionStage().toCompletableFuture());
            agents.add(agent);
            agentUrls.put(node, agent.url());
            nodes.add(new NodeSpec(node, options.slots()));
            if (options.inProcessStore()) {
                registrations.add(StoreClients.registerInProcess(agent.storeUrl(), new InProcessStoreClient(store)));
            }
        }
        FaaStore coordinatorStore = new FaaStore(StoreConfig.defaults().withDataMode(DataMode.RAW), remote);
        CoordinatorConfig cc = CoordinatorConfig.embedded().withProbeWorkers(options.probeWorkers())
                .withFunctionTimeoutMillis(options.functionTimeoutMillis())
                .withAdmission(options.maxInFlight(), CoordinatorConfig.DEFAULT_MAX_WAITING).withClusterKey(clusterKey);
        coordinator = await(Coordinator.start(vertx, cc, coordinatorStore, meters).toCompletionStage().toCompletableFuture());
        // The same path as a restarted operator: finishes what the records left open (with Redis, a run before this).
        await(coordinator.recover());
        // The users' HTTP API, as the operator serves it, for the one namespace of the embedded engine.
        Router router = Router.router(vertx);
        GatewayAuth auth = gatewayToken == null ? GatewayAuth.open() : ApiKeys.parse(gatewayToken, null);
        new Gateway(coordinator, Namespaces.single(NAMESPACE), InvokeOptions.defaults(), auth).mount(router);
        // The web console on the same port, behind the same key.
        new dev.faasflow.console.Console(coordinator, Namespaces.single(NAMESPACE), auth).mount(router);
        // The engine's invocation metrics, as the operator serves them.
        router.get("/metrics").handler(rc -> rc.response().putHeader("content-type", "text/plain; version=0.0.4")
                .end(meters.scrape()));
        // Outside the gateway's paths too, a refusal is the gateway's JSON error, not the router's HTML page.
        for (int status : new int[] {400, 404, 405, 413, 500}) {
            router.errorHandler(status, rc -> rc.response().setStatusCode(status).putHeader("content-type", "application/json")
                    .end(new io.vertx.core.json.JsonObject().put("error", status == 404 ? "no such endpoint: "
                            + rc.request().method() + " " + shorten(rc.request().path()) + " (see /openapi)"
                            : status == 500 ? "internal error" : "bad request (" + status + ")").encode()));
        }
        HttpServer server = await(SlowClientGuard.create(vertx, new HttpServerOptions().setTcpNoDelay(true), router,
                ServerTimeouts.fromEnvironment()).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture());
        gatewayUrl = "http://127.0.0.1:" + server.actualPort();
        // The one place a user of the embedded engine learns the gateway's token (it is generated per run).
        org.slf4j.LoggerFactory.getLogger(EmbeddedCluster.class).info("gateway on {}{}; console: {}", gatewayUrl,
                gatewayToken == null ? " (no authentication)" : "; call it with Authorization: Bearer " + gatewayToken,
                consoleUrl());
    }

    private static String shorten(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private String startRuntime() throws java.io.IOException {
        FunctionServer runtime = new FunctionServer(registries.get());
        runtimes.add(runtime);
        String url = "http://127.0.0.1:" + runtime.start("127.0.0.1", 0);
        inProcessCalls.register(url, runtime.runtime());
        return url;
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    @Override
    public List<NodeSpec> nodes() {
        return List.copyOf(nodes);
    }

    @Override
    public Plan deploy(Workflow wf, GroupingOptions grouping, ControlMode mode) throws PlanningException, Exception {
        Plan plan = GroupingPlanner.plan(wf, nodes, grouping);
        await(coordinator.deploy(wf, plan, agentUrls, mode));
        return plan;
    }

    @Override
    public InvocationHandle invoke(String workflow, JsonNode input, InvokeOptions options) throws InvalidInvocationException {
        return coordinator.invoke(workflow, input, options);
    }

    @Override
    public java.util.concurrent.CompletableFuture<Boolean> delete(String id) {
        return coordinator.delete(id);
    }

    public Coordinator coordinator() {
        return coordinator;
    }

    /** Base URL of the gateway (docs/openapi.yaml), namespace {@link #NAMESPACE}. */
    /** The gateway, on loopback only. */
    public String gatewayUrl() {
        return gatewayUrl;
    }

    /** The web console, with the token in its address (the page keeps it and drops it from the address bar). */
    public String consoleUrl() {
        return gatewayUrl + "/console/" + (gatewayToken == null ? "" : "#token=" + gatewayToken);
    }

    /** The bearer token the gateway wants ({@code Authorization: Bearer <token>}), or null when authentication is off. */
    public String gatewayToken() {
        return gatewayToken;
    }

    public List<Agent> agents() {
        return List.copyOf(agents);
    }

    /** Base URLs of the nodes' function runtimes. */
    public List<String> runtimeUrls() {
        return runtimes.stream().map(r -> "http://127.0.0.1:" + r.port()).toList();
    }

    /**
     * The key control calls to this engine's agents and coordinator must carry (none when started without
     * authentication): for tools and tests that call them.
     */
    public ClusterKey clusterKey() {
        return clusterKey;
    }

    public RemoteTier remote() {
        return remote;
    }

    @Override
    public String remoteDescription() {
        return options.redis() == null ? "in-process stand-in (no --remote given)" : remote.describe();
    }

    @Override
    public int statesLeft() {
        int n = coordinator.inFlight();
        for (Agent a : agents) {
            n += a.activeInvocations();
        }
        return n;
    }

    /** Functions running right now on the nodes' runtimes (a timed-out one may still run until it returns). */
    public int functionsRunning() {
        int n = 0;
        for (FunctionServer r : runtimes) {
            n += r.runtime().running();
        }
        return n;
    }

    /** Late writes the nodes refused because their invocation had already ended. */
    public long lateWritesRefused() {
        long n = 0;
        for (Agent a : agents) {
            n += a.store().stats().lateWritesRefused();
        }
        return n;
    }

    /**
     * Per node, in node order, what its slot scheduler did (read on each agent's event loop, so each is exact):
     * the slots held and waiting now, their peaks, queue times.
     */
    public List<SlotStats> slotStats() throws Exception {
        List<SlotStats> all = new ArrayList<>();
        for (Agent a : agents) {
            java.util.concurrent.CompletableFuture<SlotStats> f = new java.util.concurrent.CompletableFuture<>();
            a.eventLoop().runOnContext(v -> f.complete(a.slots()));
            all.add(await(f));
        }
        return all;
    }

    @Override
    public long localBytesLeft() {
        long n = 0;
        for (Agent a : agents) {
            n += a.store().stats().nodeUsedBytes();
        }
        return n;
    }

    @Override
    public LeftBehind leftBehind(Collection<String> invocations) {
        return LeftBehind.count(statesLeft(), localBytesLeft(), remote, invocations);
    }

    @Override
    public void close() {
        registrations.forEach(StoreClients.Registration::close);
        runtimes.forEach(FunctionServer::close);
        if (userFunctions != null) {
            userFunctions.close();
        }
        Shutdown.close(vertx, remote);
    }
}
