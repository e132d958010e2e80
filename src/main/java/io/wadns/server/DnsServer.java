package io.wadns.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.ChannelGroupFuture;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.wadns.protocol.Responder;
import io.wadns.rrl.ResponseRateLimiter;
import io.wadns.text.AddressText;
import io.wadns.transfer.OutboundTransfers;
import io.wadns.transport.NettyTransport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network front end: binds every listen address on UDP and TCP and hands each query to the
 * {@link Responder}. Start once, close once; {@link #close()} stops accepting, lets in-flight
 * replies go out, and releases the threads.
 *
 * <p>A TCP connection goes through: the connection caps ({@link ConnectionLimiter}), the 2-octet
 * framing, the idle timer ({@link TcpIdleTimer}, shorter past half the cap), the in-flight cap
 * ({@link TcpInFlightLimiter}) and the query handler.
 */
public final class DnsServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DnsServer.class);
  /**
   * Largest UDP query read whole when reading in batches; a query is one question and an OPT, far
   * below this (a longer datagram is truncated by the kernel and gets FORMERR or nothing).
   */
  private static final int MAX_UDP_QUERY = 4096;
  /** Datagrams read per recvmmsg(2) call. */
  private static final int UDP_BATCH = 16;
  /** RFC 1035 §4.2.2: a 2-byte length prefix; the largest message is 65535 bytes. */
  private static final int MAX_TCP_MESSAGE = 65535;
  /** How long {@link #close()} waits for TCP connections to send the replies they owe. */
  private static final Duration DRAIN_WAIT = Duration.ofSeconds(2);
  /**
   * Reading from a connection pauses while this much waits in its outbound buffer, whatever the
   * number of replies: one largest message, so that big answers are capped in bytes.
   */
  private static final WriteBufferWaterMark TCP_WATER_MARK = new WriteBufferWaterMark(16 * 1024, 64 * 1024);

  private final ServerOptions options;
  private final NettyTransport transport = NettyTransport.best();
  private final EventLoopGroup group;
  private final EventLoopGroup acceptor;
  private final UdpQueryHandler udpHandler;
  private final TcpQueryHandler tcpHandler;
  private final ConnectionLimiter limiter;
  private final BooleanSupplier busy;
  /** Open TCP connections, so that close can let them finish. */
  private final ChannelGroup connections = new DefaultChannelGroup("wadns-tcp", GlobalEventExecutor.INSTANCE);
  private final LongAdder tcpQueries = new LongAdder();
  private final List<Channel> channels = new ArrayList<>();
  private final List<InetSocketAddress> bound = new ArrayList<>();
  /** The primary side of zone transfer, or null: then AXFR and IXFR go to the responder (REFUSED). */
  private final OutboundTransfers transfers;

  public DnsServer(Responder responder, ServerOptions options) {
    this(responder, options, null);
  }

  /** @param rateLimiter response rate limiting for UDP replies, or null when it is off (TCP is never limited) */
  public DnsServer(Responder responder, ServerOptions options, ResponseRateLimiter rateLimiter) {
    this(responder, options, rateLimiter, null);
  }

  /** @param transfers answers AXFR and IXFR over TCP (RFC 5936, RFC 1995), or null when none are offered */
  public DnsServer(Responder responder, ServerOptions options, ResponseRateLimiter rateLimiter,
      OutboundTransfers transfers) {
    this.transfers = transfers;
    this.options = options;
    this.group = transport.newGroup(options.threads());
    this.acceptor = transport.newGroup(1);
    this.udpHandler = new UdpQueryHandler(responder, rateLimiter);
    this.tcpHandler = new TcpQueryHandler(responder);
    this.limiter = new ConnectionLimiter(options.tcpMaxConnections(), options.tcpMaxPerClient(), System::nanoTime);
    this.busy = limiter::busy;
  }

  /**
   * Binds every address; on failure closes what was bound and throws a {@link ListenException} that
   * names the address, the protocol and the reason.
   */
  public void start() throws InterruptedException, ListenException {
    try {
      for (InetSocketAddress address : options.listen()) {
        // A port of 0 is chosen by the kernel for TCP; UDP then binds the same port.
        InetSocketAddress tcp = bindTcp(address);
        bindUdp(new InetSocketAddress(address.getAddress(), tcp.getPort()));
        bound.add(tcp);
        log.info("listening on {} (UDP, TCP) with {} transport", display(tcp),
            transport.name().toLowerCase());
      }
    } catch (RuntimeException | InterruptedException | ListenException e) {
      close();
      throw e;
    }
  }

  /** The addresses actually bound, in listen order; ports resolved when 0 was asked for. */
  public List<InetSocketAddress> boundAddresses() {
    return List.copyOf(bound);
  }

  private InetSocketAddress bindTcp(InetSocketAddress address) throws InterruptedException, ListenException {
    ServerBootstrap b = new ServerBootstrap()
        .group(acceptor, group)
        .channelFactory(transport.serverChannel(address.getAddress()))
        .option(ChannelOption.SO_REUSEADDR, true)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, TCP_WATER_MARK)
        // A client may end its side after its last query; TcpInFlightLimiter closes once it is answered.
        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            connections.add(ch);
            ch.pipeline()
                .addLast(limiter)
                .addLast(new LengthFieldBasedFrameDecoder(MAX_TCP_MESSAGE + 2, 0, 2, 0, 2))
                .addLast(new LengthFieldPrepender(2))
                // After the framing, so that only whole queries count as reading: a client dribbling
                // a query more slowly than the idle timeout is closed like an idle one (RFC 7766
                // §6.2.3). Replies taken by the socket count as activity.
                .addLast(new TcpIdleTimer(options.tcpIdleTimeout(), options.tcpBusyIdleTimeout(), busy,
                    System::nanoTime))
                .addLast(new TcpInFlightLimiter(options.tcpMaxInFlight(), tcpQueries));
            if (transfers != null) {
              ch.pipeline().addLast(new TcpTransferHandler(transfers));
            }
            ch.pipeline().addLast(tcpHandler);
          }
        });
    Channel ch = bind(b.bind(address), address, "TCP");
    return (InetSocketAddress) ch.localAddress();
  }

  private void bindUdp(InetSocketAddress address) throws InterruptedException, ListenException {
    int sockets = transport.reusePort() ? options.threads() : 1;
    for (int i = 0; i < sockets; i++) {
      Bootstrap b = new Bootstrap()
          .group(group)
          .channelFactory(transport.datagramChannel(address.getAddress()))
          .option(ChannelOption.SO_RCVBUF, 4 << 20)
          .option(ChannelOption.SO_SNDBUF, 4 << 20)
          .handler(udpPipeline());
      if (transport.reusePort()) {
        b.option(EpollChannelOption.SO_REUSEPORT, true);
        // recvmmsg(2): one system call reads up to UDP_BATCH queries, each into its own slice of
        // one pooled buffer; replies written during the batch leave with one sendmmsg(2) on flush.
        b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_UDP_QUERY);
        b.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_UDP_QUERY * UDP_BATCH));
      }
      bind(b.bind(address), address, "UDP");
    }
  }

  /** Each UDP channel's pipeline: its own read pause (when on), then the shared query handler. */
  ChannelInitializer<Channel> udpPipeline() {
    long pauseNanos = options.udpReadPause().toNanos();
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        if (pauseNanos > 0) {
          ch.pipeline().addLast(new UdpReadPause(pauseNanos, System::nanoTime, LockSupport::parkNanos));
        }
        ch.pipeline().addLast(udpHandler);
      }
    };
  }

  private Channel bind(ChannelFuture bound, InetSocketAddress address, String protocol)
      throws InterruptedException, ListenException {
    if (!bound.await().isSuccess()) {
      throw new ListenException(address, protocol, bound.cause());
    }
    channels.add(bound.channel());
    return bound.channel();
  }

  /** TCP connections open now, refused ones included until they are closed. */
  int openTcpConnections() {
    return limiter.open();
  }

  /** TCP queries handed to the responder so far, over all connections. */
  long tcpQueries() {
    return tcpQueries.sum();
  }

  /**
   * Stops accepting TCP connections and closes the UDP sockets; then every TCP connection answers
   * the queries it has read, sends its replies and ends its stream (see {@link TcpInFlightLimiter});
   * connections still open after {@link #DRAIN_WAIT} are closed; then the threads stop.
   */
  @Override
  public void close() {
    for (Channel ch : channels) {
      ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    channels.clear();
    if (!connections.isEmpty()) {
      ChannelGroupFuture closed = connections.newCloseFuture();
      for (Channel ch : connections) {
        ch.pipeline().fireUserEventTriggered(TcpInFlightLimiter.DRAIN);
      }
      if (!closed.awaitUninterruptibly(DRAIN_WAIT.toMillis())) {
        log.info("closing {} TCP connection(s) whose clients did not finish within {} s", connections.size(),
            DRAIN_WAIT.toSeconds());
      }
      connections.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    }
    acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  /** {@code 127.0.0.1:5300} or {@code [::1]:5300}, as operators write them. */
  public static String display(InetSocketAddress a) {
    return AddressText.of(a);
  }
}
