package io.wadns.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.wadns.health.AddressHealth;
import io.wadns.health.HealthRegistry;
import io.wadns.health.ProbeResult;
import io.wadns.protocol.Responder;
import io.wadns.resolve.Resolver;
import io.wadns.testing.LogCapture;
import io.wadns.testing.TestZones;
import io.wadns.weighted.Randomness;
import io.wadns.zone.ZoneSet;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Soak: every checked address but one per group goes up or down every 50 ms for a minute
 * ({@code -Dwadns.soak.seconds} to change), while clients query the weighted name over UDP and TCP
 * as fast as they get answers. Every query must get an answer that is one group's addresses (the
 * one address that never fails among them), nothing may be logged with a stack trace or at ERROR,
 * and the 3:1 split must hold.
 */
@Timeout(300)
class HealthFlapSoakIT {
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
      www ALIAS 3 a
      www ALIAS 1 b
      """);
  static final Set<String> GROUP_A = Set.of("192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4");
  static final Set<String> GROUP_B = Set.of("192.0.2.11", "192.0.2.12", "192.0.2.13", "192.0.2.14");
  /** Chi-square critical value for 1 degree of freedom at p = 10^-6: a fair split fails once in a million runs. */
  static final double CRITICAL_1_DF = 23.928;

  @RegisterExtension final LogCapture log = LogCapture.all();

  @Test
  void flappingHealthUnderLoadAnswersEveryQueryWithAWholeGroupAndKeepsTheSplit() throws Exception {
    Duration soak = Duration.ofSeconds(Long.getLong("wadns.soak.seconds", 60));
    HealthRegistry registry = new HealthRegistry(Clock.systemUTC());
    ZoneSet zones = TestZones.parse(registry.keys(), "example.com.zone", ZONE);
    registry.publish(zones.healthChecks());
    List<AddressHealth> flappers = registry.all().stream()
        .filter(h -> !h.address().getHostAddress().endsWith(".4") && !h.address().getHostAddress().endsWith(".14"))
        .toList();
    assertThat(flappers).hasSize(6);

    DnsServer server = new DnsServer(new Responder(new Resolver(() -> zones, registry::view, Randomness.threadLocal())),
        new ServerOptions(List.of(new InetSocketAddress("127.0.0.1", 0)), 2, Duration.ofSeconds(10), 64));
    ExecutorService threads = Executors.newFixedThreadPool(3);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong flips = new AtomicLong();
    try {
      server.start();
      InetSocketAddress address = server.boundAddresses().get(0);
      Future<?> flapping = threads.submit(() -> {
        SplittableRandom random = new SplittableRandom(5);
        while (running.get()) {
          for (AddressHealth h : flappers) {
            if (random.nextBoolean()) {
              h.record(new ProbeResult(!h.isUp(), "flap")); // rise=1, fall=1: a different result flips it
              flips.incrementAndGet();
            }
          }
          TimeUnit.MILLISECONDS.sleep(50);
        }
        return null;
      });
      Future<long[]> udp = threads.submit(() -> query(address, false, running));
      Future<long[]> tcp = threads.submit(() -> query(address, true, running));
      TimeUnit.MILLISECONDS.sleep(soak.toMillis());
      running.set(false);
      flapping.get(10, TimeUnit.SECONDS);
      long[] u = udp.get(30, TimeUnit.SECONDS);
      long[] t = tcp.get(30, TimeUnit.SECONDS);
      long fromA = u[0] + t[0];
      long fromB = u[1] + t[1];
      double n = fromA + fromB;
      double chi = Math.pow(fromA - n * 0.75, 2) / (n * 0.75) + Math.pow(fromB - n * 0.25, 2) / (n * 0.25);
      System.out.printf("soak: %d s, %d health changes, %d UDP and %d TCP answers, %d from a, %d from b,"
          + " chi-square %.2f%n", soak.toSeconds(), flips.get(), u[0] + u[1], t[0] + t[1], fromA, fromB, chi);
      assertThat(flips.get()).as("health changes").isGreaterThan(soak.toSeconds() * 20);
      assertThat(u[0] + u[1]).as("UDP answers").isGreaterThan(soak.toSeconds() * 100);
      assertThat(t[0] + t[1]).as("TCP answers").isGreaterThan(soak.toSeconds() * 100);
      assertThat(chi).as("3:1 split, chi-square at p = 10^-6").isLessThan(CRITICAL_1_DF);
    } finally {
      running.set(false);
      threads.shutdownNow();
      server.close();
    }
    assertThat(log.events()).as("nothing logged with a stack trace").noneMatch(e -> e.getThrowableProxy() != null);
    assertThat(log.messages(Level.ERROR)).as("nothing logged at ERROR").isEmpty();
  }

  /** Queries until told to stop; each answer is checked. Returns the answers from group a and from b. */
  private static long[] query(InetSocketAddress address, boolean tcp, AtomicBoolean running) throws Exception {
    SimpleResolver resolver = new SimpleResolver(address);
    resolver.setTCP(tcp);
    resolver.setTimeout(Duration.ofSeconds(5));
    Record question = Record.newRecord(Name.fromString("www.example.com."), Type.A, DClass.IN);
    long[] counts = new long[2];
    while (running.get()) {
      Message reply = resolver.send(Message.newQuery(question)); // a lost query throws: the test fails
      assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
      Set<String> got = new HashSet<>();
      for (Record r : reply.getSection(Section.ANSWER)) {
        assertThat(got.add(((ARecord) r).getAddress().getHostAddress())).as("no address twice").isTrue();
      }
      boolean a = GROUP_A.containsAll(got);
      assertThat(a || GROUP_B.containsAll(got)).as("one group: %s", got).isTrue();
      assertThat(got).contains(a ? "192.0.2.4" : "192.0.2.14");
      counts[a ? 0 : 1]++;
    }
    return counts;
  }
}
