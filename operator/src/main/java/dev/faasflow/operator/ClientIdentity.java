package dev.faasflow.operator;

import io.fabric8.kubernetes.client.Config;
import io.quarkus.kubernetes.client.KubernetesConfigCustomizer;
import jakarta.inject.Singleton;

/**
 * The operator's requests to the API server name it (User-Agent {@value #USER_AGENT}), in the server's audit log and
 * for the test that holds the chart's RBAC against the requests the operator makes.
 */
@Singleton
public class ClientIdentity implements KubernetesConfigCustomizer {
    public static final String USER_AGENT = "faasflow-operator";

    @Override
    public void customize(Config config) {
        config.setUserAgent(USER_AGENT);
    }
}
