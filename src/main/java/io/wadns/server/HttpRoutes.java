package io.wadns.server;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpContentException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.wadns.health.HealthRegistry;
import io.wadns.health.HealthReport;
import io.wadns.reload.ReloadReport;
import io.wadns.reload.ReloadResult;
import io.wadns.text.AddressText;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the HTTP port answers to one request: {@code GET /health}, {@code GET /metrics},
 * {@code POST /reload}, after checking the Host header. An answer may come later (a reload runs
 * elsewhere); it never fails: a bug becomes a 500. Shared by every connection; thread-safe.
 */
final class HttpRoutes {
  private static final Logger log = LoggerFactory.getLogger(HttpRoutes.class);
  /** How long a {@code POST /reload} waits for the reload before answering 503. */
  static final Duration RELOAD_WAIT = Duration.ofSeconds(25);
  /** How long a {@code GET /metrics} waits for its page before answering 503. */
  static final Duration SCRAPE_WAIT = Duration.ofSeconds(10);

  private final HealthRegistry health;
  private final Supplier<CompletableFuture<ReloadResult>> reload;
  private final MetricsPage metrics;
  private final Executor scrapes;
  private final Duration scrapeWait;
  private final AtomicReference<CompletableFuture<byte[]>> scraping = new AtomicReference<>();
  private final ReloadAccess access;
  private final OncePerMinute errorLog = new OncePerMinute();
  private final OncePerMinute refusalLog = new OncePerMinute();

  /**
   * @param reload starts a reload elsewhere and returns at once; null when {@code POST /reload} is not served
   * @param metrics null when {@code GET /metrics} is not served
   * @param access who may reload; null when {@code reload} is
   */
  HttpRoutes(HealthRegistry health, Supplier<CompletableFuture<ReloadResult>> reload, MetricsPage metrics,
      ReloadAccess access) {
    this(health, reload, metrics, Runnable::run, SCRAPE_WAIT, access);
  }

  /**
   * @param scrapes where {@code GET /metrics} renders its page, off the thread that answers the port's other
   *     requests: the first scrape registers the JVM's metrics (about half a second on a busy CPU), and a
   *     scrape of many zones' series takes a while too, neither of which {@code GET /health} should wait for
   * @param scrapeWait how long a {@code GET /metrics} waits for its page before answering 503
   */
  HttpRoutes(HealthRegistry health, Supplier<CompletableFuture<ReloadResult>> reload, MetricsPage metrics,
      Executor scrapes, Duration scrapeWait, ReloadAccess access) {
    this.health = health;
    this.reload = reload;
    this.metrics = metrics;
    this.scrapes = scrapes;
    this.scrapeWait = scrapeWait;
    this.access = access;
  }

  /** What the start-up log line lists. */
  String served() {
    return "GET /health" + (metrics == null ? "" : ", GET /metrics") + (reload == null ? "" : ", POST /reload");
  }

  /**
   * The answer to {@code request}, which came in on {@code local} from {@code remote}. A response
   * marked {@code Connection: close} ends the connection.
   */
  CompletableFuture<FullHttpResponse> answer(FullHttpRequest request, SocketAddress local, SocketAddress remote) {
    try {
      return route(request, local, remote);
    } catch (RuntimeException e) {
      if (errorLog.permit()) {
        log.warn("{} {} failed (logged at most once a minute): {}", request.method(), path(request), e.toString(), e);
      }
      return done(HttpReplies.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error; see the log\n"));
    }
  }

  private CompletableFuture<FullHttpResponse> route(FullHttpRequest request, SocketAddress local,
      SocketAddress remote) {
    if (request.decoderResult().isFailure()) {
      return done(HttpReplies.closing(malformed(request.decoderResult().cause())));
    }
    FullHttpResponse refused = checkHost(local, request);
    if (refused != null) {
      return done(HttpReplies.closing(refused)); // RFC 9110 §15.5.20: the client may retry on another connection
    }
    String path = path(request);
    HttpMethod method = request.method();
    boolean get = method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD);
    if (path.equals("/health")) {
      return done(get ? HttpReplies.json(HttpResponseStatus.OK, HealthReport.json(health.all()))
          : HttpReplies.notAllowed("GET, HEAD"));
    }
    if (path.equals("/metrics") && metrics != null) {
      return get ? scrape(request) : done(HttpReplies.notAllowed("GET, HEAD"));
    }
    if (path.equals("/reload") && reload != null) {
      if (!method.equals(HttpMethod.POST)) {
        return done(HttpReplies.notAllowed("POST"));
      }
      ReloadAccess.Verdict verdict = access.check(request.headers());
      if (verdict != ReloadAccess.Verdict.ALLOWED && refusalLog.permit()) {
        log.warn("POST /reload from {} refused: {} (logged at most once a minute)",
            remote instanceof InetSocketAddress client ? AddressText.of(client) : remote,
            verdict == ReloadAccess.Verdict.NO_TOKEN_SET ? "no --http-token-file on a port off loopback"
                : "no token or a wrong one");
      }
      return switch (verdict) {
        case ALLOWED -> reload();
        case NO_TOKEN_SET -> done(HttpReplies.text(HttpResponseStatus.FORBIDDEN, "POST /reload is refused on a port"
            + " off loopback without a token: start wadns with --http-token-file FILE and send"
            + " Authorization: Bearer TOKEN\n"));
        case NOT_AUTHORIZED -> done(notAuthorized(request));
      };
    }
    return done(HttpReplies.text(HttpResponseStatus.NOT_FOUND, "not found; try GET /health"
        + (metrics == null ? "" : ", GET /metrics") + (reload == null ? "" : " or POST /reload") + "\n"));
  }

