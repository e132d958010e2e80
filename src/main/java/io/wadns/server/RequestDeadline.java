package io.wadns.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clock of one connection to the HTTP port. A request must arrive whole within the request
 * deadline of its first byte; a connection with no request under way and no answer due is closed
 * after the idle timeout. A read timeout, which every byte restarts, would let a client that sends
 * one byte every few seconds hold its connection for ever (slowloris); this deadline is fixed when
 * the request starts. First in the pipeline, so it sees bytes before any decoding; told by
 * {@link InOrderResponses} when a request is whole and when an answer is written. One per
 * connection; runs on its event loop.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(RequestDeadline.class);

  private final long deadlineNanos;
  private final long idleNanos;
  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> timer;
  /** Bytes of a request have come and the request is not whole yet. */
  private boolean reading;
  /** Requests read whose answers are not written yet. */
  private int unanswered;

  RequestDeadline(HttpLimits limits) {
    this.deadlineNanos = limits.requestDeadline().toNanos();
    this.idleNanos = limits.idleTimeout().toNanos();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    start(idleNanos, "idle");
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!reading && msg instanceof ByteBuf bytes && bytes.isReadable()) {
      reading = true;
      start(deadlineNanos, "request not whole by its deadline");
    }
    ctx.fireChannelRead(msg);
  }

  /** A whole request has been read: its deadline no longer runs. */
  void requestRead() {
    reading = false;
    unanswered++;
    stop();
  }

  /** An answer has been written (or failed to be); with none due and no request under way, idle starts. */
  void answered() {
    unanswered--;
    if (unanswered == 0 && !reading && ctx.channel().isActive()) {
      start(idleNanos, "idle");
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    stop();
    ctx.fireChannelInactive();
  }

  private void start(long nanos, String why) {
    stop();
    timer = ctx.executor().schedule(() -> {
      log.debug("closing HTTP connection from {}: {}", ctx.channel().remoteAddress(), why);
      ctx.close();
    }, nanos, TimeUnit.NANOSECONDS);
  }

  private void stop() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
