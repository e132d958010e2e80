package io.wadns.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * One per TCP connection, after the framing: fires {@link IdleStateEvent#ALL_IDLE_STATE_EVENT} (the
 * query handler then closes) when the connection has completed no query and had no reply taken by its
 * socket for the idle timeout, and for the much shorter busy timeout while the server is busy (more
 * than half its connections open). RFC 7766 §6.2.3 wants idle timeouts "on the order of seconds" and
 * lets the idle period vary with load; NSD gives connections accepted past half its cap 200 ms instead
 * of its tcp-timeout ({@code server.c}: "very busy, give smaller timeout"). Here every idle connection
 * gets the short timeout while the server is busy, those opened before it became busy too: otherwise
 * slow clients that came first would keep their places for the whole normal timeout.
 *
 * <p>Only whole queries count as reading, so a query dribbled in more slowly than the timeout is cut
 * off like an idle connection (slowloris). The time of the last activity is also what
 * {@link ConnectionLimiter} reads to pick the connection idle longest when the cap is reached.
 *
 * <p>An idle connection is looked at again at least once per busy timeout, so one that becomes too idle
 * when the server turns busy is closed within that time. All methods but {@link #lastActivity} run on
 * the channel's event loop.
 */
final class TcpIdleTimer extends ChannelDuplexHandler implements ChannelFutureListener {
  private static final AttributeKey<TcpIdleTimer> KEY = AttributeKey.valueOf(TcpIdleTimer.class, "timer");

  private final long idleNanos;
  private final long busyIdleNanos;
  private final BooleanSupplier busy;
  private final LongSupplier nanoClock;
  private volatile long lastActivity;
  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> check;

  /**
   * @param idle the idle timeout
   * @param busyIdle the idle timeout while {@code busy} says so; at most {@code idle}
   * @param busy whether the server is busy now (read at each check)
   * @param nanoClock a monotonic clock, {@code System::nanoTime} in production
   */
  TcpIdleTimer(Duration idle, Duration busyIdle, BooleanSupplier busy, LongSupplier nanoClock) {
    this.idleNanos = idle.toNanos();
    this.busyIdleNanos = Math.min(busyIdle.toNanos(), idleNanos);
    this.busy = busy;
    this.nanoClock = nanoClock;
  }

  /** The timer of {@code channel}, or null when it has none. */
  static TcpIdleTimer of(Channel channel) {
    return channel.attr(KEY).get();
  }

  /** When the connection last completed a query or had a reply taken, on the timer's clock; any thread. */
  long lastActivity() {
    return lastActivity;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    lastActivity = nanoClock.getAsLong();
    ctx.channel().attr(KEY).set(this);
    if (ctx.channel().isActive()) {
      schedule(busyIdleNanos);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (check == null) {
      lastActivity = nanoClock.getAsLong();
      schedule(busyIdleNanos);
    }
    ctx.fireChannelActive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object frame) {
    lastActivity = nanoClock.getAsLong(); // a whole query: the framing is ahead of us
    ctx.fireChannelRead(frame);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    ChannelPromise p = promise.isVoid() ? ctx.newPromise() : promise;
    p.addListener(this);
    ctx.write(msg, p);
  }

  /** A reply has gone to the socket (or failed with the connection). */
  @Override
  public void operationComplete(ChannelFuture future) {
    lastActivity = nanoClock.getAsLong();
  }

  private void checkIdle() {
    check = null;
    if (!ctx.channel().isActive()) {
      return;
    }
    long limit = busy.getAsBoolean() ? busyIdleNanos : idleNanos;
    long idleFor = nanoClock.getAsLong() - lastActivity;
    if (idleFor >= limit) {
      ctx.fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT); // RFC 7766 §6.2.3
      schedule(busyIdleNanos); // should the event not close it
      return;
    }
    schedule(Math.min(limit - idleFor, busyIdleNanos));
  }

  private void schedule(long delayNanos) {
    check = ctx.executor().schedule(this::checkIdle, Math.max(delayNanos, 1), TimeUnit.NANOSECONDS);
  }

  private void cancel() {
    if (check != null) {
      check.cancel(false);
      check = null;
    }
  }
}
