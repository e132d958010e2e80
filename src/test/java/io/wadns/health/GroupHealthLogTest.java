package io.wadns.health;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.wadns.health.AddressHealthTest.MovableClock;
import io.wadns.health.CheckSpec.Protocol;
import io.wadns.health.CheckSpec.StatusRange;
import io.wadns.testing.LogCapture;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * What an operator reads when addresses change state: one line per change of a group, and one summary a
 * second instead of thousands of lines when many change at once; each address stays visible at DEBUG.
 */
class GroupHealthLogTest {
  /** One failure takes an address down, one success brings it back. */
  static final CheckSpec RISE1_FALL1 = new CheckSpec(Protocol.TCP, 443, Duration.ofSeconds(1),
      Duration.ofMillis(500), 1, 1, "/", null, List.of(new StatusRange(200, 399)), false);
  static final ProbeResult REFUSED = ProbeResult.failure("connect failed: Connection refused");
  static final ProbeResult CONNECTED = ProbeResult.success("connected in 1 ms");

  @RegisterExtension final LogCapture log = LogCapture.of("io.wadns.health");

  final MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));
  final HealthRegistry registry = new HealthRegistry(clock);
  final List<CheckedAddress> checks = new ArrayList<>();

  /** Adds {@code count} addresses 10.0.{group}.1 and up to group {@code name}. */
  void group(String name, int count) throws UnknownHostException {
    Name owner = Name.fromConstantString(name);
    int groupNumber = (int) checks.stream().map(CheckedAddress::group).distinct().count();
    for (int i = 1; i <= count; i++) {
      InetAddress address = InetAddress.getByAddress(new byte[] {10, (byte) (groupNumber >> 8),
          (byte) groupNumber, (byte) i});
      if (count > 250) {
        address = InetAddress.getByAddress(new byte[] {10, (byte) groupNumber, (byte) (i >> 8), (byte) i});
      }
      checks.add(new CheckedAddress(registry.keys().keyOf(owner, address), owner, address, RISE1_FALL1));
    }
  }

  AddressHealth tracker(String address) throws UnknownHostException {
    InetAddress a = InetAddress.getByName(address);
    return registry.all().stream().filter(h -> h.address().equals(a)).findFirst().orElseThrow();
  }

  @Test
  void oneLineEachTimeTheNumberOfUpAddressesOfAGroupChanges() throws Exception {
    group("endpoint-a.example.com.", 4);
    registry.publish(checks);

    for (String a : List.of("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4")) {
      clock.advance(Duration.ofSeconds(2));
      tracker(a).record(REFUSED);
    }
    clock.advance(Duration.ofSeconds(2));
    tracker("10.0.0.3").record(CONNECTED);
    tracker("10.0.0.3").record(CONNECTED); // no change: no line

    assertThat(log.messages(Level.WARN)).containsExactly(
        "group endpoint-a.example.com.: 3 of 4 addresses up; 10.0.0.1 went down: connect failed: Connection refused",
        "group endpoint-a.example.com.: 2 of 4 addresses up; 10.0.0.2 went down: connect failed: Connection refused",
        "group endpoint-a.example.com.: 1 of 4 addresses up; 10.0.0.3 went down: connect failed: Connection refused",
        "group endpoint-a.example.com.: no address up of 4; 10.0.0.4 went down: connect failed: Connection refused");
    assertThat(log.messages(Level.INFO)).containsExactly(
        "group endpoint-a.example.com.: 1 of 4 addresses up; 10.0.0.3 came back: connected in 1 ms");
  }

  @Test
  void manyChangesInOneSecondGetTwentyLinesAndOneSummary() throws Exception {
    group("a.example.com.", 20);
    group("b.example.com.", 12);
    group("c.example.com.", 8);
    for (int i = 1; i <= 5; i++) {
      group("d" + i + ".example.com.", 1);
    }
    registry.publish(checks);
    List<AddressHealth> all = registry.all();
    List<AddressHealth> failing = new ArrayList<>();
    failing.addAll(all.stream().filter(h -> h.group().toString().equals("a.example.com.")).toList());
    failing.addAll(all.stream().filter(h -> h.group().toString().equals("b.example.com.")).limit(10).toList());
    failing.addAll(all.stream().filter(h -> h.group().toString().equals("c.example.com.")).limit(7).toList());
    failing.addAll(all.stream().filter(h -> h.group().toString().startsWith("d")).toList());
    assertThat(failing).hasSize(42);

    withDebug(() -> {
      for (AddressHealth h : failing) {
        clock.advance(Duration.ofMillis(20)); // 42 changes within 0.84 s
        h.record(REFUSED);
      }
      clock.advance(Duration.ofMillis(500));
      all.get(all.size() - 1).record(REFUSED); // the next probe result, after the second: the summary
    });

    List<String> warnings = log.messages(Level.WARN);
    assertThat(warnings).hasSize(21);
    assertThat(warnings.get(0)).startsWith("group a.example.com.: 19 of 20 addresses up; 10.0.0.1 went down");
    assertThat(warnings.get(20)).isEqualTo("42 addresses went down in one second, 37 of them in 3 groups:"
        + " a.example.com. (20, no address up of 20), b.example.com. (10, 2 of 12 addresses up),"
        + " c.example.com. (7, 1 of 8 addresses up); 5 in 5 other groups");
    assertThat(log.events().stream().filter(e -> e.getLevel() == Level.DEBUG)
        .filter(e -> e.getFormattedMessage().contains("changed up -> down: 1 consecutive failures"))).hasSize(42);
  }

  @Test
  void tenThousandAddressesGoingDownAtOnceLogAFewLines() throws Exception {
    for (int g = 0; g < 100; g++) {
      group("g" + g + ".example.com.", 100);
    }
    registry.publish(checks);
    List<AddressHealth> all = registry.all();

    for (AddressHealth h : all) {
      clock.advance(Duration.ofNanos(50_000)); // all within half a second
      h.record(REFUSED);
    }
    clock.advance(Duration.ofSeconds(1));
    all.get(0).record(REFUSED);
    for (AddressHealth h : all) {
      clock.advance(Duration.ofNanos(50_000));
      h.record(CONNECTED);
    }
    clock.advance(Duration.ofSeconds(1));
    all.get(0).record(CONNECTED);

    assertThat(log.messages(Level.WARN)).hasSize(21).last().asString().startsWith(
        "10000 addresses went down in one second, 300 of them in 3 groups: g0.example.com. (100, no address up"
            + " of 100), g1.example.com. (100, no address up of 100), g10.example.com. (100, no address up of 100);"
            + " 9700 in 97 other groups");
    assertThat(log.messages(Level.INFO)).hasSize(21).last().asString().startsWith(
        "10000 addresses came back up in one second, 300 of them in 3 groups: g0.example.com. (100, 100 of 100"
            + " addresses up)");
    assertThat(registry.view().allUp()).isTrue();
  }

  @Test
  void aFewChangesInASecondAreAllLoggedWithoutASummary() throws Exception {
    group("a.example.com.", 20);
    registry.publish(checks);

    for (AddressHealth h : registry.all()) { // sorted by address text: 10.0.0.9 is last
      clock.advance(Duration.ofMillis(10));
      h.record(REFUSED);
    }
    clock.advance(Duration.ofSeconds(2));
    registry.all().get(0).record(REFUSED);

    assertThat(log.messages(Level.WARN)).hasSize(20).last().asString()
        .isEqualTo("group a.example.com.: no address up of 20; 10.0.0.9 went down: connect failed: Connection refused");
  }

  private static void withDebug(Runnable r) {
    Logger logger = (Logger) LoggerFactory.getLogger(AddressHealth.class);
    Level before = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    try {
      r.run();
    } finally {
      logger.setLevel(before);
    }
  }
}
