package io.wadns.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.WriteTimeoutHandler;
import java.util.concurrent.TimeUnit;

/**
 * The handlers of one connection to the HTTP port, in order: the connection cap, the request
 * deadline and idle timer (on raw bytes), the write timeout, HTTP/1.1 decoding within the line and
 * header bounds, whole requests within the body bound, and answers in request order.
 */
final class HttpPipeline extends ChannelInitializer<Channel> {
  private final HttpLimits limits;
  private final ConnectionLimiter connections;
  private final HttpRoutes routes;

  HttpPipeline(HttpLimits limits, HttpRoutes routes) {
    this.limits = limits;
    this.connections = ConnectionLimiter.refusingPast(limits.maxConnections());
    this.routes = routes;
  }

  @Override
  protected void initChannel(Channel c) {
    RequestDeadline deadline = new RequestDeadline(limits);
    c.pipeline()
        .addLast(connections)
        .addLast(deadline)
        .addLast(new WriteTimeoutHandler(limits.writeTimeout().toNanos(), TimeUnit.NANOSECONDS))
        .addLast(new HttpServerCodec(new HttpDecoderConfig()
            .setMaxInitialLineLength(limits.maxRequestLineBytes())
            .setMaxHeaderSize(limits.maxHeaderBytes())))
        .addLast(new BoundedAggregator(limits.maxBodyBytes()))
        .addLast(new InOrderResponses(routes, deadline, limits.maxPipelined()));
  }
}
