package io.wadns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.health.HealthRegistry;
import io.wadns.reload.ReloadResult;
import io.wadns.reload.ReloadStats;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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

  @Test
  void getGetPostGetOnOneConnectionAreAnsweredInOrder() throws Exception {
    ReloadResult reloaded = new ReloadResult(List.of(), List.of(), new ReloadStats.Snapshot(1, 0, Map.of()), Map.of());
    endpoint = HttpEndpoint.start(HttpOptions.on(new InetSocketAddress("127.0.0.1", 0)),
        new HealthRegistry(Clock.systemUTC()),
        () -> CompletableFuture.supplyAsync(() -> reloaded, CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS)),
        new MetricsPage("text/plain; version=0.0.4", () -> "wadns_test 1\n".getBytes(StandardCharsets.UTF_8)));
    String host = "Host: 127.0.0.1:" + endpoint.address().getPort();

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
}
