package io.wadns.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.wadns.health.AddressHealth;
import io.wadns.health.HealthRegistry;
import io.wadns.health.ProbeResult;
import io.wadns.protocol.Responder;
import io.wadns.protocol.Transport;
import io.wadns.resolve.Resolver;
import io.wadns.testing.LogCapture;
import io.wadns.testing.TestZones;
import io.wadns.weighted.Randomness;
import io.wadns.zone.ZoneSet;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** What /metrics shows after real queries: counts by type and rcode, the weighted split, health, zones. */
class MetricsTest {
  static final String ZONE = """
      $ORIGIN example.com.
      $TTL 60
      @ IN SOA ns1 hostmaster 2026112401 7200 900 1209600 300
      @ NS ns1
      ns1 A 192.0.2.53
      a A 192.0.2.1
      a HEALTHCHECK tcp port=443
      b A 192.0.2.2
      www ALIAS 3 a id=blue
      www ALIAS 1 b id=green
      big TXT "%s"
      big TXT "%s"
      big TXT "%s"
      """.formatted("x".repeat(200), "y".repeat(200), "z".repeat(200));

  MetricsRegistry metrics;
  Responder responder;
  HealthRegistry health;
  @RegisterExtension final LogCapture queryLog = LogCapture.of("wadns.query");

  @BeforeEach
  void setUp() {
    health = new HealthRegistry(Clock.systemUTC());
    ZoneSet zones = TestZones.parse(health.keys(), "example.com.zone", ZONE); // fails on any problem, warnings too
    health.publish(zones.healthChecks());
    metrics = new MetricsRegistry();
    metrics.registerJvmMetrics();
    StateMetrics.register(metrics.prometheus(), () -> zones, health);
    responder = new Responder(new Resolver(() -> zones, health::view, Randomness.threadLocal()),
        new QueryMetrics(metrics.prometheus(), true));
  }

  byte[] ask(String name, int type, boolean edns, Transport transport) throws Exception {
    Message m = new Message(7);
    m.addRecord(Record.newRecord(Name.fromString(name), type, DClass.IN), Section.QUESTION);
    if (edns) {
      m.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    }
    byte[] q = m.toWire();
    byte[] out = new byte[65535];
    return java.util.Arrays.copyOf(out,
        responder.respond(q, q.length, transport, new InetSocketAddress("192.0.2.200", 5353), out));
  }

  String scrape() {
    return new String(metrics.scrape(), StandardCharsets.UTF_8);
  }

  @Test
  void queriesAreCountedByTransportTypeAndRcode() throws Exception {
    for (int i = 0; i < 5; i++) {
      ask("www.example.com.", Type.A, true, Transport.UDP);
    }
    ask("nothere.example.com.", Type.A, false, Transport.TCP);
    ask("ns1.example.com.", Type.MX, false, Transport.UDP);
    String text = scrape();
    assertThat(text).contains("wadns_queries_total{qtype=\"A\",rcode=\"NOERROR\",transport=\"udp\"} 5.0");
    assertThat(text).contains("wadns_queries_total{qtype=\"A\",rcode=\"NXDOMAIN\",transport=\"tcp\"} 1.0");
    assertThat(text).contains("wadns_queries_total{qtype=\"MX\",rcode=\"NOERROR\",transport=\"udp\"} 1.0");
    assertThat(text).contains("wadns_answer_duration_seconds_count 7");
  }

