package io.wadns.transport;

import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.channels.spi.SelectorProvider;

/** Which Netty transport to use: the native epoll transport on Linux, NIO elsewhere (or when the native library is missing). */
public enum NettyTransport {
  EPOLL,
  NIO;

  public static NettyTransport best() {
    return Epoll.isAvailable() ? EPOLL : NIO;
  }

  public EventLoopGroup newGroup(int threads) {
    return new MultiThreadIoEventLoopGroup(threads,
        this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }

  /**
   * UDP sockets of the family of the address they bind: an IPv4 address gets an IPv4 socket, not an IPv6
   * one that would carry it as {@code ::ffff:a.b.c.d} (Netty's default where IPv6 works), so that the
   * sockets are what the operator listed and packets skip the kernel's IPv6 path for mapped addresses
   * (per query, within the noise of the measurements in docs/performance.md).
   */
  public ChannelFactory<DatagramChannel> datagramChannel(InetAddress bindAddress) {
    SocketProtocolFamily family = familyOf(bindAddress);
    return this == EPOLL ? () -> new EpollDatagramChannel(family) : () -> new NioDatagramChannel(family);
  }

  /** Listening TCP sockets of the family of the address they bind, as {@link #datagramChannel}. */
  public ChannelFactory<ServerChannel> serverChannel(InetAddress bindAddress) {
    SocketProtocolFamily family = familyOf(bindAddress);
    return this == EPOLL ? () -> new EpollServerSocketChannel(family)
        : () -> new NioServerSocketChannel(SelectorProvider.provider(), family);
  }

  /**
   * IPv4 for an IPv4 address; IPv6 for an IPv6 one, and for the IPv4 wildcard 0.0.0.0, which has always
   * meant every address of both families here: an IPv6 socket bound to it is dual-stack (Netty and the
   * JDK bind it as {@code ::} with IPV6_V6ONLY off), so IPv6 clients keep being answered.
   */
  static SocketProtocolFamily familyOf(InetAddress address) {
    return address instanceof Inet6Address || address != null && address.isAnyLocalAddress()
        ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET;
  }

  public Class<? extends SocketChannel> socketChannel() {
    return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  /** Can several UDP sockets share one address, so each event loop reads its own? */
  public boolean reusePort() {
    return this == EPOLL;
  }
}
