package io.wadns.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.wadns.protocol.Responder;
import io.wadns.protocol.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers DNS messages framed by {@code LengthFieldBasedFrameDecoder} (RFC 1035 §4.2.2); replies go
 * out in query order, several per connection (RFC 7766 §6.2.1). Closes idle connections and stops
 * reading from a client that does not read its replies. In {@link DnsServer} a
 * {@link TcpInFlightLimiter} ahead of it does the latter, with a cap on replies in flight.
 */
@ChannelHandler.Sharable
final class TcpQueryHandler extends SimpleChannelInboundHandler<ByteBuf> {
  private static final Logger log = LoggerFactory.getLogger(TcpQueryHandler.class);

  private final Responder responder;

  TcpQueryHandler(Responder responder) {
    this.responder = responder;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
    // TCP is never rate limited: the client has shown its address is its own (ISC RRL).
    InetSocketAddress client = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a : null;
    ByteBuf reply = Scratch.answer(responder, frame, Transport.TCP, client, null, ctx.alloc());
    if (reply != null) {
      ctx.write(reply, ctx.voidPromise());
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    // Back-pressure: a client that does not read its answers gets no more of its queries read.
    ctx.channel().config().setAutoRead(ctx.channel().isWritable());
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      ctx.close(); // RFC 7766 §6.2.3: the server may close idle connections
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!(cause instanceof IOException)) {
      log.debug("TCP error from {}: {}", ctx.channel().remoteAddress(), cause.toString());
    }
    ctx.close();
  }
}
