package io.wadns.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.server.HttpEndpoint;
import io.wadns.testing.SettableClock;
import io.wadns.server.HttpOptions;
import io.wadns.testing.TestZones;
import io.wadns.zone.ZoneSet;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /health} on the operator's HTTP port, read with the JDK's HTTP client. */
@Timeout(60)
class HealthEndpointTest {
  static final String ZONE = TestZones.exampleCom(60, """
      a  A 192.0.2.1
      a  A 192.0.2.2
      a  HEALTHCHECK tcp port=443 interval=1 timeout=0.5 rise=2 fall=2
      b  A 192.0.2.3
      b  AAAA 2001:db8::3
      b  HEALTHCHECK http port=8080 path=/healthz interval=1 timeout=0.5 rise=2 fall=2
      www ALIAS 1 a
      www ALIAS 1 b
      """);
  static final Instant LOADED = Instant.parse("2030-01-02T03:04:05Z");
  static final Instant PROBED = Instant.parse("2030-01-02T03:04:35.250Z");
  static final HttpOptions ON_LOOPBACK = HttpOptions.on(new InetSocketAddress("127.0.0.1", 0));

  @TempDir Path dir;
  HttpEndpoint endpoint;
  LoopbackDns dns;
  LoopbackListeners listeners;
  final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  @AfterEach
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {endpoint, dns, listeners}) {
      if (c != null) {
        LoopbackPorts.closeQuietly(c);
      }
    }
  }

  /** Loads the zone into a registry on a settable clock; no monitor, states are recorded by hand. */
  private HealthRegistry loadWithoutProbes(SettableClock clock) {
    HealthRegistry registry = new HealthRegistry(clock);
    ZoneSet zones = TestZones.parse(registry.keys(), "example.com.zone", ZONE); // fails on any problem, warnings too
    registry.publish(zones.healthChecks());
    return registry;
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    InetSocketAddress a = endpoint.address();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.getPort() + path))
        .timeout(Duration.ofSeconds(5))
        .method(method, method.equals("POST")
            ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody())
        .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthListsEveryCheckedAddressWithGroupStateLastResultAndLastChange() throws Exception {
    SettableClock clock = new SettableClock(LOADED);
    HealthRegistry registry = loadWithoutProbes(clock);
    clock.set(PROBED);
    AddressHealth dead = tracker(registry, "192.0.2.1");
    dead.record(new ProbeResult(false, "connect failed: Connection refused"));
    dead.record(new ProbeResult(false, "connect failed: Connection refused"));
    tracker(registry, "192.0.2.2").record(new ProbeResult(false, "HTTP 500 \"oops\" \\ tab\there"));
    tracker(registry, "192.0.2.3").record(new ProbeResult(true, "HTTP 200 in 3 ms"));
    endpoint = HttpEndpoint.start(ON_LOOPBACK, registry);

    HttpResponse<String> response = send("GET", "/health");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    String body = response.body();
    assertThat(LoopbackHealthJson.field(body, "checked")).isEqualTo("4");
    assertThat(LoopbackHealthJson.field(body, "up")).isEqualTo("3");
    List<Map<String, String>> addresses = LoopbackHealthJson.addresses(body);
    assertThat(addresses).extracting(m -> m.get("group") + " " + m.get("address")).startsWith(
        "a.example.com. 192.0.2.1",
        "a.example.com. 192.0.2.2",
        "b.example.com. 192.0.2.3");
    assertThat(addresses).hasSize(4);
    // IPv6 as Java writes it (2001:db8:0:0:0:0:0:3) or as RFC 5952 does (2001:db8::3): the same address
    assertThat(addresses.get(3)).containsEntry("group", "b.example.com.");
    assertThat(InetAddress.getByName(addresses.get(3).get("address")))
        .isEqualTo(InetAddress.getByName("2001:db8::3"));
    assertThat(addresses.get(0)).containsEntry("state", "down")
        .containsEntry("check", "tcp port 443")
        .containsEntry("last_result", "failed: connect failed: Connection refused")
        .containsEntry("last_probe", PROBED.toString())
        .containsEntry("last_change", PROBED.toString());
    // one failure of fall=2: still up; the reason survives JSON escaping, a control character does not
    assertThat(addresses.get(1)).containsEntry("state", "up")
        .containsEntry("last_result", "failed: HTTP 500 \"oops\" \\ tab?here")
        .containsEntry("last_change", LOADED.toString());
    assertThat(addresses.get(2)).containsEntry("state", "up")
        .containsEntry("check", "http port 8080")
        .containsEntry("last_result", "ok: HTTP 200 in 3 ms")
        .containsEntry("last_probe", PROBED.toString())
        .containsEntry("last_change", LOADED.toString());
    assertThat(addresses.get(3)).containsEntry("state", "up")
        .containsEntry("last_result", "not probed yet")
        .containsEntry("last_probe", null)
        .containsEntry("last_change", LOADED.toString());
  }

  @Test
  void healthShowsWhatRealProbesFound() throws Exception {
    int port = LoopbackPorts.commonFreePort(LoopbackPorts.range(1, 2));
    listeners = LoopbackListeners.open(List.of(LoopbackPorts.address(2)), port);
    // 127.0.0.1 has no listener on the port: its probes are refused.
    dns = LoopbackDns.start(Files.createDirectory(dir.resolve("live")), TestZones.exampleCom(60, """
        svc A 127.0.0.1
        svc A 127.0.0.2
        svc HEALTHCHECK tcp port=%d interval=0.3 timeout=0.3 rise=2 fall=2
        """.formatted(port)));
    endpoint = HttpEndpoint.start(ON_LOOPBACK, dns.registry());

    LoopbackDeadline.await(Duration.ofSeconds(5), "/health shows 127.0.0.1 down and 127.0.0.2 probed ok", () -> {
      List<Map<String, String>> a = LoopbackHealthJson.addresses(send("GET", "/health").body());
      return a.size() == 2 && "down".equals(a.get(0).get("state"))
          && a.get(1).get("last_result").startsWith("ok: ");
    });

    HttpResponse<String> response = send("GET", "/health");
    List<Map<String, String>> addresses = LoopbackHealthJson.addresses(response.body());
    assertThat(addresses.get(0)).containsEntry("group", "svc.example.com.").containsEntry("address", "127.0.0.1");
    assertThat(addresses.get(0).get("last_result")).startsWith("failed: connect failed");
    assertThat(Instant.parse(addresses.get(0).get("last_change"))).isAfter(Instant.parse("2020-01-01T00:00:00Z"));
    assertThat(addresses.get(1)).containsEntry("address", "127.0.0.2").containsEntry("state", "up");
    assertThat(addresses.get(1).get("last_result")).startsWith("ok: connected in");
    assertThat(LoopbackHealthJson.field(response.body(), "up")).isEqualTo("1");
  }

  @Test
  void otherPathsAreNotFound() throws Exception {
    endpoint = HttpEndpoint.start(ON_LOOPBACK, loadWithoutProbes(new SettableClock(LOADED)));

    assertThat(send("GET", "/other").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/health/more").statusCode()).isEqualTo(404);
  }

  @Test
  void postToHealthIsNotAllowed() throws Exception {
    endpoint = HttpEndpoint.start(ON_LOOPBACK, loadWithoutProbes(new SettableClock(LOADED)));

    HttpResponse<String> response = send("POST", "/health");

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("allow")).hasValue("GET, HEAD");
  }

  @Test
  void headOfHealthHasTheHeadersOnly() throws Exception {
    endpoint = HttpEndpoint.start(ON_LOOPBACK, loadWithoutProbes(new SettableClock(LOADED)));

    HttpResponse<String> response = send("HEAD", "/health");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    assertThat(response.body()).isEmpty();
  }

  @Test
  void queryStringIsIgnored() throws Exception {
    endpoint = HttpEndpoint.start(ON_LOOPBACK, loadWithoutProbes(new SettableClock(LOADED)));

    HttpResponse<String> response = send("GET", "/health?pretty=1");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(LoopbackHealthJson.addresses(response.body())).hasSize(4);
  }

  private static AddressHealth tracker(HealthRegistry registry, String address) throws Exception {
    InetAddress a = InetAddress.getByName(address);
    return registry.all().stream().filter(h -> h.address().equals(a)).findFirst().orElseThrow();
  }

}
