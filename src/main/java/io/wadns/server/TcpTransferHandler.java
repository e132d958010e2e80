package io.wadns.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.wadns.transfer.MessageStream;
import io.wadns.transfer.OutboundTransfers;
import io.wadns.transfer.TransferReply;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Type;

/**
 * One per TCP connection, between {@link TcpInFlightLimiter} and {@link TcpQueryHandler}: takes the
 * AXFR and IXFR requests and streams their answers, every other query goes on to the query handler.
 *
 * <p>A transfer writes its next message only when the ones before have gone to the socket (at most
 * {@link #WINDOW} written and not yet taken, and only while the channel is writable), so a secondary
 * that reads slowly holds a few messages of memory, never the zone; each message counts against the
 * connection's in-flight cap like any reply. Queries that arrive during a transfer wait for it to end
 * (replies stay in query order); past {@link #MAX_HELD} of them the connection is closed.
 *
 * <p>All methods run on the channel's event loop.
 */
final class TcpTransferHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(TcpTransferHandler.class);
  private static final OncePerMinute ERROR_LOG = new OncePerMinute();
  /** Messages of a transfer written and not yet taken by the socket. */
  static final int WINDOW = 4;
  /** Queries held behind a transfer; no secondary pipelines this many. */
  static final int MAX_HELD = 64;

  private final OutboundTransfers transfers;
  private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();
  private final ChannelFutureListener written = this::written;
  private ChannelHandlerContext ctx;
  private MessageStream active;
  private int outstanding;
  private boolean pumping;
  private boolean again;

  TcpTransferHandler(OutboundTransfers transfers) {
    this.transfers = transfers;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    // Between two messages of a transfer no reply may be in flight: the limiter must not take the
    // connection for finished then (a client that half-closed after its request lost the rest of it).
    ctx.channel().attr(TcpInFlightLimiter.DOWNSTREAM_BUSY).set(this::busy);
  }

  /** A transfer streams, or queries wait behind one. */
  private boolean busy() {
    return active != null || !held.isEmpty();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf frame = (ByteBuf) msg;
    if (active != null) {
      if (held.size() >= MAX_HELD) {
        frame.release();
        log.debug("closing {}: more than {} queries behind a zone transfer", ctx.channel().remoteAddress(), MAX_HELD);
        ctx.close();
        return;
      }
      held.add(frame);
      return;
    }
    if (isTransfer(frame)) {
      start(frame);
    } else {
      ctx.fireChannelRead(frame);
    }
  }

  /** A query (QR clear, opcode QUERY) of one question whose type is AXFR or IXFR. */
  static boolean isTransfer(ByteBuf frame) {
    int r = frame.readerIndex();
    int n = frame.readableBytes();
    if (n < 17 || (frame.getUnsignedShort(r + 2) & 0xF800) != 0 || frame.getUnsignedShort(r + 4) != 1) {
      return false;
    }
    int p = 12;
    while (p < n) {
      int label = frame.getUnsignedByte(r + p);
      if (label == 0) {
        break;
      }
      if (label > 63) {
        return false; // compressed or invalid: the query handler answers it
      }
      p += label + 1;
    }
    if (p + 5 > n) {
      return false;
    }
    int type = frame.getUnsignedShort(r + p + 1);
    return type == Type.AXFR || type == Type.IXFR;
  }

  private void start(ByteBuf frame) {
    byte[] request = ByteBufUtil.getBytes(frame);
    frame.release();
    InetSocketAddress client = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a : null;
    TransferReply reply;
    try {
      reply = transfers.answer(request, client);
    } catch (RuntimeException e) {
      // A bug a client's bytes reach: said once a minute at most, so that no client can flood the log
      if (ERROR_LOG.permit()) {
        log.warn("zone transfer request from {} failed: {}", client, e.toString(), e);
      }
      ctx.close();
      return;
    }
    if (reply instanceof TransferReply.Single single) {
      ctx.writeAndFlush(Unpooled.wrappedBuffer(single.wire()), ctx.voidPromise());
    } else {
      active = ((TransferReply.Stream) reply).messages();
      pump();
    }
  }

  /** Writes messages while the window and the channel allow; then the held queries, once it ends. */
  private void pump() {
    if (pumping) {
      again = true; // a write completed inside the flush below: look again once it returns
      return;
    }
    pumping = true;
    try {
      do {
        again = false;
        boolean wrote = false;
        while (active != null && outstanding < WINDOW && (ctx.channel().isWritable() || outstanding == 0)) {
          byte[] message = active.next();
          if (message == null) {
            MessageStream done = active;
            active = null;
            done.finished(true);
            break;
          }
          outstanding++;
          wrote = true;
          ctx.write(Unpooled.wrappedBuffer(message)).addListener(written);
        }
        if (wrote) {
          ctx.flush();
        }
      } while (again && active != null);
    } catch (RuntimeException e) {
      log.warn("zone transfer to {} failed: {}", ctx.channel().remoteAddress(), e.toString(), e);
      abandon();
      ctx.close();
      return;
    } finally {
      pumping = false;
    }
    if (active == null) {
      answerHeld();
    }
  }

  private void written(ChannelFuture f) {
    outstanding--;
    if (f.isSuccess()) {
      pump();
    } else {
      abandon();
      ctx.close();
    }
  }

  /** Passes on the queries that waited, in order, until one of them is a transfer again. */
  private void answerHeld() {
    boolean passed = false;
    while (active == null && !held.isEmpty()) {
      ByteBuf frame = held.poll();
      if (isTransfer(frame)) {
        start(frame);
      } else {
        ctx.fireChannelRead(frame);
        passed = true;
      }
    }
    if (passed) {
      ctx.fireChannelReadComplete(); // the query handler flushes
    }
    if (!busy()) {
      TcpInFlightLimiter limiter = ctx.pipeline().get(TcpInFlightLimiter.class);
      if (limiter != null) {
        limiter.downstreamIdle();
      }
    }
  }

  private void abandon() {
    if (active != null) {
      MessageStream gone = active;
      active = null;
      gone.finished(false);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    abandon();
    releaseHeld();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releaseHeld();
  }

  private void releaseHeld() {
    for (ByteBuf frame; (frame = held.poll()) != null; ) {
      ReferenceCountUtil.release(frame);
    }
  }
}
