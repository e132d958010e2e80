package io.wadns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.wadns.health.HealthRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A {@code GET /metrics} whose page does not come in time is a 503, and requests meanwhile queue no more scrapes. */
class ScrapeWaitTest {
  private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 8053);
  private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);

  @Test
  void aPageThatDoesNotComeInTimeIsA503AndTheRequestsMeanwhileShareTheOneScrapeOwed() throws Exception {
    List<Runnable> queued = new ArrayList<>();
    AtomicInteger rendered = new AtomicInteger();
    // An executor that never gets to its tasks: the scrape stays owed.
    HttpRoutes routes = new HttpRoutes(new HealthRegistry(Clock.systemUTC()), null,
        new MetricsPage("text/plain", () -> {
          rendered.incrementAndGet();
          return "wadns_test 1\n".getBytes(StandardCharsets.UTF_8);
        }), queued::add, Duration.ofMillis(100), null);

    for (int i = 0; i < 3; i++) {
      FullHttpResponse response = routes.answer(get("/metrics"), LOCAL, CLIENT).get(5, TimeUnit.SECONDS);
      assertThat(response.status()).isEqualTo(HttpResponseStatus.SERVICE_UNAVAILABLE);
      assertThat(response.content().toString(StandardCharsets.UTF_8)).isEqualTo("metrics not rendered within 0.1 s\n");
      response.release();
    }
    assertThat(queued).as("one scrape owed for all three").hasSize(1);

    FullHttpResponse health = routes.answer(get("/health"), LOCAL, CLIENT).get(5, TimeUnit.SECONDS);
    assertThat(health.status()).isEqualTo(HttpResponseStatus.OK);
    health.release();

    queued.get(0).run(); // the scrape runs at last; the next request asks for one of its own
    assertThat(rendered.get()).isEqualTo(1);
    FullHttpResponse late = routes.answer(get("/metrics"), LOCAL, CLIENT).get(5, TimeUnit.SECONDS);
    assertThat(late.status()).as("a new scrape, queued and not run").isEqualTo(HttpResponseStatus.SERVICE_UNAVAILABLE);
    late.release();
    assertThat(queued).hasSize(2);
  }

  private static FullHttpRequest get(String path) {
    FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
    request.headers().set(HttpHeaderNames.HOST, "127.0.0.1:8053");
    return request;
  }
}
