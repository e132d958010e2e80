package io.wadns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.health.HealthRegistry;
import io.wadns.metrics.MetricsRegistry;
import io.wadns.metrics.QueryMetrics;
import io.wadns.protocol.ProtocolZone;
import io.wadns.protocol.Responder;
import io.wadns.rrl.ResponseRateLimiter;
import io.wadns.resolve.Resolver;
import io.wadns.weighted.Randomness;
import io.wadns.zone.ZoneSet;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** Response rate limiting and /metrics on a real server, over real sockets. */
class OperatorEndpointsTest {
  DnsServer server;
  HttpEndpoint http;

  @AfterEach
  void close() {
    if (http != null) {
      http.close();
    }
    if (server != null) {
      server.close();
    }
  }

  InetSocketAddress start(ResponseRateLimiter limiter, MetricsRegistry metrics) throws Exception {
    ZoneSet zones = ProtocolZone.load();
    Responder responder = new Responder(new Resolver(() -> zones, Randomness.threadLocal()),
        new QueryMetrics(metrics.prometheus(), false));
    server = new DnsServer(responder, new ServerOptions(List.of(new InetSocketAddress("127.0.0.1", 0)), 1,
        Duration.ofSeconds(10), 64), limiter);
    server.start();
    return server.boundAddresses().get(0);
  }

  static byte[] query(int id) throws Exception {
    Message m = new Message(id);
    m.addRecord(Record.newRecord(Name.fromString("www." + ProtocolZone.ORIGIN), Type.A, DClass.IN), Section.QUESTION);
    return m.toWire();
  }

  @Test
  void rateLimitingDropsAndSlipsUdpButNeverTcp() throws Exception {
    MetricsRegistry metrics = new MetricsRegistry();
    // 5 per second, every 2nd limited reply slips; the clock stands still, so no credit comes back while the
    // dropped replies' timeouts run (about 5 s of them) and the counts do not depend on the machine's speed
    InetSocketAddress address = start(new ResponseRateLimiter(
        ResponseRateLimiter.Settings.ofRate(5).withSlip(2), () -> 0L), metrics);
    int answered = 0;
    int slipped = 0;
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      socket.setSoTimeout(300);
      for (int i = 0; i < 40; i++) {
        byte[] q = query(i);
        socket.send(new DatagramPacket(q, q.length, address));
        try {
          DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
          socket.receive(p);
          Message reply = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
          if (reply.getHeader().getFlag(Flags.TC)) {
            assertThat(reply.getSection(Section.ANSWER)).isEmpty();
            slipped++;
          } else {
            answered++;
          }
        } catch (SocketTimeoutException dropped) {
          // a dropped reply
        }
      }
    }
    assertThat(answered).as("the rate's worth of full answers").isBetween(5, 10);
    assertThat(slipped).as("about half the limited replies slip").isBetween(10, 25);
    SimpleResolver tcp = new SimpleResolver(address.getAddress());
    tcp.setPort(address.getPort());
    tcp.setTCP(true);
    tcp.setTimeout(Duration.ofSeconds(3));
    for (int i = 0; i < 20; i++) {
      Message reply = tcp.send(Message.newQuery(Record.newRecord(Name.fromString("www." + ProtocolZone.ORIGIN),
          Type.A, DClass.IN)));
      assertThat(reply.getSection(Section.ANSWER)).as("TCP is never limited").isNotEmpty();
    }
    String text = new String(metrics.scrape(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(text).contains("wadns_rate_limited_total{action=\"slip\"} " + slipped + ".0");
  }

  @Test
  void metricsAreServedOverHttp() throws Exception {
    MetricsRegistry metrics = new MetricsRegistry();
    InetSocketAddress dns = start(null, metrics);
    SimpleResolver udp = new SimpleResolver(dns.getAddress());
    udp.setPort(dns.getPort());
    udp.setTimeout(Duration.ofSeconds(3));
    for (int i = 0; i < 3; i++) {
      udp.send(Message.newQuery(Record.newRecord(Name.fromString("www." + ProtocolZone.ORIGIN), Type.A, DClass.IN)));
    }
    http = HttpEndpoint.start(HttpOptions.on(new InetSocketAddress("127.0.0.1", 0)),
        new HealthRegistry(Clock.systemUTC()), null, new MetricsPage(metrics.contentType(), metrics::scrape));
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    URI uri = URI.create("http://127.0.0.1:" + http.address().getPort() + "/metrics");
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(response.body()).contains("wadns_queries_total{qtype=\"A\",rcode=\"NOERROR\",transport=\"udp\"} 3.0");
    HttpResponse<String> post = client.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody())
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  @Test
  void aSlowScrapeHoldsNoOtherRequestAndThoseThatComeMeanwhileShareIt() throws Exception {
    CountDownLatch scraping = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger scrapes = new AtomicInteger();
    http = HttpEndpoint.start(HttpOptions.on(new InetSocketAddress("127.0.0.1", 0)),
        new HealthRegistry(Clock.systemUTC()), null, new MetricsPage("text/plain", () -> {
          int n = scrapes.incrementAndGet();
          scraping.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return ("wadns_test " + n + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }));
    String host = "Host: 127.0.0.1:" + http.address().getPort();
    try (RawHttp scraper = RawHttp.connect(http.address()); RawHttp other = RawHttp.connect(http.address())) {
      // Two requests in one write: the second is read, and asks, while the first one's scrape is held.
      scraper.send(RawHttp.request("GET /metrics HTTP/1.1", host) + RawHttp.request("GET /metrics HTTP/1.1", host));
      assertThat(scraping.await(5, TimeUnit.SECONDS)).as("the scrape started").isTrue();
      other.send(RawHttp.request("GET /health HTTP/1.1", host));
      assertThat(other.read().status()).as("answered while the scrape is held").isEqualTo(200);
      release.countDown();
      for (int i = 0; i < 2; i++) {
        RawHttp.Response scraped = scraper.read();
        assertThat(scraped.status()).isEqualTo(200);
        assertThat(scraped.body()).as("one scrape for both").isEqualTo("wadns_test 1\n");
      }
      assertThat(scrapes.get()).isEqualTo(1);
      scraper.send(RawHttp.request("GET /metrics HTTP/1.1", host));
      assertThat(scraper.read().body()).as("a request after it gets a scrape of its own").isEqualTo("wadns_test 2\n");
    } finally {
      release.countDown();
    }
  }

  @Test
  void aMetricsPageThatFailsIsAnErrorResponseNotAnEmptyReply() throws Exception {
    http = HttpEndpoint.start(HttpOptions.on(new InetSocketAddress("127.0.0.1", 0)),
        new HealthRegistry(Clock.systemUTC()), null, new MetricsPage("text/plain", () -> {
          throw new IllegalStateException("writer broke");
        }));
    String host = "Host: 127.0.0.1:" + http.address().getPort();
    try (RawHttp client = RawHttp.connect(http.address())) {
      client.send(RawHttp.request("GET /metrics HTTP/1.1", host));
      RawHttp.Response response = client.read();
      assertThat(response.status()).isEqualTo(500);
      assertThat(response.body()).contains("internal error").doesNotContain("writer broke");
      client.send(RawHttp.request("GET /health HTTP/1.1", host));
      assertThat(client.read().status()).as("the connection still serves").isEqualTo(200);
    }
  }
}
