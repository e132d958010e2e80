package io.wadns.reload;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.health.HealthRegistry;
import io.wadns.protocol.Responder;
import io.wadns.protocol.Transport;
import io.wadns.resolve.Resolver;
import io.wadns.testing.TestZones;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Each zone file stands alone: a broken one costs only its own zone, which answers SERVFAIL (as in
 * Knot and NSD) rather than REFUSED, and a broken child zone is not answered from its parent's
 * delegation.
 */
class StandAloneZonesTest {
  static final String PARENT = TestZones.exampleCom(60, """
      www A 192.0.2.1
      sub NS ns1.sub
      ns1.sub A 192.0.2.2
      """);
  static final String BROKEN_CHILD = """
      $ORIGIN sub.example.com.
      $TTL 60
      @ IN SOA ns1 hostmaster 1 7200 900 1209600 300
      @ NS ns1
      ns1 A 192.0.2.2
      www CNAME host
      www TXT "beside a CNAME"
      """;

  @TempDir Path dir;
  ZoneReloader reloader;
  Responder responder;

  @BeforeEach
  void load() {
    TestZones.write(dir, "example.com.zone", PARENT, "sub.example.com.zone", BROKEN_CHILD,
        "other.example.zone", "this is not a zone file\n");
    HealthRegistry health = new HealthRegistry(Clock.systemUTC());
    reloader = new ZoneReloader(dir, health);
    ReloadResult result = reloader.loadInitial();
    assertThat(result.ok()).isFalse();
    assertThat(result.servedZones()).extracting(z -> z.origin().toString()).containsExactly("example.com.");
    responder = new Responder(new Resolver(reloader::current, health::view, bound -> 0));
  }

  int rcode(String name) throws Exception {
    byte[] query = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN)).toWire();
    return new Message(responder.respond(query, Transport.UDP)).getRcode();
  }

  @Test
  void theGoodZoneIsServed() throws Exception {
    assertThat(Rcode.string(rcode("www.example.com."))).isEqualTo("NOERROR");
  }

  @Test
  void aBrokenZoneNamedBySoaAnswersServfailNotTheParentsReferral() throws Exception {
    assertThat(Rcode.string(rcode("www.sub.example.com."))).isEqualTo("SERVFAIL");
    assertThat(Rcode.string(rcode("sub.example.com."))).isEqualTo("SERVFAIL");
  }

  @Test
  void aFileWithoutSoaAnswersServfailForTheZoneItsNameGives() throws Exception {
    assertThat(Rcode.string(rcode("anything.other.example."))).isEqualTo("SERVFAIL");
  }

  @Test
  void namesOfNoZoneAreStillRefused() throws Exception {
    assertThat(Rcode.string(rcode("www.example.net."))).isEqualTo("REFUSED");
  }
}
