package dev.faasflow.functions.video;

import dev.faasflow.contract.RunRequest;
import dev.faasflow.functions.FunctionContext;
import dev.faasflow.functions.FunctionRegistry;
import dev.faasflow.functions.replay.ReplayFunction;

/**
 * The Video benchmark's functions: replay bodies (declared sizes, scaled runtimes) that drive its switch
 * and foreach from the caller's global inputs.
 * <ul>
 *   <li>{@code upload}: replay; its pass-through outputs ({@code split}, {@code video_name}, …) copy the global
 *       inputs, so {@code virtual1}'s condition {@code INPUT.split} follows the caller's {@code split};</li>
 *   <li>{@code split} ({@link Split}): {@code split_keys} is the JSON list {@code ["segment-0", …]} of
 *       {@code segments} elements (global input, default 3), so {@code transcode} fans out that wide;</li>
 *   <li>{@code transcode}, {@code merge}, {@code simple_process}: replay.</li>
 * </ul>
 */
public final class Video {
    public static final String WORKFLOW = "video";
    /** Foreach width when the caller gives no {@code segments}. */
    public static final int DEFAULT_SEGMENTS = 3;
    /** Widest fan-out accepted. */
    public static final int MAX_SEGMENTS = 1000;

    private Video() {
    }

    public static void register(FunctionRegistry registry) {
        ReplayFunction replay = new ReplayFunction();
        registry.register(WORKFLOW, "upload", "video_upload", replay);
        registry.register(WORKFLOW, "split", "video_split", new Split());
        registry.register(WORKFLOW, "transcode", "video_transcode", replay);
        registry.register(WORKFLOW, "merge", "video_merge", replay);
        registry.register(WORKFLOW, "simple_process", "video_simple_process", replay);
    }

    /** Replay whose {@code split_keys} lists {@code segments} segment names. */
    public static final class Split extends ReplayFunction {
        @Override
        protected byte[] value(FunctionContext ctx, RunRequest.Output out) throws Exception {
            if (out.name().equals("split_keys")) {
                int n = ctx.inputInt("segments", DEFAULT_SEGMENTS);
                if (n < 1 || n > MAX_SEGMENTS) {
                    throw new IllegalArgumentException("global input 'segments' must be in [1, " + MAX_SEGMENTS
                            + "], got " + n);
                }
                return keyList("segment", n);
            }
            return super.value(ctx, out);
        }
    }
}
