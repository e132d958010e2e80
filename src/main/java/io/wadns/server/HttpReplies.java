package io.wadns.server;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** The responses of the HTTP port, whole and with their length. */
final class HttpReplies {
  private HttpReplies() {}

  static FullHttpResponse text(HttpResponseStatus status, String body) {
    return text(status, body, "text/plain");
  }

  static FullHttpResponse json(HttpResponseStatus status, String body) {
    return text(status, body, "application/json");
  }

  static FullHttpResponse bytes(HttpResponseStatus status, byte[] body, String contentType) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    HttpUtil.setContentLength(r, body.length);
    return r;
  }

  static FullHttpResponse notAllowed(String allow) {
    FullHttpResponse r = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "use " + allow.replace(", ", " or ") + "\n");
    r.headers().set(HttpHeaderNames.ALLOW, allow);
    return r;
  }

  /** {@code response}, marked to end the connection once it is written. */
  static FullHttpResponse closing(FullHttpResponse response) {
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    return response;
  }

  private static FullHttpResponse text(HttpResponseStatus status, String body, String type) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    r.headers().set(HttpHeaderNames.CONTENT_TYPE, type + "; charset=utf-8");
    HttpUtil.setContentLength(r, r.content().readableBytes());
    return r;
  }
}
