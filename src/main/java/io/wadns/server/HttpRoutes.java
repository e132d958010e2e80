package io.wadns.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.wadns.health.HealthRegistry;
import io.wadns.health.HealthReport;
import io.wadns.reload.ReloadReport;
import io.wadns.reload.ReloadResult;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * What each path of the HTTP port answers: {@code GET /health}, {@code GET /metrics},
 * {@code POST /reload}. Shared by every connection of the port.
 */
@ChannelHandler.Sharable
final class HttpRoutes extends SimpleChannelInboundHandler<FullHttpRequest> {
  /** Below the read timeout, which would close the connection first. */
  static final Duration RELOAD_WAIT = Duration.ofSeconds(25);

  private final HealthRegistry health;
  private final Supplier<CompletableFuture<ReloadResult>> reload;
  private final MetricsPage metrics;

  /**
   * @param reload starts a reload elsewhere and returns at once; null when {@code POST /reload} is not served
   * @param metrics null when {@code GET /metrics} is not served
   */
  HttpRoutes(HealthRegistry health, Supplier<CompletableFuture<ReloadResult>> reload, MetricsPage metrics) {
    this.health = health;
    this.reload = reload;
    this.metrics = metrics;
  }

  /** What the start-up log line lists. */
  String served() {
    return "GET /health" + (metrics == null ? "" : ", GET /metrics") + (reload == null ? "" : ", POST /reload");
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    FullHttpResponse refused = checkHost(ctx.channel().localAddress(), request);
    if (refused != null) {
      send(ctx, false, refused); // RFC 9110 §15.5.20: the client may retry on another connection
      return;
    }
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

  /** Null when the request's Host names this port; else the answer that says which Host would. */
  private static FullHttpResponse checkHost(SocketAddress localAddress, FullHttpRequest request) {
    if (!(localAddress instanceof InetSocketAddress local)) {
      return text(HttpResponseStatus.MISDIRECTED_REQUEST, "not served here\n", "text/plain");
    }
    return switch (HostCheck.check(local, request.protocolVersion(), request.headers().getAll(HttpHeaderNames.HOST))) {
      case SERVED -> null;
      case BAD_REQUEST -> text(HttpResponseStatus.BAD_REQUEST, "send one Host header naming this port: Host: "
          + HostCheck.expected(local) + "\n", "text/plain");
      case MISDIRECTED -> text(HttpResponseStatus.MISDIRECTED_REQUEST, "this port answers to Host: "
          + HostCheck.expected(local) + "\n", "text/plain");
    };
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
