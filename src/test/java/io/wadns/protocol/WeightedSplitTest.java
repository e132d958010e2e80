package io.wadns.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.resolve.Resolver;
import io.wadns.testing.TestZones;
import io.wadns.zone.ZoneSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The weighted split holds through the whole responder, whichever path answers: a group whose answer
 * the fast path cannot send (max=, or too big for the client's size) must not be picked less often.
 */
class WeightedSplitTest {
  static final int QUERIES = 20_000;
  /** Chi-square critical value for 1 degree of freedom at p = 0.001. */
  static final double CRITICAL_1_DF = 10.828;

  /** Share of answers from group a (addresses 192.0.2.1-4) over QUERIES queries without EDNS. */
  double shareOfA(String zoneBody, long seed) throws Exception {
    ZoneSet zones = TestZones.parse("example.com.zone", TestZones.exampleCom(60, """
        a A 192.0.2.1
        a A 192.0.2.2
        a A 192.0.2.3
        a A 192.0.2.4
        """ + zoneBody));
    SplittableRandom random = new SplittableRandom(seed);
    Responder responder = new Responder(new Resolver(() -> zones, random::nextInt));
    Message m = new Message(1);
    m.addRecord(Record.newRecord(Name.fromString("www.example.com."), Type.A, DClass.IN), Section.QUESTION);
    byte[] query = m.toWire();
    int fromA = 0;
    for (int i = 0; i < QUERIES; i++) {
      Message reply = new Message(responder.respond(query, Transport.UDP));
      // Group b may be too big for 512 bytes: then the reply is truncated with an empty answer.
      var answer = reply.getSection(Section.ANSWER);
      if (!answer.isEmpty() && ((ARecord) answer.get(0)).getAddress().getAddress()[3] <= 4) {
        fromA++;
      }
    }
    return fromA / (double) QUERIES;
  }

  static double chiSquareEven(double share) {
    double expected = QUERIES / 2.0;
    double a = share * QUERIES;
    return 2 * (a - expected) * (a - expected) / expected;
  }

  @Test
  void groupWithMaxIsPickedAsOftenAsItsWeightSays() throws Exception {
    String body = "b A 192.0.2.11\nb A 192.0.2.12\nb A 192.0.2.13\nwww ALIAS 1 a\nwww ALIAS 1 b max=1\n";
    assertThat(chiSquareEven(shareOfA(body, 11))).isLessThan(CRITICAL_1_DF);
  }

  @Test
  void groupTooBigForUdpIsPickedAsOftenAsItsWeightSays() throws Exception {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      b.append("b A 198.51.100.").append(i + 10).append('\n'); // 40 addresses: over 512 bytes, truncated
    }
    String body = b + "www ALIAS 1 a\nwww ALIAS 1 b\n";
    assertThat(chiSquareEven(shareOfA(body, 12))).isLessThan(CRITICAL_1_DF);
  }
}
