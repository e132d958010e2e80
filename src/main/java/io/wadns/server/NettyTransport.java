package io.wadns.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/** Netty's native epoll transport on Linux, NIO elsewhere (or when the native library is missing). */
enum NettyTransport {
  EPOLL,
  NIO;

  static NettyTransport best() {
    return Epoll.isAvailable() ? EPOLL : NIO;
  }

  EventLoopGroup newGroup(int threads) {
    return new MultiThreadIoEventLoopGroup(threads,
        this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }

  Class<? extends DatagramChannel> datagramChannel() {
    return this == EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class;
  }

  Class<? extends ServerSocketChannel> serverChannel() {
    return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  /** Can several UDP sockets share one address, so each event loop reads its own? */
  boolean reusePort() {
    return this == EPOLL;
  }
}
