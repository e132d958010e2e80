package io.wadns.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * One per TCP connection, between the framing and {@link TcpQueryHandler}: caps the replies in flight
 * (RFC 7766 §6.2.1.2 lets a server limit pipelining). A reply is in flight from the moment it is
 * written until the socket has taken all of it. At {@code max} in flight, or when the outbound buffer
 * is over its high water mark, the connection's next queries are held and reading stops; they are
 * answered as the client reads its replies. What a client that never reads can make the server hold
 * is thus bounded: {@code max} replies, one read of queries and the kernel's socket buffers.
 *
 * <p>A client may end its side of the stream after its last query and wait for the replies: on the
 * end of input (the channel allows half closure) the held queries are still answered, and the
 * connection is closed once the last reply has gone out.
 *
 * <p>On {@link #DRAIN} (the server is stopping) it answers the queries it holds, answers no new one,
 * and once every reply has gone to the socket shuts the output: the client reads its replies, then
 * the end of the stream, and closes (RFC 7766 §6.2.3 leaves retrying to it). Input keeps being read
 * and dropped meanwhile, because closing a socket with unread input resets the connection and
 * throws away replies the client has not read yet.
 *
 * <p>Owns the channel's auto-read: writability changes stop here and do not reach the query handler.
 * All methods run on the channel's event loop.
 */
final class TcpInFlightLimiter extends ChannelDuplexHandler implements ChannelFutureListener {
  /** A user event: answer what is held and nothing new, end the output once the replies are out. */
  static final Object DRAIN = new Object() {
    @Override
    public String toString() {
      return "DRAIN";
    }
  };

  private final int max;
  private final LongAdder queries;
  private final ArrayDeque<Object> held = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private int inFlight;
  private boolean paused;
  private boolean resumeScheduled;
  private boolean draining;
  private boolean outputShut;
  private boolean inputEnded;

  /**
   * @param max replies in flight at most
   * @param queries counts the queries passed on to be answered, over all connections
   */
  TcpInFlightLimiter(int max, LongAdder queries) {
    this.max = max;
    this.queries = queries;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object frame) {
    if (draining) {
      ReferenceCountUtil.release(frame);
      return;
    }
    if (!held.isEmpty() || !canAnswer()) {
      held.add(frame); // order matters: replies go out in query order
      pause();
      return;
    }
    answer(frame);
    if (!canAnswer()) {
      pause();
    }
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    inFlight++;
    ChannelPromise p = promise.isVoid() ? ctx.newPromise() : promise;
    p.addListener(this);
    ctx.write(msg, p);
  }

  /** A reply has gone to the socket, or failed with the connection. */
  @Override
  public void operationComplete(ChannelFuture future) {
    inFlight--;
    afterProgress();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    afterProgress();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      inputEnded = true;
      closeIfFinished();
    }
    if (evt != DRAIN) {
      ctx.fireUserEventTriggered(evt);
      return;
    }
    if (draining) {
      return;
    }
    draining = true;
    // Queries already read are answered regardless of the cap: there are few, and we are leaving.
    boolean answered = !held.isEmpty();
    while (!held.isEmpty()) {
      answer(held.poll());
    }
    if (answered) {
      ctx.fireChannelReadComplete(); // the query handler flushes
    }
    paused = false;
    ctx.channel().config().setAutoRead(true);
    shutdownOutputIfDone();
    closeIfFinished();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    releaseHeld();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releaseHeld();
  }

  private boolean canAnswer() {
    return inFlight < max && ctx.channel().isWritable();
  }

  private void answer(Object frame) {
    queries.increment();
    ctx.fireChannelRead(frame);
  }

  private void pause() {
    if (!paused) {
      paused = true;
      ctx.channel().config().setAutoRead(false);
    }
  }

  private void afterProgress() {
    if (draining) {
      shutdownOutputIfDone();
      closeIfFinished();
      return;
    }
    closeIfFinished();
    // Resume at half the cap, so a steady pipeline does not stop and start at every reply. Resuming
    // runs as its own task: this may be called from inside a flush, where a new flush would do nothing.
    if (paused && !resumeScheduled && inFlight <= max / 2 && ctx.channel().isWritable()) {
      resumeScheduled = true;
      ctx.executor().execute(this::resume);
    }
  }

  private void resume() {
    resumeScheduled = false;
    if (!paused || draining || !ctx.channel().isActive()) {
      return;
    }
    boolean answered = false;
    while (!held.isEmpty() && canAnswer()) {
      answer(held.poll());
      answered = true;
    }
    if (answered) {
      ctx.fireChannelReadComplete(); // the query handler flushes
    }
    if (held.isEmpty() && canAnswer()) {
      paused = false;
      ctx.channel().config().setAutoRead(true); // reads at once
    }
    // Otherwise still paused: the next reply to leave calls afterProgress again.
    closeIfFinished();
  }

  /**
   * Set by a handler after this one that writes replies of its own over time ({@link TcpTransferHandler}:
   * a zone transfer streaming, with the queries that wait behind it): while it says it is busy, the
   * connection has replies to come even when none is in flight at this moment (between two messages of a
   * transfer), so it is neither closed nor its output shut.
   */
  static final AttributeKey<BooleanSupplier> DOWNSTREAM_BUSY =
      AttributeKey.valueOf(TcpInFlightLimiter.class, "downstreamBusy");

  /** Called by that handler once it is no longer busy: a connection whose input ended may now close. */
  void downstreamIdle() {
    if (draining) {
      shutdownOutputIfDone();
    }
    closeIfFinished();
  }

  private boolean downstreamBusy() {
    BooleanSupplier busy = ctx.channel().attr(DOWNSTREAM_BUSY).get();
    return busy != null && busy.getAsBoolean();
  }

  /** Once the client has ended its input, closes when it has every reply. */
  private void closeIfFinished() {
    if (inputEnded && held.isEmpty() && inFlight == 0 && !downstreamBusy() && ctx.channel().isOpen()) {
      ctx.close();
    }
  }

  private void shutdownOutputIfDone() {
    if (outputShut || inFlight > 0 || downstreamBusy() || !ctx.channel().isActive()) {
      return;
    }
    outputShut = true;
    if (ctx.channel() instanceof DuplexChannel duplex) {
      duplex.shutdownOutput(); // FIN after the last reply; the channel closes when the client's FIN comes
    } else {
      ctx.close();
    }
  }

  private void releaseHeld() {
    for (Object frame; (frame = held.poll()) != null; ) {
      ReferenceCountUtil.release(frame);
    }
  }
}