  @Test
  void latencyBucketsAreCumulativeAndCountEveryThread() throws Exception {
    MetricsRegistry registry = new MetricsRegistry();
    QueryMetrics queries = new QueryMetrics(registry.prometheus(), false);
    byte[] reply = Message.newQuery(Record.newRecord(Name.fromString("www.example.com."), Type.A, DClass.IN))
        .toWire();
    reply[3] = 0; // NOERROR
    queries.answered(Transport.UDP, null, reply, reply.length, null, 3_000); // 3 µs: the first bucket
    queries.answered(Transport.UDP, null, reply, reply.length, null, 10_000); // exactly 10 µs: le is inclusive
    Thread other = new Thread(() -> queries.answered(Transport.TCP, null, reply, reply.length, null, 2_000_000_000L));
    other.start();
    other.join();
    String text = new String(registry.scrape(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(text).contains("wadns_answer_duration_seconds_bucket{le=\"5.0E-6\"} 1\n")
        .contains("wadns_answer_duration_seconds_bucket{le=\"1.0E-5\"} 2\n")
        .contains("wadns_answer_duration_seconds_bucket{le=\"0.025\"} 2\n")
        .contains("wadns_answer_duration_seconds_bucket{le=\"+Inf\"} 3\n")
        .contains("wadns_answer_duration_seconds_count 3\n")
        .contains("wadns_answer_duration_seconds_sum 2.000013\n")
        .contains("wadns_queries_total{qtype=\"A\",rcode=\"NOERROR\",transport=\"udp\"} 2.0")
        .contains("wadns_queries_total{qtype=\"A\",rcode=\"NOERROR\",transport=\"tcp\"} 1.0")
        .contains("wadns_truncated_total{transport=\"tcp\"} 0.0");
  }

  @Test
  void weightedSplitIsVisiblePerTarget() throws Exception {
    for (int i = 0; i < 400; i++) {
      ask("www.example.com.", Type.A, true, Transport.UDP);
    }
    String text = scrape();
    double blue = value(text, "wadns_alias_answers_total{group=\"a.example.com.\",name=\"www.example.com.\","
        + "target=\"blue\",type=\"A\",zone=\"example.com.\"}");
    double green = value(text, "wadns_alias_answers_total{group=\"b.example.com.\",name=\"www.example.com.\","
        + "target=\"green\",type=\"A\",zone=\"example.com.\"}");
    assertThat(blue + green).isEqualTo(400);
    assertThat(blue).as("weights 3:1").isBetween(240.0, 360.0);
  }

  @Test
  void aGroupReachedByTwoAliasPathsIsOneSeriesCountingEveryAnswerFromIt() throws Exception {
    // A shared backup pool: www reaches pool directly and through a.
    ZoneSet zones = TestZones.parse("example.net.zone", """
        $ORIGIN example.net.
        $TTL 60
        @ IN SOA ns1 hostmaster 1 7200 900 1209600 300
        @ NS ns1
        ns1 A 192.0.2.53
        pool A 192.0.2.10
        pool A 192.0.2.11
        www ALIAS 1 a
        www ALIAS 1 pool
        a ALIAS 1 pool
        """);
    metrics = new MetricsRegistry();
    StateMetrics.register(metrics.prometheus(), () -> zones, health);
    responder = new Responder(new Resolver(() -> zones, health::view, Randomness.threadLocal()),
        new QueryMetrics(metrics.prometheus(), false));
    for (int i = 0; i < 100; i++) {
      ask("www.example.net.", Type.A, false, Transport.UDP);
    }
    ask("a.example.net.", Type.A, false, Transport.UDP);

    String text = scrape();

    String www = "wadns_alias_answers_total{group=\"pool.example.net.\",name=\"www.example.net.\","
        + "target=\"pool.example.net.\",type=\"A\",zone=\"example.net.\"}";
    assertThat(text.lines().filter(l -> l.startsWith(www + " "))).as("one series per label set").hasSize(1);
    assertThat(value(text, www)).as("both paths' answers").isEqualTo(100);
    assertThat(value(text, "wadns_alias_answers_total{group=\"pool.example.net.\",name=\"a.example.net.\","
        + "target=\"pool.example.net.\",type=\"A\",zone=\"example.net.\"}")).isEqualTo(1);
    assertThat(text).contains("wadns_zone_serial{zone=\"example.net.\"} 1.0");
  }

  @Test
  void aZoneServedUnsignedWithRrsigsMadeElsewhereIsFlagged() throws Exception {
    String signature = "ubYQEGxqTPdBoTJF+5LLUyQwVd2hqOkHMwLYcVF1T0YcO3Yb8hR5yMkRyRCGtvwXmNF8jfO+8cjKVu0oF8YrJQ==";
    ZoneSet signedElsewhere = TestZones.parse("example.net.zone", """
        $ORIGIN example.net.
        $TTL 60
        @ IN SOA ns1 hostmaster 1 7200 900 1209600 300
        @ NS ns1
        ns1 A 192.0.2.53
        www A 192.0.2.10
        www RRSIG A 13 3 60 20261231000000 20261201000000 40554 example.net. %s
        """.formatted(signature));
    metrics = new MetricsRegistry();
    java.util.concurrent.atomic.AtomicReference<ZoneSet> served = new java.util.concurrent.atomic.AtomicReference<>(
        signedElsewhere);
    StateMetrics.registerSignatures(metrics.prometheus(), served::get);
    assertThat(scrape()).contains("wadns_zone_signed_elsewhere{zone=\"example.net.\"} 1.0");

    served.set(TestZones.parse("example.net.zone", """
        $ORIGIN example.net.
        $TTL 60
        @ IN SOA ns1 hostmaster 2 7200 900 1209600 300
        @ NS ns1
        ns1 A 192.0.2.53
        www A 192.0.2.10
        """)); // the next version, without the RRSIG
    assertThat(scrape()).doesNotContain("wadns_zone_signed_elsewhere{");
  }

  @Test
  void truncatedAndDroppedPacketsAreCounted() throws Exception {
    ask("big.example.com.", Type.TXT, false, Transport.UDP);
    byte[] out = new byte[65535];
    responder.respond(new byte[5], 5, Transport.UDP, null, out);
    String text = scrape();
    assertThat(text).contains("wadns_truncated_total{transport=\"udp\"} 1.0");
    assertThat(text).contains("wadns_dropped_total{transport=\"udp\"} 1.0");
  }

  @Test
  void healthAndZonesAreExported() {
    AddressHealth a = health.all().get(0);
    for (int i = 0; i < 3; i++) {
      a.record(new ProbeResult(false, "test"));
    }
    String text = scrape();
    assertThat(text).contains("wadns_health_up{address=\"192.0.2.1\",group=\"a.example.com.\"} 0.0");
    assertThat(text).contains("wadns_zone_serial{zone=\"example.com.\"} 2.026112401E9");
    assertThat(text).contains("wadns_zone_records{zone=\"example.com.\"} 11.0");
    assertThat(text).contains("jvm_memory_used_bytes");
  }

  @Test
  void theQueryLogHasOneLinePerQueryWithClientNameTypeRcodeAndTarget() throws Exception {
    ask("www.example.com.", Type.A, true, Transport.UDP);
    ask("nothere.example.com.", Type.A, false, Transport.TCP);
    assertThat(queryLog.messages(Level.INFO)).hasSize(2);
    assertThat(queryLog.messages(Level.INFO).get(0))
        .matches("client=192\\.0\\.2\\.200#5353 transport=udp name=www\\.example\\.com\\. type=A rcode=NOERROR"
            + " target=(blue|green)");
    assertThat(queryLog.messages(Level.INFO).get(1)).isEqualTo(
        "client=192.0.2.200#5353 transport=tcp name=nothere.example.com. type=A rcode=NXDOMAIN target=-");
  }

  static double value(String text, String series) {
    return text.lines().filter(l -> l.startsWith(series + " ")).findFirst()
        .map(l -> Double.parseDouble(l.substring(series.length() + 1)))
        .orElseThrow(() -> new AssertionError("no series " + series + " in\n" + text));
  }
}
