package io.wadns.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.wadns.protocol.Responder;
import io.wadns.rrl.ResponseRateLimiter;
import io.wadns.protocol.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers UDP queries: one datagram in, at most one datagram out to the sender. Replies are
 * written per packet and flushed once per read batch, so a burst leaves in one send call.
 */
@ChannelHandler.Sharable
final class UdpQueryHandler extends SimpleChannelInboundHandler<DatagramPacket> {
  private static final Logger log = LoggerFactory.getLogger(UdpQueryHandler.class);

  private final Responder responder;
  private final ResponseRateLimiter limiter;

  /** @param limiter response rate limiting, or null when it is off */
  UdpQueryHandler(Responder responder, ResponseRateLimiter limiter) {
    this.responder = responder;
    this.limiter = limiter;
  }

  UdpQueryHandler(Responder responder) {
    this(responder, null);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    ByteBuf reply = Scratch.answer(responder, packet.content(), Transport.UDP, packet.sender(), limiter, ctx.alloc());
    if (reply != null) {
      ctx.write(new DatagramPacket(reply, packet.sender(), packet.recipient()), ctx.voidPromise());
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A UDP socket error (ICMP unreachable from a vanished client, ...) concerns one peer only.
    log.debug("UDP error on {}: {}", ctx.channel().localAddress(), cause.toString());
  }
}
