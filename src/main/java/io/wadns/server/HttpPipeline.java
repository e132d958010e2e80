package io.wadns.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.util.concurrent.TimeUnit;

/** The handlers of one connection to the HTTP port, in order. */
final class HttpPipeline extends ChannelInitializer<Channel> {
  private final HttpLimits limits;
  private final HttpRoutes routes;

  HttpPipeline(HttpLimits limits, HttpRoutes routes) {
    this.limits = limits;
    this.routes = routes;
  }

  @Override
  protected void initChannel(Channel c) {
    c.pipeline()
        .addLast(new ReadTimeoutHandler(limits.readTimeout().toMillis(), TimeUnit.MILLISECONDS))
        .addLast(new HttpServerCodec())
        .addLast(new HttpObjectAggregator(limits.maxContentBytes()))
        .addLast(new InOrderResponses(routes, limits.maxPipelined()));
  }
}
