package dev.faasflow.faastore;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Small helpers that keep the store's failures as their own exception types, never wrapped. */
public final class Futures {
    private Futures() {
    }

    /** Strips the CompletionException/ExecutionException layers CompletableFuture adds around a cause. */
    public static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Waits for the future; its failure is rethrown as is (a {@link FaaStoreException} for store errors). */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FaaStoreException("interrupted while waiting for the store", e);
        } catch (ExecutionException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new FaaStoreException(cause.toString(), cause);
        }
    }

    /**
     * Maps a success with {@code onSuccess} (which may throw to fail the result) and reports a failure to
     * {@code onFailure} before passing it on unwrapped.
     */
    static <T, R> CompletableFuture<R> then(CompletableFuture<T> future, java.util.function.Function<T, R> onSuccess,
                                            java.util.function.Consumer<Throwable> onFailure) {
        CompletableFuture<R> out = new CompletableFuture<>();
        future.whenComplete((value, error) -> {
            if (error != null) {
                Throwable cause = unwrap(error);
                onFailure.accept(cause);
                out.completeExceptionally(cause);
                return;
            }
            try {
                out.complete(onSuccess.apply(value));
            } catch (Throwable t) {
                out.completeExceptionally(unwrap(t));
            }
        });
        return out;
    }
}
