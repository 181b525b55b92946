package dev.faasflow.faastore.redis;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.redisson.client.NettyHook;
import org.redisson.client.handler.CommandsQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a Redis connection that was sent a command and has said nothing for {@code limitMillis}. Redisson fails the
 * command at its response timeout but keeps the connection in its pool, and a busy pool hands it straight to the next
 * command, so a connection that lost a reply (half-open, or reset unseen) would stall command after command. Closed,
 * it is re-made by Redisson, and the command on it is tried again on a live one. Any byte of a reply counts as an
 * answer, so a long reply arriving slowly is not cut, but one cut half-way is. All state lives on the
 * channel's event loop, so it needs no locking.
 */
final class SilentConnectionWatch extends ChannelDuplexHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SilentConnectionWatch.class);

    private final long limitNanos;
    /** When the connection last showed life: a byte came in, or a command went out on an idle connection. */
    private long lastProgress = System.nanoTime();
    private ScheduledFuture<?> check;
    /** The limit has passed once; the next check, a moment later, decides. */
    private boolean confirming;
    private static final long CONFIRM_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private SilentConnectionWatch(long limitMillis) {
        this.limitNanos = TimeUnit.MILLISECONDS.toNanos(limitMillis);
    }

    /** The hook that puts a watch on every connection Redisson opens. */
    static NettyHook hook(long limitMillis) {
        return new NettyHook() {
            @Override
            public void afterBoostrapInitialization(Bootstrap bootstrap) {
            }

            @Override
            public void afterChannelInitialization(Channel channel) {
                channel.pipeline().addFirst("faasflow-silent-connection-watch", new SilentConnectionWatch(limitMillis));
            }
        };
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (check == null || check.isDone()) {
            check = ctx.executor().schedule(() -> check(ctx), limitNanos, TimeUnit.NANOSECONDS);
        }
        ChannelPromise sent = promise.unvoid();
        // The wait for a reply starts once the command is out (a large value takes a while), when it alone waits.
        sent.addListener(f -> {
            if (awaiting(ctx) <= 1) {
                lastProgress = System.nanoTime();
            }
        });
        ctx.write(msg, sent);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastProgress = System.nanoTime();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (check != null) {
            check.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    /** Redisson's commands on this connection that were sent and not answered yet. */
    private static int awaiting(ChannelHandlerContext ctx) {
        var queue = ctx.channel().attr(CommandsQueue.COMMANDS_QUEUE).get();
        return queue == null ? 0 : queue.size();
    }

    private void check(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive() || awaiting(ctx) == 0) {
            return; // nothing awaits a reply: the next write watches again
        }
        long silent = System.nanoTime() - lastProgress;
        if (silent < limitNanos) {
            confirming = false;
            check = ctx.executor().schedule(() -> check(ctx), limitNanos - silent, TimeUnit.NANOSECONDS);
            return;
        }
        if (!confirming) {
            // Look once more after the event loop has read what is waiting on the socket: a pause of this process
            // (a long GC, a starved CPU) runs overdue timers before pending reads, and a reply may be there already.
            confirming = true;
            check = ctx.executor().schedule(() -> check(ctx), CONFIRM_NANOS, TimeUnit.NANOSECONDS);
            return;
        }
        confirming = false;
        LOG.warn("Redis connection {} sent a command and got no reply for {} ms: closing it (Redisson opens another)",
                ctx.channel().remoteAddress(), TimeUnit.NANOSECONDS.toMillis(silent));
        ctx.close();
    }
}
