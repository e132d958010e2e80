package io.wadns.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.wadns.health.HealthRegistry;
import io.wadns.reload.ReloadResult;
import io.wadns.reload.ReloadStats;
import io.wadns.testing.LogCapture;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may {@code POST /reload}: off loopback only a client with the bearer token, and nobody when no
 * token is set; on loopback anybody, unless a token is set. {@code GET /metrics} and
 * {@code GET /health} stay open for Prometheus. The pipeline on an embedded channel, as if on
 * 192.0.2.1, an address no test could bind.
 */
class ReloadTokenTest {
  @RegisterExtension final LogCapture log = LogCapture.of("io.wadns.server");
  static final InetSocketAddress OFF_LOOPBACK = new InetSocketAddress("192.0.2.1", 8053);
  static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 8053);

  final AtomicInteger reloads = new AtomicInteger();

  EmbeddedHttp connect(InetSocketAddress local) {
    return connect(local, null);
  }

  EmbeddedHttp connect(InetSocketAddress local, HttpToken token) {
    ReloadResult result = new ReloadResult(List.of(), List.of(), new ReloadStats.Snapshot(1, 0, Map.of()), Map.of());
    HttpRoutes routes = new HttpRoutes(new HealthRegistry(Clock.systemUTC()), () -> {
      reloads.incrementAndGet();
      return CompletableFuture.completedFuture(result);
    }, new MetricsPage("text/plain", () -> "wadns_test 1\n".getBytes(StandardCharsets.UTF_8)),
        ReloadAccess.of(local, token));
    return new EmbeddedHttp(local, new HttpPipeline(HttpLimits.DEFAULTS, routes));
  }

  static String request(String line, InetSocketAddress local, String... headers) {
    String[] all = new String[headers.length + 1];
    all[0] = "Host: " + DnsServer.display(local);
    System.arraycopy(headers, 0, all, 1, headers.length);
    return RawHttp.request(line, all);
  }

  @Test
  void offLoopbackWithoutATokenReloadIsRefusedAndMetricsAndHealthAreServed() {
    EmbeddedHttp http = connect(OFF_LOOPBACK);

    String reload = http.exchange(request("POST /reload HTTP/1.1", OFF_LOOPBACK, "Content-Length: 0"));

    assertThat(reload).startsWith("HTTP/1.1 403").contains("--http-token-file");
    assertThat(reloads).hasValue(0);
    assertThat(http.exchange(request("GET /metrics HTTP/1.1", OFF_LOOPBACK))).startsWith("HTTP/1.1 200")
        .endsWith("wadns_test 1\n");
    assertThat(http.exchange(request("GET /health HTTP/1.1", OFF_LOOPBACK))).startsWith("HTTP/1.1 200");
  }

  @Test
  void onLoopbackWithoutATokenAnyLocalClientMayReload() {
    EmbeddedHttp http = connect(LOOPBACK);

    assertThat(http.exchange(request("POST /reload HTTP/1.1", LOOPBACK, "Content-Length: 0")))
        .startsWith("HTTP/1.1 200");
    assertThat(reloads).hasValue(1);
  }

  @Test
  void offLoopbackWithATokenOnlyTheRightBearerTokenReloads() {
    EmbeddedHttp http = connect(OFF_LOOPBACK, HttpToken.of("s3cret-t0ken"));

    String none = http.exchange(request("POST /reload HTTP/1.1", OFF_LOOPBACK, "Content-Length: 0"));
    assertThat(none).startsWith("HTTP/1.1 401").contains("www-authenticate: Bearer realm=\"wadns\"\r\n");
    String wrong = http.exchange(request("POST /reload HTTP/1.1", OFF_LOOPBACK, "Content-Length: 0",
        "Authorization: Bearer s3cret-t0kem"));
    assertThat(wrong).startsWith("HTTP/1.1 401").contains("error=\"invalid_token\"").doesNotContain("t0kem");
    assertThat(http.exchange(request("POST /reload HTTP/1.1", OFF_LOOPBACK, "Content-Length: 0",
        "Authorization: Basic czNjcmV0LXQwa2Vu"))).startsWith("HTTP/1.1 401");
    assertThat(http.exchange(request("POST /reload HTTP/1.1", OFF_LOOPBACK, "Content-Length: 0",
        "Authorization: Bearer s3cret-t0ken", "Authorization: Bearer s3cret-t0ken"))).startsWith("HTTP/1.1 401");
    assertThat(reloads).hasValue(0);

    assertThat(http.exchange(request("POST /reload HTTP/1.1", OFF_LOOPBACK, "Content-Length: 0",
        "Authorization: Bearer s3cret-t0ken"))).startsWith("HTTP/1.1 200");
    assertThat(http.exchange(request("POST /reload HTTP/1.1", OFF_LOOPBACK, "Content-Length: 0",
        "Authorization: bearer s3cret-t0ken"))).as("the scheme in any case").startsWith("HTTP/1.1 200");
    assertThat(reloads).hasValue(2);
    assertThat(http.exchange(request("GET /metrics HTTP/1.1", OFF_LOOPBACK))).as("no token needed")
        .startsWith("HTTP/1.1 200");
  }

  @Test
  void onLoopbackWithATokenSetTheTokenIsRequiredToo() {
    EmbeddedHttp http = connect(LOOPBACK, HttpToken.of("s3cret-t0ken"));

    assertThat(http.exchange(request("POST /reload HTTP/1.1", LOOPBACK, "Content-Length: 0")))
        .startsWith("HTTP/1.1 401");
    assertThat(http.exchange(request("POST /reload HTTP/1.1", LOOPBACK, "Content-Length: 0",
        "Authorization: Bearer s3cret-t0ken"))).startsWith("HTTP/1.1 200");
    assertThat(reloads).hasValue(1);
  }

  @Test
  void aPortOffLoopbackWithoutATokenWarnsOnceAtStart() {
    ReloadAccess.of(OFF_LOOPBACK, null);
    ReloadAccess.of(LOOPBACK, null);
    ReloadAccess.of(OFF_LOOPBACK, HttpToken.of("s3cret-t0ken"));

    assertThat(log.messages(Level.WARN)).containsExactly("HTTP port 192.0.2.1:8053 is not on loopback and has no"
        + " --http-token-file: POST /reload is refused there; GET /metrics and GET /health are open to anyone who"
        + " can reach it");
  }

  @Test
  void theTokenIsNeverInTheLog() {
    EmbeddedHttp http = connect(OFF_LOOPBACK, HttpToken.of("s3cret-t0ken"));
    http.exchange(request("POST /reload HTTP/1.1", OFF_LOOPBACK, "Content-Length: 0",
        "Authorization: Bearer s3cret-t0kem"));
    http.exchange(request("POST /reload HTTP/1.1", OFF_LOOPBACK, "Content-Length: 0",
        "Authorization: Bearer s3cret-t0ken"));

    assertThat(log.events()).extracting(e -> e.getFormattedMessage())
        .noneMatch(m -> m.contains("s3cret") || m.contains("t0ke"));
    assertThat(HttpToken.of("s3cret-t0ken").toString()).doesNotContain("s3cret");
  }

  @Test
  void aPortOnLoopbackStartedWithATokenFileRequiresTheTokenOverARealSocket(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("http.token");
    Files.writeString(file, "0123456789abcdef0123456789abcdef\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    ReloadResult result = new ReloadResult(List.of(), List.of(), new ReloadStats.Snapshot(1, 0, Map.of()), Map.of());
    try (HttpEndpoint endpoint = HttpEndpoint.start(
        HttpOptions.on(new InetSocketAddress("127.0.0.1", 0)).withTokenFile(file),
        new HealthRegistry(Clock.systemUTC()), () -> {
          reloads.incrementAndGet();
          return CompletableFuture.completedFuture(result);
        }, null)) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      URI uri = URI.create("http://127.0.0.1:" + endpoint.address().getPort() + "/reload");

      HttpResponse<String> without = client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody())
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> with = client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody())
          .header("Authorization", "Bearer 0123456789abcdef0123456789abcdef").timeout(Duration.ofSeconds(5))
          .build(), HttpResponse.BodyHandlers.ofString());

      assertThat(without.statusCode()).isEqualTo(401);
      assertThat(with.statusCode()).isEqualTo(200);
      assertThat(reloads).hasValue(1);
    }
  }
}
