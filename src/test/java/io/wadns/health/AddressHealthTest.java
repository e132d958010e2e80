package io.wadns.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.health.CheckSpec.Protocol;
import io.wadns.health.CheckSpec.StatusRange;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/** The rise/fall state machine of one address, with a clock the test moves. */
class AddressHealthTest {
  static final CheckSpec RISE2_FALL3 = new CheckSpec(Protocol.TCP, 443, Duration.ofSeconds(10),
      Duration.ofSeconds(2), 2, 3, "/", null, List.of(new StatusRange(200, 399)), false);

  final MovableClock clock = new MovableClock(Instant.parse("2026-11-24T00:00:00Z"));
  final AddressHealth health = new AddressHealth(new CheckedAddress(0,
      Name.fromConstantString("endpoint-a.example.com."), InetAddress.getLoopbackAddress(), RISE2_FALL3), clock);

  static final class MovableClock extends Clock {
    private Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  boolean fail() {
    clock.advance(Duration.ofSeconds(10));
    return health.record(ProbeResult.failure("connect failed: refused"));
  }

  boolean succeed() {
    clock.advance(Duration.ofSeconds(10));
    return health.record(ProbeResult.success("connected in 1 ms"));
  }

  @Test
  void startsUpBeforeAnyProbe() {
    assertThat(health.isUp()).isTrue();
    assertThat(health.lastProbe()).isNull();
    assertThat(health.lastResult()).isEqualTo("not probed yet");
  }

  @Test
  void goesDownAfterFallConsecutiveFailures() {
    assertThat(fail()).isFalse();
    assertThat(fail()).isFalse();
    assertThat(health.isUp()).isTrue();
    assertThat(fail()).isTrue();
    assertThat(health.isUp()).isFalse();
    assertThat(health.lastChange()).isEqualTo(Instant.parse("2026-11-24T00:00:30Z"));
    assertThat(health.lastResult()).isEqualTo("failed: connect failed: refused");
  }

  @Test
  void aSuccessResetsTheFailureCount() {
    fail();
    fail();
    succeed();
    fail();
    fail();
    assertThat(health.isUp()).as("never three failures in a row").isTrue();
  }

  @Test
  void comesBackAfterRiseConsecutiveSuccesses() {
    fail();
    fail();
    fail();
    assertThat(succeed()).isFalse();
    assertThat(health.isUp()).isFalse();
    assertThat(succeed()).isTrue();
    assertThat(health.isUp()).isTrue();
    assertThat(health.lastChange()).isEqualTo(Instant.parse("2026-11-24T00:00:50Z"));
  }

  @Test
  void flappingAddressStaysDownUntilItHoldsUp() {
    fail();
    fail();
    fail();
    for (int i = 0; i < 10; i++) {
      succeed();
      fail();
      assertThat(health.isUp()).isFalse();
    }
    succeed();
    succeed();
    assertThat(health.isUp()).isTrue();
  }

  @Test
  void flappingUpAddressStaysUpUntilItHoldsDown() {
    for (int i = 0; i < 10; i++) {
      fail();
      fail();
      succeed();
      assertThat(health.isUp()).isTrue();
    }
  }

  @Test
  void changedCheckKeepsWhatWasKnown() {
    fail();
    fail();
    fail();
    CheckSpec newSpec = new CheckSpec(Protocol.TCP, 8443, Duration.ofSeconds(5),
        Duration.ofSeconds(1), 1, 1, "/", null, List.of(new StatusRange(200, 399)), false);
    AddressHealth changed = health.withSpec(new CheckedAddress(0, health.group(), health.address(), newSpec),
        (h, r, c) -> {});
    assertThat(changed.isUp()).isFalse();
    assertThat(changed.lastChange()).isEqualTo(health.lastChange());
    assertThat(changed.record(ProbeResult.success("ok"))).as("rise=1 now").isTrue();
  }

