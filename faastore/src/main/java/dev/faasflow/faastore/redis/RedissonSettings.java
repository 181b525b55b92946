package dev.faasflow.faastore.redis;

import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.BaseConfig;
import org.redisson.config.Config;
import org.redisson.config.ConstantDelay;
import org.redisson.config.ReadMode;

/** Translates a {@link RedisConfig} into Redisson's settings; kept apart so the mapping is easy to read. */
final class RedissonSettings {
    private RedissonSettings() {
    }

    static Config of(RedisConfig rc) {
        Config config = new Config();
        config.setCodec(ByteArrayCodec.INSTANCE);
        // EVALSHA after the first EVAL: the clear scripts are not re-sent on every call.
        config.setUseScriptCache(true);
        config.setNettyHook(SilentConnectionWatch.hook(rc.attemptTimeoutMillis(rc.readChunkBytes())));
        if (rc.cluster()) {
            var cluster = config.useClusterServers()
                    .addNodeAddress(rc.addresses().toArray(String[]::new))
                    .setMasterConnectionPoolSize(rc.connectionPoolSize())
                    .setMasterConnectionMinimumIdleSize(rc.connectionMinimumIdleSize())
                    // Reads must see the writes just made: read from masters only.
                    .setReadMode(ReadMode.MASTER)
                    .setSubscriptionConnectionMinimumIdleSize(0);
            common(cluster, rc);
        } else {
            var single = config.useSingleServer()
                    .setAddress(rc.addresses().get(0))
                    .setConnectionPoolSize(rc.connectionPoolSize())
                    .setConnectionMinimumIdleSize(rc.connectionMinimumIdleSize())
                    .setSubscriptionConnectionMinimumIdleSize(0);
            common(single, rc);
        }
        return config;
    }

    private static void common(BaseConfig<?> base, RedisConfig rc) {
        // One attempt: a connection silent that long after a command is closed (SilentConnectionWatch) and the command
        // tried again on another; Redisson's response timeout, a little later, is the backstop. Both are shorter than
        // the caller-visible deadline, which RedisRemoteTier enforces over its attempts.
        base.setTimeout((int) Math.min(Integer.MAX_VALUE, rc.attemptTimeoutMillis(rc.readChunkBytes()) + 1_000))
                .setConnectTimeout((int) rc.connectTimeout().toMillis())
                .setRetryAttempts(rc.retryAttempts())
                .setRetryDelay(new ConstantDelay(rc.retryInterval()))
                // An idle connection that stopped answering is found by its ping and re-made before a command meets it.
                .setPingConnectionInterval(2_000)
                .setTcpNoDelay(true)
                .setKeepAlive(true);
        if (rc.password() != null) {
            base.setPassword(rc.password());
        }
    }
}
