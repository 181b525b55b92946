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
        // Redisson's own response timeout must cover the largest single transfer it sees, a read range;
        // the caller-visible deadline is enforced on top of it by RedisRemoteTier.
        base.setTimeout((int) Math.min(Integer.MAX_VALUE, rc.deadlineMillis(rc.readChunkBytes())))
                .setConnectTimeout((int) rc.connectTimeout().toMillis())
                .setRetryAttempts(rc.retryAttempts())
                .setRetryDelay(new ConstantDelay(rc.retryInterval()))
                .setPingConnectionInterval(5_000)
                .setTcpNoDelay(true)
                .setKeepAlive(true);
        if (rc.password() != null) {
            base.setPassword(rc.password());
        }
    }
}
