package io.wadns.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.health.AddressHealth;
import io.wadns.health.HealthRegistry;
import io.wadns.health.ProbeResult;
import io.wadns.protocol.Responder;
import io.wadns.protocol.Transport;
import io.wadns.testing.TestZones;
import io.wadns.zone.ZoneSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Health changes on another thread for the whole run while answers are made: no pick may throw,
 * every answer is a whole group (or a subset of {@code max} of it) with its down addresses left out,
 * and the weighted split holds. The fourth address of each group never goes down, so every group
 * stays healthy and the 3:1 split must survive any amount of flapping.
 */
class HealthRaceTest {
  static final int PICKS = 100_000;
  /** Chi-square critical value for 1 degree of freedom at p = 10^-6: a fair split fails once in a million runs. */
  static final double CRITICAL_1_DF = 23.928;

  static final String ZONE = TestZones.exampleCom(60, """
      a  A 192.0.2.1
      a  A 192.0.2.2
      a  A 192.0.2.3
      a  A 192.0.2.4
      a  HEALTHCHECK tcp port=443 interval=1 timeout=0.5 rise=1 fall=1
      b  A 192.0.2.11
      b  A 192.0.2.12
      b  A 192.0.2.13
      b  A 192.0.2.14
      b  HEALTHCHECK tcp port=443 interval=1 timeout=0.5 rise=1 fall=1
      www    ALIAS 3 a
      www    ALIAS 1 b
      capped ALIAS 3 a max=2
      capped ALIAS 1 b max=2
      """);
  static final Set<String> GROUP_A = Set.of("192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4");
  static final Set<String> GROUP_B = Set.of("192.0.2.11", "192.0.2.12", "192.0.2.13", "192.0.2.14");

  HealthRegistry registry;
  ZoneSet zones;
  final AtomicBoolean stop = new AtomicBoolean();
  final AtomicLong flips = new AtomicLong();
  final AtomicReference<Throwable> flipperFailure = new AtomicReference<>();
  Thread flipper;

  @BeforeEach
  void loadAndStartFlapping() {
    registry = new HealthRegistry(Clock.systemUTC());
    zones = TestZones.parse(registry.keys(), "example.com.zone", ZONE); // fails on any problem, warnings too
    registry.publish(zones.healthChecks());
    List<AddressHealth> flappers = new ArrayList<>();
    for (AddressHealth h : registry.all()) {
      String a = h.address().getHostAddress();
      if (!a.equals("192.0.2.4") && !a.equals("192.0.2.14")) {
        flappers.add(h);
      }
    }
    assertThat(flappers).hasSize(6);
    flipper = new Thread(() -> {
      SplittableRandom random = new SplittableRandom(99);
      try {
        while (!stop.get()) {
          AddressHealth h = flappers.get(random.nextInt(flappers.size()));
          // rise=1, fall=1: every result that differs from the state flips it.
          h.record(new ProbeResult(!h.isUp(), "flap"));
          flips.incrementAndGet();
          LockSupport.parkNanos(50_000); // thousands of changes a second: far more than probes make
        }
      } catch (Throwable t) {
        flipperFailure.set(t);
      }
    }, "health-flipper");
    flipper.setDaemon(true);
    flipper.start();
  }

  @AfterEach
  void stopFlapping() throws InterruptedException {
    stop.set(true);
    flipper.join(5_000);
    assertThat(flipperFailure.get()).isNull();
  }

  @Test
  void resolverPicksStayWholeAndWeightedWhileHealthFlaps() throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    Resolver resolver = new Resolver(() -> zones, registry::view, random::nextInt);
    Query www = new Query(Name.fromString("www.example.com."), Type.A, false);
    Query capped = new Query(Name.fromString("capped.example.com."), Type.A, false);
    long fromA = 0;
    long fromB = 0;
    for (int i = 0; i < PICKS; i++) {
      Set<String> got = addresses(resolver.resolve(www).answer());
      if (checkGroup(got, 4)) {
        fromA++;
      } else {
        fromB++;
      }
      checkGroup(addresses(resolver.resolve(capped).answer()), 2);
    }
    assertThat(flips.get()).as("health changed during the run").isGreaterThan(1_000);
    assertThat(chiSquare(fromA, fromB)).isLessThan(CRITICAL_1_DF);
  }

  @Test
  void repliesOnTheWireStayWholeAndWeightedWhileHealthFlaps() throws Exception {
    SplittableRandom random = new SplittableRandom(11);
    Responder responder = new Responder(new Resolver(() -> zones, registry::view, random::nextInt));
    byte[] query = Message.newQuery(Record.newRecord(Name.fromString("www.example.com."), Type.A, DClass.IN))
        .toWire();
    long fromA = 0;
    long fromB = 0;
    for (int i = 0; i < PICKS; i++) {
      byte[] reply = responder.respond(query, i % 2 == 0 ? Transport.UDP : Transport.TCP);
      assertThat(reply).isNotNull();
      Message m = new Message(reply);
      assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
      if (checkGroup(addresses(m.getSection(Section.ANSWER)), 4)) {
        fromA++;
      } else {
        fromB++;
      }
    }
    assertThat(flips.get()).as("health changed during the run").isGreaterThan(1_000);
    assertThat(chiSquare(fromA, fromB)).isLessThan(CRITICAL_1_DF);
  }

  /**
   * Asserts {@code got} is a non-empty subset of one group, of at most {@code max} addresses, that
   * holds the never-failing address when the whole group is served; true for group a.
   */
  static boolean checkGroup(Set<String> got, int max) {
    assertThat(got).isNotEmpty().hasSizeLessThanOrEqualTo(max);
    boolean a = GROUP_A.containsAll(got);
    assertThat(a || GROUP_B.containsAll(got)).as("one group's addresses: %s", got).isTrue();
    if (max == 4) {
      assertThat(got).as("the address that never fails").contains(a ? "192.0.2.4" : "192.0.2.14");
    }
    return a;
  }

  static Set<String> addresses(List<Record> records) {
    Set<String> out = new HashSet<>();
    for (Record r : records) {
      assertThat(out.add(((ARecord) r).getAddress().getHostAddress())).as("no address twice").isTrue();
    }
    return out;
  }

  static double chiSquare(long fromA, long fromB) {
    double n = fromA + fromB;
    double ea = n * 0.75;
    double eb = n * 0.25;
    return (fromA - ea) * (fromA - ea) / ea + (fromB - eb) * (fromB - eb) / eb;
  }
}
