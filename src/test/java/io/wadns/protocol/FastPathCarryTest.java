package io.wadns.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.health.HealthView;
import io.wadns.resolve.Resolver;
import io.wadns.testing.FixedRandomness;
import io.wadns.testing.TestZones;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/**
 * A new set of zones starts a new answer cache, which takes over the answers of the cache before only
 * where nothing they were made from changed: the same zone instance holds the name, and the answer read
 * no other zone.
 */
class FastPathCarryTest {
  private static final String A = """
      $ORIGIN a.test.
      $TTL 300
      @ SOA ns1 hostmaster 1 7200 900 1209600 300
      @ NS ns1
      ns1 A 192.0.2.53
      www A 192.0.2.1
      alias CNAME www.b.test.
      child NS ns.child
      ns.child A 192.0.2.54
      child DS 12345 13 2 %s
      """;
  private static final String B = """
      $ORIGIN b.test.
      $TTL 300
      @ SOA ns1 hostmaster %d 7200 900 1209600 300
      @ NS ns1
      ns1 A 192.0.2.53
      www A %s
      """;
  private static final String CHILD = """
      $ORIGIN child.a.test.
      $TTL 300
      @ SOA ns hostmaster 1 7200 900 1209600 300
      @ NS ns
      ns A 192.0.2.54
      host A 192.0.2.77
      """;
  private static final String DIGEST_1 = "aa".repeat(32);
  private static final String DIGEST_2 = "bb".repeat(32);

  private final AtomicReference<ZoneSet> current = new AtomicReference<>();
  private final FastPath fastPath = new FastPath(new Resolver(current::get, new FixedRandomness(0)),
      new FixedRandomness(0));

  private static Zone zone(String file, String text) {
    return TestZones.parseAllowingWarnings(file, text).zones().get(0);
  }

  private static Zone a(String digest) {
    return zone("a.test.zone", A.formatted(digest));
  }

  private static Zone b(int serial, String address) {
    return zone("b.test.zone", B.formatted(serial, address));
  }

  private FastAnswer.Served ask(ZoneSet zones, String name, int type) throws Exception {
    current.set(zones);
    byte[] query = FastPathEquivalenceTest.query(name, type, 0);
    FastAnswer answer = fastPath.answer(query, query.length, Transport.UDP, new QueryShape(), zones,
        HealthView.ALL_UP);
    assertThat(answer).as("%s %s", name, Type.string(type)).isInstanceOf(FastAnswer.Served.class);
    return (FastAnswer.Served) answer;
  }

  private static String hex(FastAnswer.Served served) {
    return HexFormat.of().formatHex(served.rendered().body());
  }

  private static String hexOf(String address) {
    List<String> bytes = new ArrayList<>();
    for (String part : address.split("\\.")) {
      bytes.add(String.format("%02x", Integer.parseInt(part)));
    }
    return String.join("", bytes);
  }

  @Test
  void anAnswerFromAZoneTheNewSetStillHoldsIsTakenOverAndAChangedZoneIsAnsweredAnew() throws Exception {
    Zone a = a(DIGEST_1);
    ZoneSet before = new ZoneSet(List.of(a, b(1, "192.0.2.2")));
    FastAnswer.Served www = ask(before, "www.a.test.", Type.A);
    FastAnswer.Served missing = ask(before, "nothere.a.test.", Type.A);
    FastAnswer.Served other = ask(before, "www.b.test.", Type.A);

    ZoneSet after = new ZoneSet(List.of(a, b(2, "192.0.2.3")));
    assertThat(ask(after, "www.a.test.", Type.A)).isSameAs(www);
    assertThat(ask(after, "nothere.a.test.", Type.A)).isSameAs(missing); // a slot of its own, carried too
    FastAnswer.Served changed = ask(after, "www.b.test.", Type.A);
    assertThat(changed).isNotSameAs(other);
    assertThat(hex(changed)).contains(hexOf("192.0.2.3")).doesNotContain(hexOf("192.0.2.2"));
  }

