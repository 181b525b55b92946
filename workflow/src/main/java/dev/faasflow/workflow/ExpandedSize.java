package dev.faasflow.workflow;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Measures a parsed document as if every YAML alias were copied out, without copying: a mapping or list
 * reached twice (an alias) is walked once and its size reused. Refuses a document that, expanded, holds
 * more than {@link Limits#MAX_EXPANDED_VALUES} values, nests deeper than {@link Limits#MAX_NESTING_DEPTH},
 * or contains itself (a recursive alias), so whoever reads the tree afterwards is bounded. Iterative: the
 * depth being measured cannot overflow the stack.
 */
final class ExpandedSize {
    private ExpandedSize() {
    }

    private static final class Frame {
        final Object node;
        final Iterator<?> children;
        long values = 1;
        int depth = 1;

        Frame(Object node, Iterator<?> children) {
            this.node = node;
            this.children = children;
        }
    }

    /** Size and depth of a finished collection. */
    private record Measured(long values, int depth) {
    }

    static void check(String where, Object root) throws WorkflowException {
        if (!isCollection(root)) {
            return;
        }
        Map<Object, Measured> done = new IdentityHashMap<>();
        Set<Object> open = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(frame(root));
        open.add(root);
        while (!stack.isEmpty()) {
            Frame top = stack.peek();
            if (top.children.hasNext()) {
                Object child = top.children.next();
                if (!isCollection(child)) {
                    top.values++;
                } else if (done.containsKey(child)) {
                    Measured m = done.get(child);
                    top.values += m.values();
                    top.depth = Math.max(top.depth, m.depth() + 1);
                } else if (open.contains(child)) {
                    throw refuse(where, "a mapping or list contains itself (a recursive alias)");
                } else {
                    if (stack.size() >= Limits.MAX_NESTING_DEPTH) {
                        throw refuse(where, "nested deeper than " + Limits.MAX_NESTING_DEPTH
                                + " levels once aliases are expanded (limit for workflow documents)");
                    }
                    stack.push(frame(child));
                    open.add(child);
                }
                if (top.values > Limits.MAX_EXPANDED_VALUES) {
                    throw refuse(where, "more than " + Limits.count(Limits.MAX_EXPANDED_VALUES)
                            + " values once aliases are expanded (limit for workflow documents)");
                }
            } else {
                stack.pop();
                open.remove(top.node);
                done.put(top.node, new Measured(top.values, top.depth));
                Frame parent = stack.peek();
                if (parent != null) {
                    parent.values += top.values;
                    parent.depth = Math.max(parent.depth, top.depth + 1);
                    if (parent.values > Limits.MAX_EXPANDED_VALUES) {
                        throw refuse(where, "more than " + Limits.count(Limits.MAX_EXPANDED_VALUES)
                                + " values once aliases are expanded (limit for workflow documents)");
                    }
                }
            }
        }
    }

    private static boolean isCollection(Object o) {
        return o instanceof Map<?, ?> || o instanceof Collection<?>;
    }

    /** A mapping's children are its keys and its values; a list's, its elements. */
    private static Frame frame(Object node) {
        if (node instanceof Map<?, ?> map) {
            Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
            Iterator<Object> both = new Iterator<>() {
                private Map.Entry<?, ?> pending;

                @Override
                public boolean hasNext() {
                    return pending != null || entries.hasNext();
                }

                @Override
                public Object next() {
                    if (pending != null) {
                        Object value = pending.getValue();
                        pending = null;
                        return value;
                    }
                    pending = entries.next();
                    return pending.getKey();
                }
            };
            return new Frame(node, both);
        }
        return new Frame(node, ((Collection<?>) node).iterator());
    }

    private static WorkflowException refuse(String where, String message) {
        return new WorkflowException(new Problem(where, null, null, message));
    }
}
