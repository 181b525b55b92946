package dev.faasflow.workflow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One function of a workflow as declared.
 *
 * @param runtime   seconds; the node weight for grouping, the sleep of replayed functions
 * @param scale     slots the function costs on a node
 * @param memUsage  fraction of the 256 MiB container memory really used; feeds the quota
 * @param splitRatio expected foreach width; feeds the quota
 * @param image     container image (from function_info.yaml or the resource), may be null
 * @param retry     how often a failed attempt is run again; null: the workflow's default
 * @param timeoutSeconds how long one attempt may take; 0: the workflow's default (else the agent's)
 */
public record FunctionDef(
        String name,
        String source,
        FunctionKind kind,
        double runtime,
        int scale,
        double memUsage,
        double splitRatio,
        Map<String, DataSpec> inputs,
        Map<String, DataSpec> outputs,
        Next next,
        String image,
        RetryPolicy retry,
        double timeoutSeconds) {

    public static final int DEFAULT_SCALE = 3;
    public static final double DEFAULT_MEM_USAGE = 0.25;

    public FunctionDef {
        // Declaration order matters: a foreach reads the list of its first key-typed input.
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    /** Total declared output bytes: what the grouping's edge weight is made of. */
    public long outputBytes() {
        long total = 0;
        for (DataSpec out : outputs.values()) {
            total += Math.max(0, out.size());
        }
        return total;
    }

    public boolean isVirtual() {
        return kind == FunctionKind.VIRTUAL;
    }

    /** The first key-typed input: the list a foreach instance takes its element from. */
    public java.util.Optional<DataSpec> foreachKeyInput() {
        return inputs.values().stream().filter(in -> in.type() == DataType.KEY).findFirst();
    }

    public FunctionDef withImage(String newImage) {
        return new FunctionDef(name, source, kind, runtime, scale, memUsage, splitRatio, inputs, outputs, next, newImage,
                retry, timeoutSeconds);
    }
}
