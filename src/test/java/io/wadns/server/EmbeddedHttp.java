package io.wadns.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * One connection to the HTTP port's pipeline on Netty's embedded channel, as if it had come in on
 * {@code local}: a way to try addresses off loopback without binding one. Requests are raw text in,
 * responses raw text out.
 */
final class EmbeddedHttp {
  private final EmbeddedChannel channel;

  EmbeddedHttp(InetSocketAddress local, ChannelHandler pipeline) {
    this.channel = new EmbeddedChannel(pipeline) {
      @Override
      protected SocketAddress localAddress0() {
        return local;
      }
    };
  }

  /** Sends {@code request} and returns everything written back, once every answer due is written. */
  String exchange(String request) {
    channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
    channel.runPendingTasks();
    StringBuilder out = new StringBuilder();
    for (ByteBuf b = channel.readOutbound(); b != null; b = channel.readOutbound()) {
      out.append(b.toString(StandardCharsets.UTF_8));
      b.release();
    }
    return out.toString();
  }

  boolean isOpen() {
    return channel.isOpen();
  }
}
