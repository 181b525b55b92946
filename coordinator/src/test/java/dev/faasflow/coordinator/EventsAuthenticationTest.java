package dev.faasflow.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.faasflow.agent.auth.ClusterKey;
import dev.faasflow.faastore.FaaStore;
import dev.faasflow.faastore.InProcessRemoteTier;
import dev.faasflow.faastore.StoreConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The coordinator takes agents' events only with the cluster key. */
class EventsAuthenticationTest {
    @Test
    void anEventWithoutTheKeyGets401() throws Exception {
        ClusterKey key = ClusterKey.generate();
        Vertx vertx = Vertx.vertx();
        try {
            Coordinator c = Coordinator.start(vertx, CoordinatorConfig.embedded().withClusterKey(key),
                    new FaaStore(StoreConfig.defaults(), new InProcessRemoteTier())).toCompletionStage()
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            WebClient web = WebClient.create(vertx);
            Buffer event = Buffer.buffer("{\"type\":\"SINK\",\"function\":\"f\"}");
            String url = c.url() + "/v1/invocations/inv-unknown/events";
            assertEquals(401, web.postAbs(url).sendBuffer(event).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS).statusCode());
            assertEquals(401, web.postAbs(url).putHeader("Authorization", "Bearer " + ClusterKey.generate().secret())
                    .sendBuffer(event).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).statusCode());
            int keyed = key.sign(web.postAbs(url)).sendBuffer(event).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS).statusCode();
            assertNotEquals(401, keyed, "with the key the event reaches the coordinator (which knows no such invocation)");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
