package dev.faasflow.embedded;

import dev.faasflow.faastore.Futures;
import dev.faasflow.faastore.RemoteTier;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a run left behind: invocation states and node memory anywhere, and the values the remote tier still holds of
 * the given invocations (-1, with the reason, when the remote tier cannot be asked).
 */
public record LeftBehind(int states, long localBytes, long remoteValues, String remoteCheckError) {
    public boolean nothing() {
        return states == 0 && localBytes == 0 && remoteValues == 0;
    }

    public String describe() {
        return states + " invocation states, " + localBytes + " bytes in node memory, "
                + (remoteValues >= 0 ? remoteValues + " values in the remote tier"
                : "values in the remote tier unknown (" + remoteCheckError + ")");
    }

    /** Counts, in the remote tier, the values of {@code invocations}; waits at most 30 s for it. */
    public static LeftBehind count(int states, long localBytes, RemoteTier remote, Collection<String> invocations) {
        List<CompletableFuture<Long>> counts = new ArrayList<>();
        for (String id : invocations) {
            counts.add(remote.valueCount(id));
        }
        long values = 0;
        String error = null;
        try {
            CompletableFuture.allOf(counts.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            for (CompletableFuture<Long> c : counts) {
                values += c.join();
            }
        } catch (ExecutionException e) {
            error = String.valueOf(Futures.unwrap(e).getMessage());
        } catch (TimeoutException e) {
            error = "the remote tier did not answer within 30 s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        return new LeftBehind(states, localBytes, error == null ? values : -1, error);
    }
}
