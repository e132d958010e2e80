package io.wadns.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpContentException;

/**
 * Whole requests, with a body of at most {@code maxBodyBytes} (no request of the port needs one). A
 * request with a longer body goes on as a failed request, so that its 413 is answered in turn
 * like any other answer and ends the connection; Netty's aggregator would write its own 413 at once,
 * ahead of answers still due to pipelined requests before it. One per connection.
 */
final class BoundedAggregator extends HttpObjectAggregator {
  BoundedAggregator(int maxBodyBytes) {
    super(maxBodyBytes);
  }

  /**
   * {@code 100 Continue} for a body within bounds; none for a longer one, which gets the in-order 413
   * instead, nor for other expectations, which are ignored (RFC 9110 §10.1.1 lets a server do so).
   */
  @Override
  protected Object newContinueResponse(HttpMessage start, int maxBodyBytes, ChannelPipeline pipeline) {
    if (!HttpUtil.is100ContinueExpected(start) || isContentLengthInvalid(start, maxBodyBytes)) {
      return null;
    }
    return super.newContinueResponse(start, maxBodyBytes, pipeline);
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    if (oversized instanceof HttpRequest request) {
      FullHttpRequest refused = new DefaultFullHttpRequest(request.protocolVersion(), request.method(), request.uri(),
          Unpooled.EMPTY_BUFFER);
      refused.headers().set(request.headers());
      refused.setDecoderResult(DecoderResult.failure(
          new TooLongHttpContentException("a body over " + maxContentLength() + " bytes")));
      ctx.fireChannelRead(refused);
    }
  }
}
