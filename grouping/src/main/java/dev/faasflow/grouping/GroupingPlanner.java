package dev.faasflow.grouping;

import dev.faasflow.workflow.DataMode;

import dev.faasflow.workflow.Condition;
import dev.faasflow.workflow.ConditionSyntaxException;
import dev.faasflow.workflow.DataSpec;
import dev.faasflow.workflow.Destination;
import dev.faasflow.workflow.FunctionDef;
import dev.faasflow.workflow.MemoryQuota;
import dev.faasflow.workflow.Workflow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The FaaSFlow graph scheduler: critical-path greedy merging of function groups with best-fit placement.
 * One instance plans one workflow; nothing is shared between plans.
 * <p>
 * Slots limit merging and placement, never admission: a node runs at most its slots of function
 * instances at once and queues the rest, so a workflow that needs more slots than the nodes offer still
 * plans. When it fits (the functions' scales add up to at most the nodes' capacity) the plan is the
 * artifact's: every function starts on the node its name hashes to and each merge moves the merged group
 * to the best-fitting node. When it does not, merging keeps the same rules except that a group only has
 * to fit one node's capacity, and the finished groups are then spread largest first, each onto the node
 * least loaded relative to its capacity; {@link Plan#nodeLoads()} says how oversubscribed each node is.
 */
public final class GroupingPlanner {
    /** Bytes per second the artifact assumes for the network when weighting an edge. */
    public static final double NETWORK_BYTES_PER_SECOND = 6_553_600.0;
    /** How much cheaper a same-group (in-memory) edge is. */
    public static final double MEMORY_SPEEDUP = 15.0;

    private final Workflow wf;
    private final List<NodeSpec> nodes;
    private final GroupingOptions options;
    private final int n;
    private final int[] topo;
    private final double[] runtime;
    private final double[] outWeight;
    private final long[] outBytes;
    private final int[] slots;

    // Mutable grouping state.
    private final int[] groupOf;
    private final List<List<Integer>> members = new ArrayList<>();
    private final int[] groupSlots;
    private final int[] groupNode;
    private final int[] usedSlots;
    private final TreeSet<Integer> nodesByFree;
    /** More slots needed than the nodes offer: merge first, place the groups afterwards to balance load. */
    private boolean oversubscribed;
    private double largestCapacity;
    private final boolean[] charged;
    private long memUsed;
    /** A pseudo node whose free slots are {@link #probeFree}: lets the ordered set answer "first with free >= x". */
    private static final int PROBE = -1;
    private double probeFree;
    private final long quota;

    private GroupingPlanner(Workflow wf, List<NodeSpec> nodes, GroupingOptions options) {
        this.wf = wf;
        this.nodes = List.copyOf(nodes);
        this.options = options;
        this.n = wf.size();
        this.topo = wf.topologicalOrder();
        this.runtime = new double[n];
        this.outWeight = new double[n];
        this.outBytes = new long[n];
        this.slots = new int[n];
        for (int i = 0; i < n; i++) {
            FunctionDef f = wf.function(i);
            runtime[i] = f.runtime();
            outBytes[i] = f.outputBytes();
            outWeight[i] = outBytes[i] / NETWORK_BYTES_PER_SECOND;
            slots[i] = f.scale();
        }
        this.groupOf = new int[n];
        this.groupSlots = new int[n];
        this.groupNode = new int[n];
        this.usedSlots = new int[nodes.size()];
        this.charged = new boolean[n];
        this.quota = options.quotaOverride() != null ? options.quotaOverride() : MemoryQuota.of(wf);
        this.nodesByFree = new TreeSet<>(Comparator.<Integer>comparingDouble(this::free).thenComparingInt(k -> k));
    }

    /** Plans {@code workflow} on {@code nodes}. Deterministic: the same input gives the same plan. */
    public static Plan plan(Workflow workflow, List<NodeSpec> nodes, GroupingOptions options) throws PlanningException {
        if (nodes.isEmpty()) {
            throw new PlanningException("no nodes to place workflow " + workflow.name() + " on");
        }
        return new GroupingPlanner(workflow, nodes, options).run();
    }

    private double free(int node) {
        if (node == PROBE) {
            return probeFree;
        }
        return nodes.get(node).capacity() - usedSlots[node];
    }

    private Plan run() throws PlanningException {
        checkScales();
        long needed = 0;
        double capacity = 0;
        for (int s : slots) {
            needed += s;
        }
        for (NodeSpec node : nodes) {
            capacity += node.capacity();
            largestCapacity = Math.max(largestCapacity, node.capacity());
        }
        oversubscribed = needed > capacity && options.dataMode() != DataMode.RAW;
        initGroups();
        if (!oversubscribed) {
            placeByHash();
        }
        double before = longestPath().length;
        int merges = 0;
        String stopReason;
        if (options.dataMode() == DataMode.RAW) {
            stopReason = "raw data mode: every function on its own, placed by hash";
        } else {
            while (true) {
                if (members.stream().filter(m -> !m.isEmpty()).count() <= 1) {
                    stopReason = "all functions are in one group";
                    break;
                }
                Path path = longestPath();
                String blocked = mergeOnPath(path);
                if (blocked != null) {
                    stopReason = blocked;
                    break;
                }
                merges++;
            }
        }
        if (oversubscribed) {
            placeBalanced();
        }
        Path finalPath = longestPath();
        return buildPlan(before, finalPath, merges, stopReason);
    }

    /** Bad input, not a lack of room: a function that needs more slots than any single node has can never run. */
    private void checkScales() throws PlanningException {
        NodeSpec largest = nodes.get(0);
        for (NodeSpec node : nodes) {
            if (node.slots() > largest.slots()) {
                largest = node;
            }
        }
        for (int i = 0; i < n; i++) {
            if (slots[i] > largest.slots()) {
                throw new PlanningException(String.format(Locale.ROOT,
                        "workflow %s: function '%s' has scale %d, more slots than any node has (the largest, %s, has %d); "
                                + "lower its scale or add a bigger node", wf.name(), wf.function(i).name(), slots[i],
                        largest.name(), largest.slots()));
            }
        }
    }

    /** Every function starts as its own group. */
    private void initGroups() {
        for (int i = 0; i < n; i++) {
            groupOf[i] = i;
            List<Integer> m = new ArrayList<>(1);
            m.add(i);
            members.add(m);
            groupSlots[i] = slots[i];
            groupNode[i] = -1;
        }
    }

    /** Each group on the node its first function's name hashes to, or the next with room; if none has room, the least loaded. */
    private void placeByHash() {
        for (int i = 0; i < n; i++) {
            int home = StableHash.bucket(wf.function(i).name(), nodes.size());
            int node = -1;
            for (int probe = 0; probe < nodes.size(); probe++) {
                int k = (home + probe) % nodes.size();
                if (free(k) >= slots[i]) {
                    node = k;
                    break;
                }
            }
            groupNode[i] = node >= 0 ? node : leastLoaded(slots[i]);
            usedSlots[groupNode[i]] += slots[i];
        }
        for (int k = 0; k < nodes.size(); k++) {
            nodesByFree.add(k);
        }
    }

    /**
     * Oversubscribed: the groups, largest first (then in plan order), each onto the node with the lowest
     * load relative to its capacity. A node's final load is then at most the cluster's average load plus the
     * last group it took, so on equal nodes loads differ by at most the largest group.
     */
    private void placeBalanced() {
        int[] position = topologicalPositions();
        List<Integer> groups = new ArrayList<>();
        for (int g = 0; g < n; g++) {
            if (!members.get(g).isEmpty()) {
                groups.add(g);
            }
        }
        groups.sort(Comparator.<Integer>comparingInt(g -> -groupSlots[g])
                .thenComparingInt(g -> firstPosition(g, position)));
        for (int g : groups) {
            int node = leastLoaded(groupSlots[g]);
            groupNode[g] = node;
            usedSlots[node] += groupSlots[g];
        }
    }

    private int firstPosition(int group, int[] position) {
        int first = Integer.MAX_VALUE;
        for (int f : members.get(group)) {
            first = Math.min(first, position[f]);
        }
        return first;
    }

    /**
     * The node with the lowest used/capacity among those whose capacity holds {@code need} (all nodes when
     * none does, then among those whose slots do); lowest index on ties.
     */
    private int leastLoaded(int need) {
        int best = -1;
        int rank = -1; // 2: capacity holds it, 1: slots hold it, 0: neither
        double bestLoad = Double.MAX_VALUE;
        for (int k = 0; k < nodes.size(); k++) {
            NodeSpec node = nodes.get(k);
            int r = node.capacity() >= need ? 2 : node.slots() >= need ? 1 : 0;
            double load = usedSlots[k] / node.capacity();
            if (r > rank || (r == rank && load < bestLoad)) {
                best = k;
                rank = r;
                bestLoad = load;
            }
        }
        return best;
    }

    private int[] topologicalPositions() {
        int[] position = new int[n];
        for (int i = 0; i < n; i++) {
            position[topo[i]] = i;
        }
        return position;
    }

    private record Path(double length, int[] functions) {
    }

    private double edgeWeight(int u, int v) {
        return groupOf[u] == groupOf[v] ? outWeight[u] / MEMORY_SPEEDUP : outWeight[u];
    }

    /** Longest path by DP in topological order; ties prefer the path with the larger maximum edge. */
    private Path longestPath() {
        double[] dist = new double[n];
        double[] maxEdge = new double[n];
        int[] prev = new int[n];
        Arrays.fill(prev, -1);
        for (int v : topo) {
            List<Integer> preds = wf.predecessorsOf(v);
            double best = 0;
            double bestEdge = 0;
            int bestPrev = -1;
            for (int u : preds) {
                double w = edgeWeight(u, v);
                double d = dist[u] + w;
                double e = Math.max(maxEdge[u], w);
                if (bestPrev < 0 || d > best || (d == best && e > bestEdge)) {
                    best = d;
                    bestEdge = e;
                    bestPrev = u;
                }
            }
            dist[v] = best + runtime[v];
            maxEdge[v] = bestEdge;
            prev[v] = bestPrev;
        }
        int end = topo[0];
        for (int v : topo) {
            if (dist[v] > dist[end] || (dist[v] == dist[end] && maxEdge[v] > maxEdge[end])) {
                end = v;
            }
        }
        Deque<Integer> path = new ArrayDeque<>();
        for (int v = end; v >= 0; v = prev[v]) {
            path.push(v);
        }
        return new Path(dist[end], path.stream().mapToInt(Integer::intValue).toArray());
    }

    private enum Blocker { SAME_GROUP, GROUP_LIMIT, CAPACITY, QUOTA }

    /** Merges the heaviest mergeable edge of the path; returns null if merged, else why nothing could. */
    private String mergeOnPath(Path path) {
        int[] p = path.functions();
        if (p.length < 2) {
            return "the critical path is a single function";
        }
        // The artifact walks the path from its end back to the start and sorts those edges heaviest first
        // with a stable sort, so among equal weights the edge nearest the end is tried first.
        Integer[] edges = new Integer[p.length - 1];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = edges.length - 1 - i;
        }
        Arrays.sort(edges, (a, b) -> Double.compare(edgeWeight(p[b], p[b + 1]), edgeWeight(p[a], p[a + 1])));
        Map<Blocker, Integer> blocked = new LinkedHashMap<>();
        for (int e : edges) {
            int u = p[e];
            int v = p[e + 1];
            Blocker why = tryMerge(u, v);
            if (why == null) {
                return null;
            }
            blocked.merge(why, 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder("no edge of the critical path can merge:");
        blocked.forEach((why, count) -> sb.append(' ').append(count).append(' ').append(switch (why) {
            case SAME_GROUP -> "already grouped";
            case GROUP_LIMIT -> "over the group limit of " + options.groupLimit();
            case CAPACITY -> oversubscribed ? "larger than a node's capacity" : "no node with enough free slots";
            case QUOTA -> "over the memory quota";
        }).append(','));
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }

    private Blocker tryMerge(int u, int v) {
        int gu = groupOf[u];
        int gv = groupOf[v];
        if (gu == gv) {
            return Blocker.SAME_GROUP;
        }
        if (members.get(gu).size() + members.get(gv).size() > options.groupLimit()) {
            return Blocker.GROUP_LIMIT;
        }
        int need = groupSlots[gu] + groupSlots[gv];
        int target;
        if (oversubscribed) {
            // Placed after merging: a group only has to fit on one node by itself.
            if (need > largestCapacity) {
                return Blocker.CAPACITY;
            }
            target = -1;
        } else {
            target = bestFit(gu, gv, need);
            if (target < 0) {
                return Blocker.CAPACITY;
            }
        }
        if (!charged[u] && memUsed + outBytes[u] > quota) {
            return Blocker.QUOTA;
        }
        if (!charged[u]) {
            charged[u] = true;
            memUsed += outBytes[u];
        }
        merge(gu, gv, target);
        return null;
    }

    /** The node with the least free slots that still fits both groups once they are lifted off their nodes. */
    private int bestFit(int gu, int gv, int need) {
        int nu = groupNode[gu];
        int nv = groupNode[gv];
        int best = -1;
        double bestFree = Double.MAX_VALUE;
        for (int k : nu == nv ? new int[] {nu} : new int[] {nu, nv}) {
            double f = free(k) + (nu == k ? groupSlots[gu] : 0) + (nv == k ? groupSlots[gv] : 0);
            if (f >= need && (f < bestFree || (f == bestFree && k < best))) {
                best = k;
                bestFree = f;
            }
        }
        // Other nodes: the smallest free >= need, lowest index on ties.
        for (Integer k = ceilingNode(need); k != null; k = nodesByFree.higher(k)) {
            if (k == nu || k == nv) {
                continue;
            }
            double f = free(k);
            if (f < bestFree || (f == bestFree && k < best)) {
                best = k;
            }
            break;
        }
        return best;
    }

    private Integer ceilingNode(int need) {
        probeFree = need;
        return nodesByFree.ceiling(PROBE);
    }

    private void merge(int gu, int gv, int target) {
        int keep = members.get(gu).size() >= members.get(gv).size() ? gu : gv;
        int gone = keep == gu ? gv : gu;
        if (target < 0) {
            join(keep, gone);
            return;
        }
        int[] touched = {groupNode[gu], groupNode[gv], target};
        for (int k : touched) {
            nodesByFree.remove(k);
        }
        usedSlots[groupNode[gu]] -= groupSlots[gu];
        usedSlots[groupNode[gv]] -= groupSlots[gv];
        join(keep, gone);
        groupNode[keep] = target;
        usedSlots[target] += groupSlots[keep];
        for (int k : touched) {
            nodesByFree.add(k);
        }
    }

    private void join(int keep, int gone) {
        for (int f : members.get(gone)) {
            groupOf[f] = keep;
        }
        members.get(keep).addAll(members.get(gone));
        members.get(gone).clear();
        groupSlots[keep] += groupSlots[gone];
        groupSlots[gone] = 0;
    }

    private Plan buildPlan(double before, Path finalPath, int merges, String stopReason) {
        // Groups in the order their first function appears topologically, named g0, g1, ...
        int[] position = topologicalPositions();
        List<Integer> groupIds = new ArrayList<>();
        for (int g = 0; g < n; g++) {
            if (!members.get(g).isEmpty()) {
                members.get(g).sort(Comparator.comparingInt(f -> position[f]));
                groupIds.add(g);
            }
        }
        groupIds.sort(Comparator.comparingInt(g -> position[members.get(g).get(0)]));
        Map<Integer, String> groupName = new HashMap<>();
        List<GroupPlan> groups = new ArrayList<>();
        for (int g : groupIds) {
            String id = "g" + groups.size();
            groupName.put(g, id);
            List<String> names = members.get(g).stream().map(f -> wf.function(f).name()).toList();
            groups.add(new GroupPlan(id, nodes.get(groupNode[g]).name(), names, groupSlots[g]));
        }
        Destination[] destinations = options.dataMode() == DataMode.RAW ? allRemote() : destinations();
        Map<String, FunctionPlan> functions = new LinkedHashMap<>();
        for (int f = 0; f < n; f++) {
            String name = wf.function(f).name();
            int g = groupOf[f];
            functions.put(name, new FunctionPlan(nodes.get(groupNode[g]).name(), groupName.get(g), destinations[f],
                    wf.predecessorsOf(f).size(), wf.successorNames(name), wf.isStart(name), wf.isForeach(name),
                    wf.isMerge(name)));
        }
        List<String> critical = Arrays.stream(finalPath.functions()).mapToObj(f -> wf.function(f).name()).toList();
        return new Plan(wf.name(), options.dataMode(), nodes, groups, functions, critical, before,
                finalPath.length(), merges, stopReason, quota, memUsed);
    }

    private Destination[] allRemote() {
        Destination[] d = new Destination[n];
        Arrays.fill(d, Destination.DB);
        return d;
    }

    /**
     * MEM if every consumer is in the producer's group, DB if none is (and for sinks and workflow results),
     * DB+MEM if mixed. Consumers are the successors, with virtual successors looked through (they only
     * forward data), plus any descendant that reads one of the producer's keys: the namespace is flat, so
     * a value can be read several hops downstream and must then be where that reader can see it.
     */
    private Destination[] destinations() {
        Map<String, List<Integer>> readers = readersByKey();
        Set<String> results = wf.globalOutputs().keySet().isEmpty() ? Set.of()
                : new java.util.HashSet<>(wf.globalOutputs().values().stream().map(DataSpec::key).toList());
        Destination[] d = new Destination[n];
        for (int u = 0; u < n; u++) {
            BitSet consumers = new BitSet(n);
            collectConsumers(u, consumers);
            for (String key : wf.function(u).outputs().keySet()) {
                for (int r : readers.getOrDefault(key, List.of())) {
                    if (r != u && !consumers.get(r) && isAncestor(u, r)) {
                        consumers.set(r);
                    }
                }
            }
            boolean local = false;
            boolean remote = wf.successorsOf(u).isEmpty();
            for (int c = consumers.nextSetBit(0); c >= 0; c = consumers.nextSetBit(c + 1)) {
                if (groupOf[c] == groupOf[u]) {
                    local = true;
                } else {
                    remote = true;
                }
            }
            for (String key : wf.function(u).outputs().keySet()) {
                remote |= results.contains(key);
            }
            d[u] = local && remote ? Destination.DB_MEM : local ? Destination.MEM : Destination.DB;
        }
        // The artifact's rule: a function feeding a virtual node whose destination differs keeps both.
        for (int u = 0; u < n; u++) {
            for (int v : wf.successorsOf(u)) {
                if (wf.function(v).isVirtual() && d[v] != d[u]) {
                    d[u] = Destination.DB_MEM;
                }
            }
        }
        return d;
    }

    private void collectConsumers(int u, BitSet consumers) {
        for (int v : wf.successorsOf(u)) {
            if (consumers.get(v)) {
                continue;
            }
            consumers.set(v);
            if (wf.function(v).isVirtual()) {
                collectConsumers(v, consumers);
            }
        }
    }

    private Map<String, List<Integer>> readersByKey() {
        Map<String, List<Integer>> readers = new HashMap<>();
        for (int f = 0; f < n; f++) {
            FunctionDef def = wf.function(f);
            for (DataSpec in : def.inputs().values()) {
                readers.computeIfAbsent(in.key(), k -> new ArrayList<>()).add(f);
            }
            for (String condition : def.next().conditions()) {
                try {
                    for (String key : Condition.parse(condition).referencedKeys()) {
                        readers.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
                    }
                } catch (ConditionSyntaxException e) {
                    // validated before planning
                }
            }
        }
        return readers;
    }

    private boolean isAncestor(int ancestor, int of) {
        BitSet seen = new BitSet(n);
        Deque<Integer> todo = new ArrayDeque<>(wf.predecessorsOf(of));
        while (!todo.isEmpty()) {
            int p = todo.poll();
            if (p == ancestor) {
                return true;
            }
            if (!seen.get(p)) {
                seen.set(p);
                todo.addAll(wf.predecessorsOf(p));
            }
        }
        return false;
    }
}
