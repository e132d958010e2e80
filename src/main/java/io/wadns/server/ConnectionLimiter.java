package io.wadns.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps concurrent TCP connections in total and per client (RFC 7766 §6.2.2): past either cap a new
 * connection is closed at once. A client is an IPv4 address or an IPv6 /64, the block one host
 * usually gets. Shared by every connection; thread-safe.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(ConnectionLimiter.class);
  private static final AttributeKey<Object> CLIENT = AttributeKey.valueOf(ConnectionLimiter.class, "client");

  private final int max;
  private final int maxPerClient;
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentHashMap<Object, Integer> perClient = new ConcurrentHashMap<>();

  /** A total cap only. */
  ConnectionLimiter(int max) {
    this(max, max);
  }

  ConnectionLimiter(int max, int maxPerClient) {
    this.max = max;
    this.maxPerClient = maxPerClient;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    int total = open.incrementAndGet();
    Object client = client(ctx.channel().remoteAddress());
    int fromClient = 0;
    if (client != null) {
      ctx.channel().attr(CLIENT).set(client);
      fromClient = perClient.merge(client, 1, Integer::sum);
    }
    if (total > max || fromClient > maxPerClient) {
      log.debug("refusing TCP connection from {}: {} open, {} from this client", ctx.channel().remoteAddress(),
          total - 1, fromClient - 1);
      ctx.close();
      return;
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    open.decrementAndGet();
    Object client = ctx.channel().attr(CLIENT).getAndSet(null);
    if (client != null) {
      perClient.computeIfPresent(client, (k, n) -> n == 1 ? null : n - 1);
    }
    ctx.fireChannelInactive();
  }

  int open() {
    return open.get();
  }

  /** Connections counted against {@code address}'s client. */
  int openFrom(InetAddress address) {
    return perClient.getOrDefault(client(new InetSocketAddress(address, 0)), 0);
  }

  /** The key a connection from {@code remote} is counted under; null when it has no IP address. */
  private static Object client(SocketAddress remote) {
    if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
      return null;
    }
    InetAddress address = inet.getAddress();
    if (address instanceof Inet6Address) {
      return new Prefix64(ByteBuffer.wrap(address.getAddress()).getLong());
    }
    return address;
  }

  /** The first 64 bits of an IPv6 address. */
  private record Prefix64(long bits) {}
}
