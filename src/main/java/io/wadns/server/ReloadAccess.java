package io.wadns.server;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may {@code POST /reload}. A port on loopback is reached by local processes only, so anyone
 * there may reload, unless a token is set, which is then required. Off loopback (including a
 * wildcard address) anyone who can route to the port could reload it, so a token is required, and
 * without one nobody may; wadns says so once at start. {@code GET /metrics} and {@code GET /health}
 * are not guarded: they change nothing, and Prometheus scrapes them. Immutable.
 */
final class ReloadAccess {
  private static final Logger log = LoggerFactory.getLogger(ReloadAccess.class);

  /** What a request may do; closed. */
  enum Verdict {
    ALLOWED,
    /** Off loopback with no token set: refused whatever it carries (403). */
    NO_TOKEN_SET,
    /** No Authorization, or not the token (401, RFC 6750 §3). */
    NOT_AUTHORIZED
  }

  private final boolean loopback;
  private final HttpToken token;

  private ReloadAccess(boolean loopback, HttpToken token) {
    this.loopback = loopback;
    this.token = token;
  }

  /** The access of a port listening on {@code listen}, with {@code token} or none (null). */
  static ReloadAccess of(InetSocketAddress listen, HttpToken token) {
    boolean loopback = listen.getAddress() != null && listen.getAddress().isLoopbackAddress();
    if (!loopback && token == null) {
      log.warn("HTTP port {} is not on loopback and has no --http-token-file: POST /reload is refused there;"
          + " GET /metrics and GET /health are open to anyone who can reach it", DnsServer.display(listen));
    }
    return new ReloadAccess(loopback, token);
  }

  Verdict check(HttpHeaders headers) {
    if (token != null) {
      return token.matches(headers.getAll(HttpHeaderNames.AUTHORIZATION)) ? Verdict.ALLOWED : Verdict.NOT_AUTHORIZED;
    }
    return loopback ? Verdict.ALLOWED : Verdict.NO_TOKEN_SET;
  }
}
