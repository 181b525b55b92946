package dev.faasflow.workflow;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Kahn's algorithm over a graph of nodes 0..n-1 given by each node's successors and predecessors: the order, each
 * node's position in it, and, when there is a cycle, the in-degrees left (positive exactly on the nodes that are on
 * a cycle or after one).
 */
public final class TopologicalSort {
    private final int[] order;
    private final int[] position;
    private final int sorted;
    private final int[] indegreeLeft;

    private TopologicalSort(int[] order, int[] position, int sorted, int[] indegreeLeft) {
        this.order = order;
        this.position = position;
        this.sorted = sorted;
        this.indegreeLeft = indegreeLeft;
    }

    public static TopologicalSort of(List<List<Integer>> successors, List<List<Integer>> predecessors) {
        int n = successors.size();
        int[] indegree = new int[n];
        for (int i = 0; i < n; i++) {
            indegree[i] = predecessors.get(i).size();
        }
        ArrayDeque<Integer> ready = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            if (indegree[i] == 0) {
                ready.add(i);
            }
        }
        int[] order = new int[n];
        int[] position = new int[n];
        int count = 0;
        while (!ready.isEmpty()) {
            int u = ready.poll();
            position[u] = count;
            order[count++] = u;
            for (int v : successors.get(u)) {
                if (--indegree[v] == 0) {
                    ready.add(v);
                }
            }
        }
        return new TopologicalSort(order, position, count, indegree);
    }

    /** Every node is sorted: the graph has no cycle. */
    public boolean complete() {
        return sorted == order.length;
    }

    /** The nodes in topological order (only meaningful when {@link #complete()}). */
    public int[] order() {
        return order;
    }

    /** Each node's place in {@link #order()} (only meaningful when {@link #complete()}). */
    public int[] positions() {
        return position;
    }

    /** The in-degree each node has left after sorting: positive on a cycle's nodes and on those after one. */
    public int[] indegreeLeft() {
        return indegreeLeft;
    }
}
