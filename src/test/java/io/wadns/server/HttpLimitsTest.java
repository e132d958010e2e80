package io.wadns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.health.HealthRegistry;
import io.wadns.reload.ReloadResult;
import io.wadns.reload.ReloadStats;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What one client can hold on the HTTP port: a request has a deadline from its first byte, an idle
 * connection is closed, connections are capped, and request lines, headers and bodies are bounded.
 * The deadlines are shortened for the tests; the clients are plain sockets on loopback.
 */
@Timeout(60)
class HttpLimitsTest {
  static final Duration LONG = Duration.ofSeconds(20);

  HttpEndpoint endpoint;
  String host;
  final AtomicInteger reloads = new AtomicInteger();
  final List<RawHttp> clients = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (RawHttp c : clients) {
      c.close();
    }
    if (endpoint != null) {
      endpoint.close();
    }
  }

  void start(HttpLimits limits) throws Exception {
    start(limits, new byte[0]);
  }

  void start(HttpLimits limits, byte[] metricsBody) throws Exception {
    ReloadResult result = new ReloadResult(List.of(), List.of(), new ReloadStats.Snapshot(1, 0, Map.of()), Map.of());
    endpoint = HttpEndpoint.start(HttpOptions.on(new InetSocketAddress("127.0.0.1", 0)).withLimits(limits),
        new HealthRegistry(Clock.systemUTC()), () -> {
          reloads.incrementAndGet();
          return CompletableFuture.completedFuture(result);
        }, new MetricsPage("text/plain", () -> metricsBody));
    host = "Host: 127.0.0.1:" + endpoint.address().getPort();
  }

  RawHttp connect() throws IOException {
    RawHttp c = RawHttp.connect(endpoint.address());
    clients.add(c);
    return c;
  }

  /** The default limits but for these, and a write timeout of 500 ms. */
  static HttpLimits limits(Duration requestDeadline, Duration idle, int maxConnections) {
    HttpLimits d = HttpLimits.DEFAULTS;
    return new HttpLimits(maxConnections, requestDeadline, idle, Duration.ofMillis(500), d.maxRequestLineBytes(),
        d.maxHeaderBytes(), d.maxBodyBytes(), d.maxPipelined());
  }

  @Test
  void aRequestTrickledInAByteEvery100MsIsCutOffAtItsDeadline() throws Exception {
    start(limits(Duration.ofMillis(500), LONG, 64));
    byte[] never = ("GET /health HTTP/1.1\r\n" + host + "\r\nX-Slow: " + "a".repeat(200))
        .getBytes(StandardCharsets.US_ASCII);
    RawHttp slow = connect();

    long start = System.nanoTime();
    int sent = 0;
    while (sent < never.length && slow.sendByte(never[sent])) {
      sent++;
      if (slow.closedWithin(Duration.ofMillis(100))) {
        break;
      }
    }
    Duration held = Duration.ofNanos(System.nanoTime() - start);

    assertThat(sent).as("bytes sent before the server closed").isLessThan(never.length / 2);
    assertThat(held).as("held from the first byte").isBetween(Duration.ofMillis(450), Duration.ofSeconds(10));
  }

  @Test
  void aRequestThatArrivesWithinItsDeadlineIsServedEvenInPieces() throws Exception {
    start(limits(Duration.ofSeconds(5), LONG, 64));
    RawHttp client = connect();
    for (int round = 0; round < 2; round++) { // each request of a kept-alive connection has its own deadline
      byte[] request = RawHttp.request("GET /health HTTP/1.1", host).getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < request.length; i += 16) {
        client.send(new String(request, i, Math.min(16, request.length - i), StandardCharsets.US_ASCII));
        Thread.sleep(100);
      }
      assertThat(client.read().status()).isEqualTo(200);
    }
  }

  @Test
  void aConnectionIdleBetweenRequestsOrFromTheStartIsClosed() throws Exception {
    start(limits(LONG, Duration.ofMillis(300), 64));
    RawHttp used = connect();
    used.send(RawHttp.request("GET /health HTTP/1.1", host));
    assertThat(used.read().status()).isEqualTo(200);
    RawHttp silent = connect();

    assertThat(used.closedWithin(Duration.ofSeconds(5))).isTrue();
    assertThat(silent.closedWithin(Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void connectionsPastTheCapAreClosedAtOnceAndAFreedSlotIsUsedAgain() throws Exception {
    start(limits(LONG, LONG, 4));
    List<RawHttp> held = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      held.add(connect());
    }
    for (RawHttp c : held) { // all four are served, so all four are counted
      c.send(RawHttp.request("GET /health HTTP/1.1", host));
      assertThat(c.read().status()).isEqualTo(200);
    }

    RawHttp fifth = connect();
    assertThat(fifth.closedWithin(Duration.ofSeconds(2))).as("the fifth connection").isTrue();

    held.get(0).close();
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    boolean served = false;
    while (!served && System.nanoTime() < until) { // the server sees the close a moment later
      RawHttp again = connect();
      try {
        again.send(RawHttp.request("GET /health HTTP/1.1", host));
        served = again.read().status() == 200;
      } catch (IOException closed) {
        Thread.sleep(50);
      }
    }
    assertThat(served).as("a connection after one was closed").isTrue();
  }

  @Test
  void aBodyOverTheLimitIsRefusedWith413AndNotActedOn() throws Exception {
    start(HttpLimits.DEFAULTS);
    RawHttp client = connect();
    client.send(RawHttp.request("POST /reload HTTP/1.1", host, "Content-Length: 2000") + "x".repeat(2000));

    RawHttp.Response response = client.read();

    assertThat(response.status()).isEqualTo(413);
    assertThat(client.closedWithin(Duration.ofSeconds(2))).isTrue();
    assertThat(reloads).hasValue(0);
  }

  @Test
  void aChunkedBodyOverTheLimitIsRefusedWith413() throws Exception {
    start(HttpLimits.DEFAULTS);
    RawHttp client = connect();
    String chunk = Integer.toHexString(1500) + "\r\n" + "x".repeat(1500) + "\r\n";
    client.send(RawHttp.request("POST /reload HTTP/1.1", host, "Transfer-Encoding: chunked") + chunk + chunk);

    assertThat(client.read().status()).isEqualTo(413);
    assertThat(reloads).hasValue(0);
  }

  @Test
  void aSmallBodyIsAcceptedAndIgnored() throws Exception {
    start(HttpLimits.DEFAULTS);
    RawHttp client = connect();
    client.send(RawHttp.request("POST /reload HTTP/1.1", host, "Content-Length: 2") + "{}");

    assertThat(client.read().status()).isEqualTo(200);
    assertThat(reloads).hasValue(1);
  }

  @Test
  void headersOverTheLimitAre431AndARequestLineOverItIs414() throws Exception {
    start(HttpLimits.DEFAULTS);
    RawHttp big = connect();
    big.send(RawHttp.request("GET /health HTTP/1.1", host, "X-Big: " + "b".repeat(9000)));
    assertThat(big.read().status()).isEqualTo(431);
    assertThat(big.closedWithin(Duration.ofSeconds(2))).isTrue();

    RawHttp longLine = connect();
    longLine.send(RawHttp.request("GET /health?" + "q".repeat(5000) + " HTTP/1.1", host));
    assertThat(longLine.read().status()).isEqualTo(414);
    assertThat(longLine.closedWithin(Duration.ofSeconds(2))).isTrue();
  }

  @Test
  void aClientThatDoesNotReadItsAnswerIsClosedAfterTheWriteTimeout() throws Exception {
    // More than the socket buffers of both ends hold, so the write stalls until the client reads.
    byte[] body = new byte[64 << 20];
    start(limits(LONG, LONG, 64), body);
    try (Socket socket = new Socket()) {
      socket.connect(endpoint.address(), 3000);
      socket.getOutputStream().write(RawHttp.request("GET /metrics HTTP/1.1", host)
          .getBytes(StandardCharsets.US_ASCII));
      Thread.sleep(2000); // not reading, for four times the write timeout of the test limits

      long received = 0;
      socket.setSoTimeout(5000);
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[1 << 16];
      try {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          received += n;
        }
      } catch (SocketException reset) {
        // closed with data unread: as good as an end
      }
      assertThat(received).as("the answer was cut off").isLessThan(body.length);
    }
  }
}
