package dev.faasflow.operator.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.faasflow.coordinator.gateway.GatewayAuth;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The gateway's callers as the API server knows them: a bearer token is authenticated with a TokenReview (a
 * ServiceAccount's token, or any token the cluster accepts), and the user it names is authorised with a
 * SubjectAccessReview for the call's verb on {@code invocations.faasflow.dev} in the call's namespace, so that RBAC on
 * invocations decides who may invoke. Both answers are reused for a short while (10 s by default) so that a client
 * that submits thousands of invocations costs two API calls, not thousands; the API calls run on a worker pool, never
 * on the event loop that asks.
 */
public final class KubernetesReviews implements GatewayAuth {
    private final KubernetesClient client;
    private final Executor pool;
    /** SHA-256 of a token → who it is (or why not). */
    private final Cache<String, Identity> identities;
    private final Cache<Question, Decision> decisions;

    public KubernetesReviews(KubernetesClient client, Executor pool, Duration reuse) {
        this.client = client;
        this.pool = pool;
        this.identities = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(reuse).build();
        this.decisions = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(reuse).build();
    }

    /** Who a token is, as a TokenReview said: authenticated with a user, or not, with the API server's reason. */
    record Identity(boolean authenticated, String user, String uid, List<String> groups,
                    Map<String, List<String>> extra, String error) {
    }

    record Question(Identity who, String namespace, String verb) {
    }

    @Override
    public CompletionStage<Decision> authorize(String authorization, Access access) {
        String token = GatewayAuth.bearer(authorization);
        if (token == null) {
            return CompletableFuture.completedFuture(Decision.unauthenticated(
                    "the gateway needs a bearer token (Authorization: Bearer <ServiceAccount token>)"));
        }
        // An API error propagates (nothing is cached) and the gateway answers 503 naming it.
        return CompletableFuture.supplyAsync(() -> decide(token, access), pool);
    }

    private Decision decide(String token, Access access) {
        Identity who = identities.get(sha256(token), k -> review(token));
        if (!who.authenticated()) {
            return Decision.unauthenticated("the API server did not accept the token"
                    + (who.error() == null || who.error().isBlank() ? "" : ": " + who.error()));
        }
        return decisions.get(new Question(who, access.namespace(), access.verb()), this::ask);
    }

    private Identity review(String token) {
        TokenReview review = client.authentication().v1().tokenReviews().create(new TokenReviewBuilder()
                .withNewSpec().withToken(token).endSpec().build());
        var status = review.getStatus();
        if (status == null || !Boolean.TRUE.equals(status.getAuthenticated()) || status.getUser() == null) {
            return new Identity(false, null, null, List.of(), Map.of(), status == null ? null : status.getError());
        }
        UserInfo user = status.getUser();
        return new Identity(true, user.getUsername(), user.getUid(),
                user.getGroups() == null ? List.of() : List.copyOf(user.getGroups()),
                user.getExtra() == null ? Map.of() : Map.copyOf(user.getExtra()), null);
    }

    private Decision ask(Question q) {
        SubjectAccessReview review = client.authorization().v1().subjectAccessReview().create(
                new SubjectAccessReviewBuilder().withNewSpec()
                        .withUser(q.who().user()).withUid(q.who().uid()).withGroups(q.who().groups())
                        .withExtra(q.who().extra())
                        .withNewResourceAttributes().withNamespace(q.namespace()).withVerb(q.verb())
                        .withGroup(Access.GROUP).withResource(Access.RESOURCE).endResourceAttributes()
                        .endSpec().build());
        var status = review.getStatus();
        if (status != null && Boolean.TRUE.equals(status.getAllowed())) {
            return Decision.allow(q.who().user());
        }
        String reason = status == null ? null : status.getReason();
        return Decision.forbidden(q.who().user(), "user '" + q.who().user() + "' may not " + q.verb() + " "
                + Access.RESOURCE + " in namespace '" + q.namespace() + "'"
                + (reason == null || reason.isBlank() ? "" : " (" + reason + ")"));
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "KubernetesReviews";
    }
}
