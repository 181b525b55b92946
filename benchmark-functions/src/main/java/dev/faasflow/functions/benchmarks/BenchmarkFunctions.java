package dev.faasflow.functions.benchmarks;

import dev.faasflow.functions.FunctionProvider;
import dev.faasflow.functions.FunctionRegistry;
import dev.faasflow.functions.fileprocessing.FileProcessing;
import dev.faasflow.functions.recognizer.IllegalRecognizer;
import dev.faasflow.functions.replay.ReplayFunction;
import dev.faasflow.functions.video.Video;
import dev.faasflow.functions.wordcount.WordCount;

import java.util.List;

/**
 * The functions of the paper's eight benchmarks, as the function runtime's image and the embedded engine serve
 * them: {@code replay}; WordCount, FileProcessing, Video and IllegalRecognizer under {@code workflow/source} and
 * their benchmark image names; the scientific benchmarks (cycles, epigenomics, genome, soykb) as
 * {@code workflow/*} → replay. Also listed as a {@link FunctionProvider}, so a function server that has this jar on
 * its class path serves them too.
 */
public final class BenchmarkFunctions implements FunctionProvider {
    /** Name under which the generic replay function is registered and reported as fallback. */
    public static final String REPLAY = "replay";

    @Override
    public void register(FunctionRegistry functions) {
        ReplayFunction replay = new ReplayFunction();
        functions.register(REPLAY, replay);
        for (String scientific : List.of("cycles", "epigenomics", "genome", "soykb")) {
            functions.register(scientific + "/*", replay);
        }
        WordCount.register(functions);
        FileProcessing.register(functions);
        Video.register(functions);
        IllegalRecognizer.register(functions);
    }

    /** Every benchmark function, with replay as the fallback for any other implementation name. */
    public static FunctionRegistry registry() {
        FunctionRegistry registry = new FunctionRegistry();
        new BenchmarkFunctions().register(registry);
        return registry.fallback(REPLAY, registry.get(REPLAY));
    }
}
