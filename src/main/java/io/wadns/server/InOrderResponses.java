package io.wadns.server;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * Answers the requests of one connection in the order they came, as pipelining requires (RFC 9112
 * §9.3.2), though a later request may be answered sooner: {@code POST /reload} waits for the reload
 * while a {@code GET} behind it is answered at once. An answer waits for those before it; past
 * {@code maxWaiting} requests read and not answered, the connection is not read until answers go out.
 * One per connection; runs on its event loop.
 */
final class InOrderResponses extends SimpleChannelInboundHandler<FullHttpRequest> {
  private final HttpRoutes routes;
  private final RequestDeadline deadline;
  private final int maxWaiting;
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  /** An answer that ends the connection is queued: what comes after it is not answered. */
  private boolean ending;

  private record Waiting(CompletableFuture<FullHttpResponse> response, boolean keepAlive) {}

  InOrderResponses(HttpRoutes routes, RequestDeadline deadline, int maxWaiting) {
    this.routes = routes;
    this.deadline = deadline;
    this.maxWaiting = maxWaiting;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (ending) {
      return;
    }
    deadline.requestRead();
    CompletableFuture<FullHttpResponse> response = routes.answer(request, ctx.channel().localAddress(),
        ctx.channel().remoteAddress());
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    waiting.add(new Waiting(response, keepAlive));
    ending = !keepAlive;
    if (waiting.size() >= maxWaiting) {
      ctx.channel().config().setAutoRead(false);
    }
    if (response.isDone()) {
      writeReady(ctx);
    } else {
      response.whenComplete((r, e) -> ctx.executor().execute(() -> writeReady(ctx)));
    }
  }

  /** Writes the answers at the head of the queue that are ready, in order. */
  private void writeReady(ChannelHandlerContext ctx) {
    while (!waiting.isEmpty() && waiting.peek().response().isDone()) {
      Waiting next = waiting.poll();
      FullHttpResponse response = next.response().join(); // routes complete every answer normally
      boolean keepAlive = next.keepAlive() && HttpUtil.isKeepAlive(response);
      HttpUtil.setKeepAlive(response, keepAlive);
      ChannelFuture written = ctx.writeAndFlush(response).addListener(w -> deadline.answered());
      if (!keepAlive) {
        written.addListener(ChannelFutureListener.CLOSE);
        waiting.clear();
        return;
      }
    }
    if (!ending && waiting.size() < maxWaiting && !ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
