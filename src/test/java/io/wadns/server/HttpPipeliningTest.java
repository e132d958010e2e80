package io.wadns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.health.HealthRegistry;
import io.wadns.reload.ReloadResult;
import io.wadns.reload.ReloadStats;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * HTTP/1.1 pipelining (RFC 9112 §9.3.2): requests sent back to back on one connection are answered
 * in the order they came, even when one of them, {@code POST /reload}, is answered later than the
 * next.
 */
@Timeout(30)
class HttpPipeliningTest {
  HttpEndpoint endpoint;

  @AfterEach
  void stop() {
    if (endpoint != null) {
      endpoint.close();
    }
  }

  static final ReloadResult RELOADED =
      new ReloadResult(List.of(), List.of(), new ReloadStats.Snapshot(1, 0, Map.of()), Map.of());

  /** Starts the port with a reload that takes 300 ms; returns the Host header line. */
  String start(HttpOptions options) throws Exception {
    endpoint = HttpEndpoint.start(options, new HealthRegistry(Clock.systemUTC()),
        () -> CompletableFuture.supplyAsync(() -> RELOADED, CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS)),
        new MetricsPage("text/plain; version=0.0.4", () -> "wadns_test 1\n".getBytes(StandardCharsets.UTF_8)));
    return "Host: 127.0.0.1:" + endpoint.address().getPort();
  }

  @Test
  void getGetPostGetOnOneConnectionAreAnsweredInOrder() throws Exception {
    String host = start(HttpOptions.on(new InetSocketAddress("127.0.0.1", 0)));

    try (RawHttp http = RawHttp.connect(endpoint.address())) {
      http.send(RawHttp.request("GET /health HTTP/1.1", host)
          + RawHttp.request("GET /metrics HTTP/1.1", host)
          + RawHttp.request("POST /reload HTTP/1.1", host, "Content-Length: 0")
          + RawHttp.request("GET /health HTTP/1.1", host));

      List<RawHttp.Response> responses = List.of(http.read(), http.read(), http.read(), http.read());

      assertThat(responses).extracting(RawHttp.Response::status).containsExactly(200, 200, 200, 200);
      assertThat(responses.get(0).body()).contains("\"checked\"");
      assertThat(responses.get(1).body()).isEqualTo("wadns_test 1\n");
      assertThat(responses.get(2).body()).as("the reload's report, third").contains("\"reloaded\"");
      assertThat(responses.get(3).body()).as("the last GET, after the reload").contains("\"checked\"");
    }
  }

  @Test
  void moreRequestsThanMayWaitBehindAReloadAreStillAllAnsweredInOrder() throws Exception {
    HttpLimits d = HttpLimits.DEFAULTS;
    String host = start(HttpOptions.on(new InetSocketAddress("127.0.0.1", 0)).withLimits(new HttpLimits(
        d.maxConnections(), d.requestDeadline(), d.idleTimeout(), d.writeTimeout(), d.maxRequestLineBytes(),
        d.maxHeaderBytes(), d.maxBodyBytes(), 2)));
    StringBuilder requests = new StringBuilder(RawHttp.request("POST /reload HTTP/1.1", host, "Content-Length: 0"));
    for (int i = 0; i < 6; i++) {
      requests.append(RawHttp.request("GET /health?n=" + i + " HTTP/1.1", host));
    }

    try (RawHttp http = RawHttp.connect(endpoint.address())) {
      http.send(requests.toString());

      assertThat(http.read().body()).contains("\"reloaded\"");
      for (int i = 0; i < 6; i++) {
        assertThat(http.read().body()).contains("\"checked\"");
      }
    }
  }

  @Test
  void nothingAfterARequestThatClosesTheConnectionIsAnswered() throws Exception {
    String host = start(HttpOptions.on(new InetSocketAddress("127.0.0.1", 0)));

    try (RawHttp http = RawHttp.connect(endpoint.address())) {
      http.send(RawHttp.request("POST /reload HTTP/1.1", host, "Content-Length: 0", "Connection: close")
          + RawHttp.request("GET /health HTTP/1.1", host));

      RawHttp.Response reload = http.read();
      assertThat(reload.body()).contains("\"reloaded\"");
      assertThat(reload.headers()).containsEntry("connection", "close");
      assertThat(http.closedWithin(Duration.ofSeconds(3))).isTrue();
    }
  }
}
