package io.wadns.health;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.wadns.health.CheckSpec.Protocol;
import io.wadns.health.CheckSpec.StatusRange;
import io.wadns.metrics.MetricsRegistry;
import io.wadns.metrics.ProbeMetrics;
import io.wadns.testing.LogCapture;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.Name;

/**
 * The probe budget, on a loop the test moves by hand and a prober with no network: ten thousand addresses
 * at an interval of one second ask for ten thousand probes a second; a budget of a thousand starts a
 * thousand, spread evenly, probes every address in turn, and says it is late.
 */
class ProbeBudgetTest {
  static final long SECOND = 1_000_000_000L;
  static final ProbeBudget BUDGET = new ProbeBudget(1000, 512);

  @RegisterExtension final LogCapture log = LogCapture.of(LatenessLog.class);

  final ManualProbeLoop loop = new ManualProbeLoop();
  final long origin = loop.nanoTime();
  final Clock clock = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);

  static CheckSpec tcpEvery(Duration interval) {
    return new CheckSpec(Protocol.TCP, 443, interval, interval.dividedBy(2), 2, 3, "/", null,
        List.of(new StatusRange(200, 399)), false);
  }

  /** {@code count} addresses 10.0.0.0 and up, a hundred per group, probed every {@code interval}. */
  List<AddressHealth> addresses(int count, Duration interval) throws UnknownHostException {
    List<AddressHealth> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      InetAddress address = InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i});
      Name group = Name.fromConstantString("g" + i / 100 + ".example.com.");
      list.add(new AddressHealth(new CheckedAddress(i, group, address, tcpEvery(interval)), clock));
    }
    return list;
  }

  HealthMonitor monitor(Prober prober) {
    return new HealthMonitor(null, loop, prober, BUDGET, new SplittableRandom(7));
  }

  /** How many probes started in each whole {@code windowNanos} since the start, over {@code windows}. */
  int[] startsPer(FakeProber prober, long windowNanos, int windows) {
    int[] counts = new int[windows];
    for (FakeProber.Start s : prober.starts()) {
      int w = (int) ((s.at() - origin) / windowNanos);
      if (w < windows) {
        counts[w]++;
      }
    }
    return counts;
  }

  static List<Integer> boxed(int[] counts) {
    return java.util.Arrays.stream(counts).boxed().toList();
  }

  @Test
  void tenThousandAddressesAtOneSecondGetAThousandProbesASecondSpreadEvenly() throws Exception {
    FakeProber prober = FakeProber.refusing(loop);
    HealthMonitor monitor = monitor(prober);
    List<AddressHealth> targets = addresses(10_000, Duration.ofSeconds(1));

    monitor.watch(targets);
    loop.advance(Duration.ofSeconds(20));

    int[] perSecond = startsPer(prober, SECOND, 20);
    // the first second: the rate and the bucket (a tenth of a second's worth); then the rate, used in full
    assertThat(perSecond[0]).isBetween(1000, 1100);
    assertThat(boxed(perSecond).subList(1, 20)).allSatisfy(n -> assertThat(n).isEqualTo(1000));
    int[] perTick = startsPer(prober, ProbeDispatcher.TICK_NANOS, 4000);
    assertThat(boxed(perTick).subList(40, 4000)).as("five starts every 5 ms once the bucket is empty")
        .allSatisfy(n -> assertThat(n).isEqualTo(5));
    assertThat(monitor.stats().late()).isGreaterThan(15_000);
    assertThat(monitor.stats().delaySeconds()).as("each address waits ~9 s past its due time")
        .isBetween(8.0, 10.0);
    assertThat(monitor.stats().failures()).isEqualTo(prober.starts().size() - monitor.stats().inFlight());
  }

  @Test
  void aHeldBackProbeIsLateButNeverSkipped() throws Exception {
    FakeProber prober = FakeProber.refusing(loop);
    HealthMonitor monitor = monitor(prober);
    List<AddressHealth> targets = addresses(10_000, Duration.ofSeconds(1));

    monitor.watch(targets);
    loop.advance(Duration.ofSeconds(30));

    Map<AddressHealth, List<Long>> byAddress = new IdentityHashMap<>();
    for (FakeProber.Start s : prober.starts()) {
      byAddress.computeIfAbsent(s.target(), t -> new ArrayList<>()).add(s.at());
    }
    assertThat(byAddress).as("every address probed").hasSize(10_000);
    for (List<Long> starts : byAddress.values()) {
      assertThat(starts.get(0) - origin).as("first probe within the first 10.1 s").isLessThan(10_100_000_000L);
      assertThat(starts.size()).as("every ~10 s: the rate shared in turn").isBetween(2, 4);
      for (int i = 1; i < starts.size(); i++) {
        assertThat(starts.get(i) - starts.get(i - 1)).as("never more often than the interval")
            .isGreaterThanOrEqualTo(SECOND);
      }
    }
    assertThat(targets).allSatisfy(t -> assertThat(t.isUp()).as("three failures: down").isFalse());
  }

  @Test
  void withinTheBudgetEveryAddressIsProbedAtItsIntervalAndNothingIsLate() throws Exception {
    FakeProber prober = FakeProber.answering(loop);
    HealthMonitor monitor = monitor(prober);

    monitor.watch(addresses(900, Duration.ofSeconds(1)));
    loop.advance(Duration.ofSeconds(10));

    Map<AddressHealth, List<Long>> byAddress = new HashMap<>();
    for (FakeProber.Start s : prober.starts()) {
      byAddress.computeIfAbsent(s.target(), t -> new ArrayList<>()).add(s.at());
    }
    assertThat(byAddress).hasSize(900);
    for (List<Long> starts : byAddress.values()) {
      assertThat(starts).hasSize(10);
      for (int i = 1; i < starts.size(); i++) {
        assertThat(starts.get(i) - starts.get(i - 1)).as("fixed rate").isEqualTo(SECOND);
      }
      assertThat((starts.get(0) - origin) % ProbeDispatcher.TICK_NANOS).as("on the 5 ms grid").isZero();
    }
    assertThat(monitor.stats().late()).isZero();
    assertThat(monitor.stats().delaySeconds()).isZero();
    assertThat(monitor.stats().successes() + monitor.stats().inFlight()).isEqualTo(9000);
    assertThat(log.events()).isEmpty();
  }

  @Test
  void noMoreThanTheMaximumInFlight() throws Exception {
    FakeProber prober = FakeProber.holding(loop);
    HealthMonitor monitor = monitor(prober);

    monitor.watch(addresses(2000, Duration.ofSeconds(1)));
    loop.advance(Duration.ofSeconds(3));

    assertThat(prober.starts()).hasSize(512);
    assertThat(monitor.stats().inFlight()).isEqualTo(512);
    for (int i = 0; i < 100; i++) {
      prober.starts().get(i).done().accept(ProbeResult.failure("timed out after 500 ms"));
    }
    loop.advance(Duration.ofMillis(100));
    assertThat(prober.starts()).as("a finished probe makes room for the next").hasSize(612);
    assertThat(monitor.stats().inFlight()).isEqualTo(512);
    assertThat(monitor.stats().late()).isGreaterThanOrEqualTo(100);
  }

  @Test
  void lateAndOnTimeAgainAreLoggedOnceEach() throws Exception {
    FakeProber prober = FakeProber.refusing(loop);
    HealthMonitor monitor = monitor(prober);

    monitor.watch(addresses(10_000, Duration.ofSeconds(1)));
    loop.advance(Duration.ofSeconds(20));
    assertThat(log.messages(Level.WARN)).containsExactly("health checks are late: the probe budget (1000 probes"
        + " a second, 512 at once) holds probes back; 10000 addresses ask for 10000 probes a second, so each is"
        + " probed less often than its interval (--health-max-probes-per-second, --health-max-in-flight;"
        + " wadns_health_probe_delay_seconds)");

    monitor.watch(addresses(100, Duration.ofSeconds(1)));
    loop.advance(Duration.ofSeconds(30));

    assertThat(log.messages(Level.WARN)).hasSize(1);
    assertThat(log.messages(Level.INFO)).hasSize(1).first().asString()
        .startsWith("health checks are on time again, after 20.0 s held back by the probe budget (at worst 9.");
    assertThat(monitor.stats().delaySeconds()).isZero();
  }

  @Test
  void lateProbesShowInMetrics() throws Exception {
    FakeProber prober = FakeProber.refusing(loop);
    HealthMonitor monitor = monitor(prober);
    MetricsRegistry metrics = new MetricsRegistry();
    ProbeMetrics.register(metrics.prometheus(), monitor.stats());

    monitor.watch(addresses(10_000, Duration.ofSeconds(1)));
    loop.advance(Duration.ofSeconds(20));

    String page = new String(metrics.scrape(), StandardCharsets.UTF_8);
    ProbeStats stats = monitor.stats();
    assertThat(page).contains(
        "wadns_health_probes_total{result=\"failure\"} " + (double) stats.failures(),
        "wadns_health_probes_total{result=\"success\"} 0.0",
        "wadns_health_probes_late_total " + (double) stats.late(),
        "wadns_health_probes_in_flight " + (double) stats.inFlight(),
        "wadns_health_probe_delay_seconds " + stats.delaySeconds());
    assertThat(stats.inFlight()).as("each probe takes 1 ms, five start every 5 ms").isBetween(0, 5);
  }

  @Test
  void budgetsOutsideTheirRangeAreRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ProbeBudget(0, 512))
        .hasMessage("probes per second must be from 1 to 1000000, not 0");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ProbeBudget(1000, 0))
        .hasMessage("probes in flight must be from 1 to 100000, not 0");
  }
}