  /**
   * The metrics page, rendered on {@link #scrapes}: a failure there is a 500, as on this thread, and a page
   * not ready within {@link #scrapeWait} a 503 (Prometheus gives up after 10 s by default).
   */
  private CompletableFuture<FullHttpResponse> scrape(FullHttpRequest request) {
    String method = request.method().name();
    // A copy, so that one request's timeout does not fail the scrape for the others sharing it.
    return sharedScrape().copy().orTimeout(scrapeWait.toMillis(), TimeUnit.MILLISECONDS).handle((body, error) -> {
      if (error == null) {
        return HttpReplies.bytes(HttpResponseStatus.OK, body, metrics.contentType());
      }
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (cause instanceof TimeoutException) {
        return HttpReplies.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "metrics not rendered within "
            + (scrapeWait.toMillis() % 1000 == 0 ? String.valueOf(scrapeWait.toSeconds())
                : String.valueOf(scrapeWait.toMillis() / 1000.0)) + " s\n");
      }
      if (errorLog.permit()) {
        log.warn("{} /metrics failed (logged at most once a minute): {}", method, cause.toString(), cause);
      }
      return HttpReplies.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error; see the log\n");
    });
  }

  /**
   * The scrape waiting or running, or a new one: requests that come meanwhile share it, so however many
   * clients ask (a flood of connections that ask and hang up), one scrape runs at a time and at most one
   * is owed.
   */
  private CompletableFuture<byte[]> sharedScrape() {
    while (true) {
      CompletableFuture<byte[]> current = scraping.get();
      if (current != null) {
        return current;
      }
      CompletableFuture<byte[]> mine = new CompletableFuture<>();
      if (scraping.compareAndSet(null, mine)) {
        try {
          scrapes.execute(() -> {
            try {
              byte[] body = metrics.body().get();
              scraping.compareAndSet(mine, null);
              mine.complete(body);
            } catch (Throwable t) { // an Error too: the requests get their 500 and the next scrape is a new one
              scraping.compareAndSet(mine, null);
              mine.completeExceptionally(t);
            }
          });
        } catch (RuntimeException e) { // the endpoint is closing
          scraping.compareAndSet(mine, null);
          mine.completeExceptionally(e);
        }
        return mine;
      }
    }
  }

  /** Starts a reload (or joins the waiting one) and answers when it is done. */
  private CompletableFuture<FullHttpResponse> reload() {
    CompletableFuture<ReloadResult> done;
    try {
      // A copy, so the timeout does not fail the reload for others waiting on it.
      done = reload.get().copy().orTimeout(RELOAD_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      done = CompletableFuture.failedFuture(e);
    }
    return done.handle((result, error) -> {
      if (error == null) {
        return HttpReplies.json(result.ok() ? HttpResponseStatus.OK : HttpResponseStatus.UNPROCESSABLE_ENTITY,
            ReloadReport.json(result));
      }
      if (error instanceof TimeoutException) {
        return HttpReplies.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "reload still running after "
            + RELOAD_WAIT.toSeconds() + " s; its outcome will be in the log\n");
      }
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      return HttpReplies.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "reload failed: " + cause + "\n");
    });
  }

  /**
   * The answer to a request that could not be read within the limits, or at all; the connection
   * ends after it, since what follows cannot be told apart from the rest of this request.
   */
  private static FullHttpResponse malformed(Throwable cause) {
    if (cause instanceof TooLongHttpLineException) {
      return HttpReplies.text(HttpResponseStatus.REQUEST_URI_TOO_LONG, // RFC 9110 §15.5.15
          "request line too long\n");
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return HttpReplies.text(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, // RFC 6585 §5
          "headers too large\n");
    }
    if (cause instanceof TooLongHttpContentException) {
      return HttpReplies.text(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, // RFC 9110 §15.5.14
          "request body too large; no request here needs one\n");
    }
    return HttpReplies.text(HttpResponseStatus.BAD_REQUEST, "malformed request\n");
  }

  /**
   * 401 with the challenge of RFC 6750 §3: {@code invalid_token} when a token came and was wrong.
   * The body never repeats what the client sent.
   */
  private static FullHttpResponse notAuthorized(FullHttpRequest request) {
    FullHttpResponse r = HttpReplies.text(HttpResponseStatus.UNAUTHORIZED,
        "POST /reload needs Authorization: Bearer TOKEN, the token in the file of --http-token-file\n");
    r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, request.headers().contains(HttpHeaderNames.AUTHORIZATION)
        ? "Bearer realm=\"wadns\", error=\"invalid_token\"" : "Bearer realm=\"wadns\"");
    return r;
  }

  /** Null when the request's Host names this port; else the answer that says which Host would. */
  private static FullHttpResponse checkHost(SocketAddress localAddress, FullHttpRequest request) {
    if (!(localAddress instanceof InetSocketAddress local)) {
      return HttpReplies.text(HttpResponseStatus.MISDIRECTED_REQUEST, "not served here\n");
    }
    return switch (HostCheck.check(local, request.protocolVersion(), request.headers().getAll(HttpHeaderNames.HOST))) {
      case SERVED -> null;
      case BAD_REQUEST -> HttpReplies.text(HttpResponseStatus.BAD_REQUEST,
          "send one Host header naming this port: Host: " + HostCheck.expected(local) + "\n");
      case MISDIRECTED -> HttpReplies.text(HttpResponseStatus.MISDIRECTED_REQUEST, "this port answers to Host: "
          + HostCheck.expected(local) + "\n");
    };
  }

  /** The path of the request target, without its query. */
  private static String path(FullHttpRequest request) {
    String uri = request.uri();
    int query = uri.indexOf('?');
    return query < 0 ? uri : uri.substring(0, query);
  }

  private static CompletableFuture<FullHttpResponse> done(FullHttpResponse response) {
    return CompletableFuture.completedFuture(response);
  }
}