  @Test
  void theChecksOfZoneFilesAndSecondaryZonesAreProbedTogether() throws Exception {
    HealthRegistry registry = new HealthRegistry(clock);
    Name group = Name.fromConstantString("endpoint-a.example.com.");
    InetAddress a = InetAddress.getByName("192.0.2.1");
    InetAddress b = InetAddress.getByName("192.0.2.2");
    int keyA = registry.keys().keyOf(group, a);
    int keyB = registry.keys().keyOf(group, b);
    registry.publish(List.of(new CheckedAddress(keyA, group, a, RISE2_FALL3)));
    registry.publish("secondary", List.of(new CheckedAddress(keyB, group, b, RISE2_FALL3)));
    assertThat(registry.all()).hasSize(2);
    registry.publish(List.of()); // a reload of the zone files keeps the secondary zones' checks
    assertThat(registry.all()).extracting(AddressHealth::address).containsExactly(b);
    assertThat(registry.keys().keyOf(group, b)).as("its key is kept").isEqualTo(keyB);
  }

  @Test
  void worstDetectionIsFallIntervalsPlusTimeout() {
    assertThat(RISE2_FALL3.worstDetection()).isEqualTo(Duration.ofSeconds(32));
  }

  @Test
  void registryKeepsTrackersAcrossPublishes() throws Exception {
    HealthRegistry registry = new HealthRegistry(clock);
    Name group = Name.fromConstantString("endpoint-a.example.com.");
    InetAddress address = InetAddress.getByName("192.0.2.1");
    int key = registry.keys().keyOf(group, address);
    registry.publish(List.of(new CheckedAddress(key, group, address, RISE2_FALL3)));
    AddressHealth tracked = registry.tracker(key);
    int again = registry.keys().keyOf(Name.fromConstantString("ENDPOINT-A.example.com."), address);
    assertThat(again).as("the key ignores case").isEqualTo(key);
    registry.publish(List.of(new CheckedAddress(again, group, address, RISE2_FALL3)));
    assertThat(registry.tracker(key)).isSameAs(tracked);
    registry.publish(List.of());
    assertThat(registry.all()).isEmpty();
  }

  @Test
  void everyStateChangePublishesAView() throws Exception {
    HealthRegistry registry = new HealthRegistry(clock);
    Name group = Name.fromConstantString("endpoint-a.example.com.");
    InetAddress address = InetAddress.getByName("192.0.2.1");
    int key = registry.keys().keyOf(group, address);
    registry.publish(List.of(new CheckedAddress(key, group, address, RISE2_FALL3)));
    HealthView before = registry.view();
    AddressHealth tracker = registry.tracker(key);
    for (int i = 0; i < 3; i++) {
      tracker.record(ProbeResult.failure("refused"));
    }
    assertThat(before.isUp(key)).as("a published view never changes").isTrue();
    assertThat(registry.view().isUp(key)).isFalse();
    assertThat(registry.view().downCount()).isEqualTo(1);
    for (int i = 0; i < 2; i++) {
      tracker.record(ProbeResult.success("ok"));
    }
    assertThat(registry.view().isUp(key)).isTrue();
    assertThat(registry.view().allUp()).isTrue();
  }

  @Test
  void aReplacedTrackerCanNoLongerChangeTheView() throws Exception {
    HealthRegistry registry = new HealthRegistry(clock);
    Name group = Name.fromConstantString("endpoint-a.example.com.");
    InetAddress address = InetAddress.getByName("192.0.2.1");
    int key = registry.keys().keyOf(group, address);
    registry.publish(List.of(new CheckedAddress(key, group, address, RISE2_FALL3)));
    AddressHealth old = registry.tracker(key);
    CheckSpec other = new CheckSpec(Protocol.TCP, 8443, Duration.ofSeconds(10), Duration.ofSeconds(2), 2, 3, "/",
        null, List.of(new StatusRange(200, 399)), false);
    registry.publish(List.of(new CheckedAddress(key, group, address, other)));
    for (int i = 0; i < 3; i++) {
      old.record(ProbeResult.failure("a probe that was in flight during the reload"));
    }
    assertThat(registry.view().isUp(key)).isTrue();
  }
}