  @Test
  void anAnswerThatFollowedACnameIntoAnotherZoneIsMadeAgain() throws Exception {
    Zone a = a(DIGEST_1);
    FastAnswer.Served first = ask(new ZoneSet(List.of(a, b(1, "192.0.2.2"))), "alias.a.test.", Type.A);
    assertThat(hex(first)).contains(hexOf("192.0.2.2"));

    FastAnswer.Served again = ask(new ZoneSet(List.of(a, b(2, "192.0.2.3"))), "alias.a.test.", Type.A);
    assertThat(hex(again)).contains(hexOf("192.0.2.3")).doesNotContain(hexOf("192.0.2.2"));
  }

  @Test
  void aChildZoneAddedAnswersForItsNamesInsteadOfTheParentsReferral() throws Exception {
    Zone a = a(DIGEST_1);
    ZoneSet before = new ZoneSet(List.of(a));
    FastAnswer.Served referral = ask(before, "host.child.a.test.", Type.A);
    assertThat(hex(referral)).doesNotContain(hexOf("192.0.2.77"));
    FastAnswer.Served www = ask(before, "www.a.test.", Type.A);

    ZoneSet withChild = new ZoneSet(List.of(a, zone("child.a.test.zone", CHILD)));
    FastAnswer.Served answer = ask(withChild, "host.child.a.test.", Type.A);
    assertThat(hex(answer)).contains(hexOf("192.0.2.77"));
    assertThat(ask(withChild, "www.a.test.", Type.A)).isSameAs(www); // the parent's own names carried over
  }

  @Test
  void aDsComesFromTheParentAsItIsNowEvenWhenTheChildIsUnchanged() throws Exception {
    Zone child = zone("child.a.test.zone", CHILD);
    ZoneSet before = new ZoneSet(List.of(a(DIGEST_1), child));
    FastAnswer.Served first = ask(before, "child.a.test.", Type.DS);
    assertThat(hex(first)).contains(DIGEST_1);
    FastAnswer.Served host = ask(before, "host.child.a.test.", Type.A);

    ZoneSet parentChanged = new ZoneSet(List.of(a(DIGEST_2), child));
    FastAnswer.Served again = ask(parentChanged, "child.a.test.", Type.DS);
    assertThat(hex(again)).contains(DIGEST_2).doesNotContain(DIGEST_1);
    assertThat(ask(parentChanged, "host.child.a.test.", Type.A)).isSameAs(host); // the child's answers carried
  }

  @Test
  void aCnameOfAZoneThatFailedNowIsNotAnsweredFromTheCacheBefore() throws Exception {
    Zone a = a(DIGEST_1);
    Zone b = b(1, "192.0.2.2");
    ZoneSet before = new ZoneSet(List.of(a, b));
    ask(before, "alias.a.test.", Type.A);
    FastAnswer.Served kept = ask(before, "www.b.test.", Type.A);

    // The name's zone is now none (a.test failed), as the answer's was none (it read two): not the same.
    ZoneSet failed = new ZoneSet(List.of(b), List.of(a.origin()));
    current.set(failed);
    byte[] query = FastPathEquivalenceTest.query("alias.a.test.", Type.A, 0);
    assertThat(fastPath.answer(query, query.length, Transport.UDP, new QueryShape(), failed, HealthView.ALL_UP))
        .isSameAs(FastAnswer.GENERAL);
    assertThat(ask(failed, "www.b.test.", Type.A)).isSameAs(kept); // while b's answer is carried over
  }

  @Test
  void aZoneThatFailedNowIsNotAnsweredFromTheCacheBefore() throws Exception {
    Zone a = a(DIGEST_1);
    Zone b = b(1, "192.0.2.2");
    ask(new ZoneSet(List.of(a, b)), "www.b.test.", Type.A);

    ZoneSet failed = new ZoneSet(List.of(a), List.of(b.origin()));
    current.set(failed);
    byte[] query = FastPathEquivalenceTest.query("www.b.test.", Type.A, 0);
    // SERVFAIL is the general path's to word: nothing served from the cache.
    assertThat(fastPath.answer(query, query.length, Transport.UDP, new QueryShape(), failed, HealthView.ALL_UP))
        .isSameAs(FastAnswer.GENERAL);
  }
}
