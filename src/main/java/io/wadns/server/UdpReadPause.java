package io.wadns.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Under load, waits a moment after answering a small batch of UDP queries before the event loop reads
 * again, so that the next recvmmsg(2) finds several queries instead of one or two. Each wake-up of the loop
 * costs system calls and a context switch whatever it reads; at 50,000 queries a second a 200 µs pause
 * took the CPU per query from 12.8-13.5 to 10.2-11.3 µs and the average latency from 0.07 to 0.29-0.36 ms
 * (docs/performance.md), as Knot trades latency for batches.
 *
 * <p>It pauses only when the socket is busy: the batch just answered was small (fewer than half a full
 * read) and its queries came at 10,000 a second or more, counted from the end of the previous batch (before
 * that batch's pause, so that queries caught by a pause do not make the socket look busier than it is). A
 * socket below that rate does not wait. The pause blocks this channel's event loop, and so the TCP
 * connections and other sockets it serves, for the configured time plus the kernel's timer slack (about
 * 50 µs), after the replies have left; a thread serving several busy listen addresses can wait once for
 * each. One per UDP channel, on its event loop: not sharable.
 */
final class UdpReadPause extends ChannelInboundHandlerAdapter {
  /** A batch of fewer queries than this may be followed by a pause: half of what one read takes. */
  static final int SMALL_BATCH = 8;
  /** The rate above which a pause pays: 10,000 queries a second, one per 100 µs. */
  static final long BUSY_NANOS_PER_QUERY = 100_000;

  private final long pauseNanos;
  private final LongSupplier clock;
  private final LongConsumer sleeper;
  private int batch;
  private long lastBatchEnd;

  UdpReadPause(long pauseNanos, LongSupplier clock, LongConsumer sleeper) {
    this.pauseNanos = pauseNanos;
    this.clock = clock;
    this.sleeper = sleeper;
    this.lastBatchEnd = clock.getAsLong();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    batch++;
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.fireChannelReadComplete(); // the batch's replies are flushed first
    if (batch == 0) {
      return; // a read that found nothing says nothing of the rate
    }
    long now = clock.getAsLong();
    boolean busy = batch < SMALL_BATCH && now - lastBatchEnd <= batch * BUSY_NANOS_PER_QUERY;
    lastBatchEnd = now;
    batch = 0;
    if (busy) {
      sleeper.accept(pauseNanos);
    }
  }
}
