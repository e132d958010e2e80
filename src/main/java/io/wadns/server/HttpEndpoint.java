package io.wadns.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import io.wadns.health.HealthRegistry;
import io.wadns.reload.ReloadResult;
import io.wadns.transport.NettyTransport;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's HTTP port ({@code --http}): {@code GET /health} returns the health of every checked
 * address as JSON; {@code GET /metrics} the metrics; {@code POST /reload} reloads the zones and
 * answers with what happened (200 when every zone loaded, 422 when a zone file or the folder has
 * problems and its old version is kept, 500 when the reload itself broke, 503 when it is still
 * running after {@link HttpRoutes#RELOAD_WAIT}). Only requests whose Host names the port are
 * answered ({@link HostCheck}); who may reload is {@link ReloadAccess}'s to say; what clients may
 * hold is bounded by {@link HttpLimits}. Runs on its own thread, scrapes on another, with its own
 * connection cap, so a slow or hostile HTTP client never touches query handling; the reload runs
 * elsewhere. Thread-safe.
 */
public final class HttpEndpoint implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpEndpoint.class);

  private final EventLoopGroup group;
  private final Channel channel;
  private final ExecutorService scrapes;

  private HttpEndpoint(EventLoopGroup group, Channel channel, ExecutorService scrapes) {
    this.group = group;
    this.channel = channel;
    this.scrapes = scrapes;
  }

  /** Serves {@code GET /health} only. */
  public static HttpEndpoint start(HttpOptions options, HealthRegistry health)
      throws InterruptedException, ListenException {
    return start(options, health, null, null);
  }

  /**
   * Serves {@code GET /health}; {@code POST /reload} unless {@code reload} is null, which must only
   * start a reload elsewhere and return at once; {@code GET /metrics} unless {@code metrics} is null.
   */
  public static HttpEndpoint start(HttpOptions options, HealthRegistry health,
      Supplier<CompletableFuture<ReloadResult>> reload, MetricsPage metrics)
      throws InterruptedException, ListenException {
    NettyTransport transport = NettyTransport.best();
    EventLoopGroup group = transport.newGroup(1);
    // One scrape at a time, on a thread of its own; requests that come meanwhile share the next (HttpRoutes).
    ExecutorService scrapes = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "wadns-metrics");
      t.setDaemon(true);
      return t;
    });
    HttpRoutes routes = new HttpRoutes(health, reload, metrics, scrapes, HttpRoutes.SCRAPE_WAIT,
        reload == null ? null : ReloadAccess.of(options.address(), options.token()));
    try {
      ChannelFuture bound = new ServerBootstrap()
          .group(group)
          .channelFactory(transport.serverChannel(options.address().getAddress()))
          .childHandler(new HttpPipeline(options.limits(), routes))
          .bind(options.address()).await();
      if (!bound.isSuccess()) {
        throw new ListenException(options.address(), "HTTP", bound.cause());
      }
      Channel ch = bound.channel();
      log.info("HTTP endpoint on {} ({})", DnsServer.display((InetSocketAddress) ch.localAddress()), routes.served());
      return new HttpEndpoint(group, ch, scrapes);
    } catch (RuntimeException | InterruptedException | ListenException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      scrapes.shutdownNow();
      throw e;
    }
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    scrapes.shutdownNow();
  }
}
