package io.wadns.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.wadns.health.CheckSpec.Protocol;
import io.wadns.health.CheckSpec.StatusRange;
import io.wadns.transport.NettyTransport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.Name;

/**
 * What {@code /health} says of a probe holds at most a short printable excerpt of anything an endpoint
 * sent: a zone that checks some port must not make the server a banner grabber for it.
 */
@Timeout(30)
class ProbeResultTextTest {
  static final String BANNER = "SSH-2.0-OpenSSH_9.6 build-secret-4711\r\n";

  final Clock clock = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
  EventLoopGroup group;
  ServerSocket server;

  @AfterEach
  void stop() throws Exception {
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aReasonIsShortAndPrintable() {
    ProbeResult r = ProbeResult.failure("bad certificate: CN=" + "x".repeat(10_000) + "\r\n\u0000\u001b[31m");

    assertThat(r.detail()).hasSize(ProbeResult.MAX_DETAIL + 3).endsWith("xxx...");
    assertThat(ProbeResult.failure("a\r\nb\u001b[31mc\u00e9").detail()).isEqualTo("a??b?[31mc?");
  }

  @Test
  void healthShowsTheBoundedReason() throws Exception {
    AddressHealth a = target(Protocol.HTTPS, 443);
    a.record(ProbeResult.failure("handshake: \"" + "A".repeat(500) + "\"\n"));

    String json = HealthReport.json(List.of(a));

    assertThat(json).contains("\"last_result\":\"failed: handshake: \\\"" + "A".repeat(108) + "...\"");
    assertThat(json.lines().filter(l -> l.contains("last_result")).findFirst().orElseThrow()).hasSizeLessThan(400);
  }

  @Test
  void anHttpsProbeOfAPortThatIsNotTlsDoesNotQuoteWhatItSaid() throws Exception {
    server = replyingServer(BANNER);

    ProbeResult r = probe(target(Protocol.HTTPS, server.getLocalPort()));

    assertThat(r.ok()).isFalse();
    assertThat(r.detail()).isEqualTo("TLS handshake failed: not a TLS endpoint: the reply is not a TLS record");
    assertThat(r.detail()).doesNotContain(hex("SSH-2.0")).doesNotContain("OpenSSH");
  }

  @Test
  void anHttpProbeOfAPortThatIsNotHttpDoesNotQuoteWhatItSaid() throws Exception {
    server = replyingServer(BANNER);

    ProbeResult r = probe(target(Protocol.HTTP, server.getLocalPort()));

    assertThat(r.ok()).isFalse();
    assertThat(r.detail()).isEqualTo("not an HTTP response");
  }

  @Test
  void anUnexpectedStatusIsNamedWithTheStatusesExpected() throws Exception {
    server = replyingServer("HTTP/1.1 503 Service Unavailable: " + "x".repeat(300) + "\r\nContent-Length: 0\r\n\r\n");

    ProbeResult r = probe(target(Protocol.HTTP, server.getLocalPort()));

    assertThat(r.detail()).isEqualTo("HTTP 503, expected 200-399");
  }

  AddressHealth target(Protocol protocol, int port) {
    CheckSpec spec = new CheckSpec(protocol, port, Duration.ofSeconds(10), Duration.ofSeconds(5), 2, 3, "/", null,
        List.of(new StatusRange(200, 399)), true);
    return new AddressHealth(new CheckedAddress(0, Name.fromConstantString("svc.example.com."),
        InetAddress.getLoopbackAddress(), spec), clock);
  }

  ProbeResult probe(AddressHealth target) throws Exception {
    group = NettyTransport.best().newGroup(1);
    NettyProber prober = new NettyProber(group, NettyTransport.best());
    CompletableFuture<ProbeResult> result = new CompletableFuture<>();
    group.next().execute(() -> prober.probe(target, result::complete));
    return result.get(20, TimeUnit.SECONDS);
  }

  /** Accepts connections on a free loopback port and says {@code reply} at once, then reads until closed. */
  static ServerSocket replyingServer(String reply) throws IOException {
    ServerSocket s = new ServerSocket();
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread t = new Thread(() -> {
      while (!s.isClosed()) {
        try (Socket c = s.accept(); OutputStream out = c.getOutputStream(); InputStream in = c.getInputStream()) {
          out.write(reply.getBytes(StandardCharsets.US_ASCII));
          out.flush();
          in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
          // the probe closed or reset the connection, or the test closed the server
        }
      }
    }, "banner-server");
    t.setDaemon(true);
    t.start();
    return s;
  }

  static String hex(String s) {
    return HexFormat.of().formatHex(s.getBytes(StandardCharsets.US_ASCII));
  }
}
