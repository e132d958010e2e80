package io.wadns.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wadns.health.HealthRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A DNS-rebinding page in an operator's browser reaches a loopback port under the attacker's name,
 * so the port answers only requests whose Host names the address it listens on (RFC 9110 §7.2).
 */
@Timeout(30)
class HttpHostTest {
  HttpEndpoint endpoint;

  @AfterEach
  void stop() {
    if (endpoint != null) {
      endpoint.close();
    }
  }

  int start(String address) throws Exception {
    endpoint = HttpEndpoint.start(HttpOptions.on(new InetSocketAddress(address, 0)),
        new HealthRegistry(Clock.systemUTC()));
    return endpoint.address().getPort();
  }

  RawHttp.Response get(String... headers) throws IOException {
    return ask(RawHttp.request("GET /health HTTP/1.1", headers));
  }

  RawHttp.Response ask(String request) throws IOException {
    try (RawHttp http = RawHttp.connect(endpoint.address())) {
      http.send(request);
      return http.read();
    }
  }

  @Test
  void aHostNamingAnotherSiteIsMisdirectedAndTheConnectionClosed() throws Exception {
    int port = start("127.0.0.1");
    try (RawHttp http = RawHttp.connect(endpoint.address())) {
      http.send(RawHttp.request("GET /health HTTP/1.1", "Host: rebind.attacker.example:" + port));
      RawHttp.Response response = http.read();
      assertThat(response.status()).isEqualTo(421);
      assertThat(response.body()).contains("127.0.0.1:" + port).doesNotContain("\"checked\"");
      assertThat(http.closedWithin(Duration.ofSeconds(2))).isTrue();
    }
  }

  @Test
  void theListenAddressAndLocalhostWithThePortAreServed() throws Exception {
    int port = start("127.0.0.1");
    assertThat(get("Host: 127.0.0.1:" + port).status()).isEqualTo(200);
    assertThat(get("Host: localhost:" + port).status()).isEqualTo(200);
    assertThat(get("Host: LocalHost:" + port).status()).as("host names are case-insensitive").isEqualTo(200);
  }

  @Test
  void theRightAddressWithAnotherPortIsMisdirected() throws Exception {
    int port = start("127.0.0.1");
    assertThat(get("Host: 127.0.0.1:" + (port == 65535 ? 1 : port + 1)).status()).isEqualTo(421);
    assertThat(get("Host: 127.0.0.1").status()).as("no port means 80").isEqualTo(421);
    assertThat(get("Host: localhost").status()).isEqualTo(421);
    assertThat(get("Host: 127.0.0.2:" + port).status()).isEqualTo(421);
  }

  @Test
  void http11WithoutHostOrWithTwoIsABadRequest() throws Exception {
    int port = start("127.0.0.1");
    assertThat(get().status()).isEqualTo(400);
    assertThat(get("Host: 127.0.0.1:" + port, "Host: 127.0.0.1:" + port).status()).isEqualTo(400);
  }

  @Test
  void http10WithoutHostIsServedOnLoopback() throws Exception {
    start("127.0.0.1");
    assertThat(ask(RawHttp.request("GET /health HTTP/1.0")).status()).isEqualTo(200);
  }

  @Test
  void ipv6LoopbackIsServedUnderItsBracketedAddressAndLocalhost() throws Exception {
    assumeTrue(ipv6Loopback(), "no IPv6 loopback here");
    int port = start("::1");
    assertThat(get("Host: [::1]:" + port).status()).isEqualTo(200);
    assertThat(get("Host: [0:0:0:0:0:0:0:1]:" + port).status()).as("any spelling of the address").isEqualTo(200);
    assertThat(get("Host: localhost:" + port).status()).isEqualTo(200);
    assertThat(get("Host: 127.0.0.1:" + port).status()).isEqualTo(421);
  }

  static boolean ipv6Loopback() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("::1"))) {
      return s.isBound();
    } catch (IOException e) {
      return false;
    }
  }
}
