package io.wadns.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.IdleStateHandler;
import io.wadns.protocol.Responder;
import io.wadns.transport.NettyTransport;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network front end: binds every listen address on UDP and TCP and hands each query to the
 * {@link Responder}. Start once, close once; {@link #close()} stops accepting, lets in-flight
 * replies go out, and releases the threads.
 */
public final class DnsServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DnsServer.class);
  /** RFC 1035 §4.2.2: a 2-byte length prefix; the largest message is 65535 bytes. */
  private static final int MAX_TCP_MESSAGE = 65535;

  private final ServerOptions options;
  private final NettyTransport transport = NettyTransport.best();
  private final EventLoopGroup group;
  private final EventLoopGroup acceptor;
  private final UdpQueryHandler udpHandler;
  private final TcpQueryHandler tcpHandler;
  private final ConnectionLimiter limiter;
  private final List<Channel> channels = new ArrayList<>();
  private final List<InetSocketAddress> bound = new ArrayList<>();

  public DnsServer(Responder responder, ServerOptions options) {
    this.options = options;
    this.group = transport.newGroup(options.threads());
    this.acceptor = transport.newGroup(1);
    this.udpHandler = new UdpQueryHandler(responder);
    this.tcpHandler = new TcpQueryHandler(responder);
    this.limiter = new ConnectionLimiter(options.tcpMaxConnections());
  }

  /** Binds every address; on failure closes what was bound and throws. */
  public void start() throws InterruptedException {
    try {
      for (InetSocketAddress address : options.listen()) {
        // A port of 0 is chosen by the kernel for TCP; UDP then binds the same port.
        InetSocketAddress tcp = bindTcp(address);
        bindUdp(new InetSocketAddress(address.getAddress(), tcp.getPort()));
        bound.add(tcp);
        log.info("listening on {} (UDP, TCP) with {} transport", display(tcp),
            transport.name().toLowerCase());
      }
    } catch (RuntimeException | InterruptedException e) {
      close();
      throw e;
    }
  }

  /** The addresses actually bound, in listen order; ports resolved when 0 was asked for. */
  public List<InetSocketAddress> boundAddresses() {
    return List.copyOf(bound);
  }

  private InetSocketAddress bindTcp(InetSocketAddress address) throws InterruptedException {
    ServerBootstrap b = new ServerBootstrap()
        .group(acceptor, group)
        .channel(transport.serverChannel())
        .option(ChannelOption.SO_REUSEADDR, true)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            long idle = options.tcpIdleTimeout().toMillis();
            ch.pipeline()
                .addLast(limiter)
                .addLast(new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS))
                .addLast(new LengthFieldBasedFrameDecoder(MAX_TCP_MESSAGE + 2, 0, 2, 0, 2))
                .addLast(new LengthFieldPrepender(2))
                .addLast(tcpHandler);
          }
        });
    Channel ch = b.bind(address).sync().channel();
    channels.add(ch);
    return (InetSocketAddress) ch.localAddress();
  }

  private void bindUdp(InetSocketAddress address) throws InterruptedException {
    int sockets = transport.reusePort() ? options.threads() : 1;
    for (int i = 0; i < sockets; i++) {
      Bootstrap b = new Bootstrap()
          .group(group)
          .channel(transport.datagramChannel())
          .option(ChannelOption.SO_RCVBUF, 4 << 20)
          .option(ChannelOption.SO_SNDBUF, 4 << 20)
          .handler(udpHandler);
      if (transport.reusePort()) {
        b.option(EpollChannelOption.SO_REUSEPORT, true);
      }
      channels.add(b.bind(address).sync().channel());
    }
  }

  @Override
  public void close() {
    for (Channel ch : channels) {
      ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    channels.clear();
    acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  /** {@code 127.0.0.1:5300} or {@code [::1]:5300}, as operators write them. */
  public static String display(InetSocketAddress a) {
    String host = a.getAddress().getHostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
  }
}
