package io.wadns.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.wadns.health.HealthRegistry;
import io.wadns.health.HealthReport;
import io.wadns.transport.NettyTransport;
import io.wadns.reload.ReloadReport;
import io.wadns.reload.ReloadResult;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's HTTP port ({@code --http}): {@code GET /health} returns the health of every checked
 * address as JSON; {@code POST /reload} reloads the zones and answers with what happened (200 when
 * every zone loaded, 422 when a zone file or the folder has problems and its old version is kept,
 * 500 when the reload itself broke, 503 when it is still running after {@link #RELOAD_WAIT}). Runs on
 * its own thread so a slow HTTP client never touches query handling; the reload runs elsewhere.
 */
public final class HttpEndpoint implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpEndpoint.class);
  /** Below the read timeout, which would close the connection first. */
  static final Duration RELOAD_WAIT = Duration.ofSeconds(25);

  private final EventLoopGroup group;
  private final Channel channel;

  private HttpEndpoint(EventLoopGroup group, Channel channel) {
    this.group = group;
    this.channel = channel;
  }

  /** Serves {@code GET /health} only. */
  public static HttpEndpoint start(InetSocketAddress address, HealthRegistry health)
      throws InterruptedException, ListenException {
    return start(address, health, null);
  }

  /**
   * Serves {@code GET /health}, and {@code POST /reload} unless {@code reload} is null; {@code reload}
   * must only start a reload elsewhere and return at once.
   */
  public static HttpEndpoint start(InetSocketAddress address, HealthRegistry health,
      Supplier<CompletableFuture<ReloadResult>> reload) throws InterruptedException, ListenException {
    return start(address, health, reload, null);
  }

  /**
   * As {@link #start(InetSocketAddress, HealthRegistry, Supplier)}, also serving {@code GET /metrics}
   * unless {@code metrics} is null.
   */
  public static HttpEndpoint start(InetSocketAddress address, HealthRegistry health,
      Supplier<CompletableFuture<ReloadResult>> reload, MetricsPage metrics)
      throws InterruptedException, ListenException {
    NettyTransport transport = NettyTransport.best();
    EventLoopGroup group = transport.newGroup(1);
    Routes routes = new Routes(health, reload, metrics);
    try {
      ChannelFuture bound = new ServerBootstrap()
          .group(group)
          .channel(transport.serverChannel())
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel c) {
              c.pipeline()
                  .addLast(new ReadTimeoutHandler(30, TimeUnit.SECONDS))
                  .addLast(new HttpServerCodec())
                  .addLast(new HttpObjectAggregator(16 * 1024))
                  .addLast(routes);
            }
          })
          .bind(address).await();
      if (!bound.isSuccess()) {
        throw new ListenException(address, "HTTP", bound.cause());
      }
      Channel ch = bound.channel();
      log.info("HTTP endpoint on {} (GET /health{}{})", DnsServer.display((InetSocketAddress) ch.localAddress()),
          metrics == null ? "" : ", GET /metrics", reload == null ? "" : ", POST /reload");
      return new HttpEndpoint(group, ch);
    } catch (RuntimeException | InterruptedException | ListenException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
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
  }

  @ChannelHandler.Sharable
  private static final class Routes extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final HealthRegistry health;
    private final Supplier<CompletableFuture<ReloadResult>> reload;
    private final MetricsPage metrics;

    Routes(HealthRegistry health, Supplier<CompletableFuture<ReloadResult>> reload, MetricsPage metrics) {
      this.health = health;
      this.reload = reload;
      this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      String path = request.uri();
      int query = path.indexOf('?');
      if (query >= 0) {
        path = path.substring(0, query);
      }
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      HttpMethod method = request.method();
      if (path.equals("/health")) {
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
          send(ctx, keepAlive, notAllowed("GET, HEAD"));
        } else {
          send(ctx, keepAlive, text(HttpResponseStatus.OK, HealthReport.json(health.all()), "application/json"));
        }
      } else if (path.equals("/metrics") && metrics != null) {
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
          send(ctx, keepAlive, notAllowed("GET, HEAD"));
        } else {
          send(ctx, keepAlive, bytes(HttpResponseStatus.OK, metrics.body().get(), metrics.contentType()));
        }
      } else if (path.equals("/reload") && reload != null) {
        if (!method.equals(HttpMethod.POST)) {
          send(ctx, keepAlive, notAllowed("POST"));
        } else {
          reload(ctx, keepAlive);
        }
      } else {
        send(ctx, keepAlive, text(HttpResponseStatus.NOT_FOUND,
            "not found; try GET /health" + (metrics == null ? "" : ", GET /metrics")
                + (reload == null ? "" : " or POST /reload") + "\n", "text/plain"));
      }
    }

    /**
     * Starts a reload (or joins the waiting one) and answers when it is done, off this thread. The
     * connection reads nothing meanwhile, so a pipelined request cannot be answered first.
     */
    private void reload(ChannelHandlerContext ctx, boolean keepAlive) {
      ctx.channel().config().setAutoRead(false);
      CompletableFuture<ReloadResult> done;
      try {
        // A copy, so the timeout does not fail the reload for others waiting on it.
        done = reload.get().copy().orTimeout(RELOAD_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RuntimeException e) {
        done = CompletableFuture.failedFuture(e);
      }
      done.whenComplete((result, error) -> {
        FullHttpResponse response;
        if (error == null) {
          response = text(result.ok() ? HttpResponseStatus.OK : HttpResponseStatus.UNPROCESSABLE_ENTITY,
              ReloadReport.json(result), "application/json");
        } else if (error instanceof TimeoutException) {
          response = text(HttpResponseStatus.SERVICE_UNAVAILABLE, "reload still running after "
              + RELOAD_WAIT.toSeconds() + " s; its outcome will be in the log\n", "text/plain");
        } else {
          Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
          response = text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "reload failed: " + cause + "\n", "text/plain");
        }
        send(ctx, keepAlive, response);
        ctx.channel().config().setAutoRead(true);
      });
    }

    private static void send(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
      HttpUtil.setKeepAlive(response, keepAlive);
      var written = ctx.writeAndFlush(response);
      if (!keepAlive) {
        written.addListener(ChannelFutureListener.CLOSE);
      }
    }

    private static FullHttpResponse notAllowed(String allow) {
      FullHttpResponse response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "use " + allow.replace(", ", " or ")
          + "\n", "text/plain");
      response.headers().set(HttpHeaderNames.ALLOW, allow);
      return response;
    }

    private static FullHttpResponse bytes(HttpResponseStatus status, byte[] body, String contentType) {
      FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
      HttpUtil.setContentLength(r, body.length);
      return r;
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body, String type) {
      FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
          Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, type + "; charset=utf-8");
      HttpUtil.setContentLength(r, r.content().readableBytes());
      return r;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
