package dev.faasflow.coordinator.gateway;

/**
 * How the gateway's namespaced workflow names map to the engine's: the operator runs the workflows of every
 * namespace in one engine ({@code namespace.name}), the embedded engine serves one namespace with plain names.
 */
public interface Namespaces {
    /** The engine's name of workflow {@code name} in {@code namespace}, or null when that namespace is not served. */
    String engineName(String namespace, String name);

    /** The namespace of an engine workflow name. */
    String namespaceOf(String engineName);

    /** The workflow's own name (without its namespace) of an engine workflow name. */
    String nameOf(String engineName);

    /** What a request for an unserved namespace is told, for a person. */
    default String served() {
        return "every namespace";
    }

    /** One namespace only, whose workflows are named in the engine as they are: the embedded engine's. */
    static Namespaces single(String namespace) {
        return new Namespaces() {
            @Override
            public String engineName(String ns, String name) {
                return namespace.equals(ns) ? name : null;
            }

            @Override
            public String namespaceOf(String engineName) {
                return namespace;
            }

            @Override
            public String nameOf(String engineName) {
                return engineName;
            }

            @Override
            public String served() {
                return "only namespace '" + namespace + "'";
            }
        };
    }
}
