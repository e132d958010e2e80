package io.wadns.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.health.AddressHealth;
import io.wadns.health.HealthRegistry;
import io.wadns.health.ProbeResult;
import io.wadns.testing.TestZones;
import io.wadns.zone.ZoneSet;
import java.time.Clock;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** How health state shapes answers: failover rules, with addresses marked down by hand (no probes). */
class HealthAwareResolverTest {
  static final String ZONE = TestZones.exampleCom(60, """
      a  A 192.0.2.1
      a  A 192.0.2.2
      a  HEALTHCHECK tcp port=443 interval=1 timeout=0.5 rise=2 fall=2
      b  A 192.0.2.3
      b  A 192.0.2.4
      b  HEALTHCHECK tcp port=443 interval=1 timeout=0.5 rise=2 fall=2
      c  A 192.0.2.5
      c  HEALTHCHECK tcp port=443 interval=1 timeout=0.5 rise=2 fall=2
      www   ALIAS 1 a
      www   ALIAS 1 b
      spare ALIAS 1 a
      spare ALIAS 1 b
      spare ALIAS 0 c
      blind ALIAS 1 a evaluate-target-health=no
      blind ALIAS 1 b
      tree  ALIAS 1 www
      tree  ALIAS 1 c
      plain A 192.0.2.10
      plain A 192.0.2.11
      plain HEALTHCHECK tcp port=80 interval=1 timeout=0.5 rise=2 fall=2
      """);

  HealthRegistry registry;
  ZoneSet zones;
  final Random random = new Random(3);

  @BeforeEach
  void load() {
    registry = new HealthRegistry(Clock.systemUTC());
    zones = TestZones.parse(registry.keys(), "example.com.zone", ZONE); // fails on any problem, warnings too
    registry.publish(zones.healthChecks());
  }

  void down(String address) {
    AddressHealth h = registry.all().stream()
        .filter(a -> a.address().getHostAddress().equals(address)).findFirst().orElseThrow();
    h.record(new ProbeResult(false, "test"));
    h.record(new ProbeResult(false, "test"));
    assertThat(h.isUp()).isFalse();
  }

  void up(String address) {
    AddressHealth h = registry.all().stream()
        .filter(a -> a.address().getHostAddress().equals(address)).findFirst().orElseThrow();
    h.record(new ProbeResult(true, "test"));
    h.record(new ProbeResult(true, "test"));
    assertThat(h.isUp()).isTrue();
  }

  /** The distinct answers (as address sets) seen over many queries. */
  Set<Set<String>> answers(String name, int queries) throws Exception {
    Resolver resolver = new Resolver(() -> zones, registry::view, random::nextInt);
    Set<Set<String>> seen = new HashSet<>();
    for (int i = 0; i < queries; i++) {
      Answer a = resolver.resolve(new Query(Name.fromString(name), Type.A, false));
      seen.add(a.answer().stream().map(r -> ((ARecord) r).getAddress().getHostAddress())
          .collect(Collectors.toSet()));
    }
    return seen;
  }

  @Test
  void everyAddressStartsUp() throws Exception {
    assertThat(registry.all()).hasSize(7).allMatch(AddressHealth::isUp);
    assertThat(answers("www.example.com.", 200)).containsExactlyInAnyOrder(
        Set.of("192.0.2.1", "192.0.2.2"), Set.of("192.0.2.3", "192.0.2.4"));
  }

  @Test
  void downAddressLeavesItsGroupsAnswers() throws Exception {
    down("192.0.2.1");
    assertThat(answers("www.example.com.", 200)).containsExactlyInAnyOrder(
        Set.of("192.0.2.2"), Set.of("192.0.2.3", "192.0.2.4"));
  }

  @Test
  void fullyDeadGroupIsNotPicked() throws Exception {
    down("192.0.2.1");
    down("192.0.2.2");
    assertThat(answers("www.example.com.", 200)).containsExactly(Set.of("192.0.2.3", "192.0.2.4"));
  }

  @Test
  void everythingDeadAnswersAsIfAllWereUp() throws Exception {
    for (String a : new String[] {"192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4"}) {
      down(a);
    }
    assertThat(answers("www.example.com.", 200)).containsExactlyInAnyOrder(
        Set.of("192.0.2.1", "192.0.2.2"), Set.of("192.0.2.3", "192.0.2.4"));
  }

  @Test
  void zeroWeightTargetServesOnlyWhenEveryWeightedTargetIsDown() throws Exception {
    assertThat(answers("spare.example.com.", 300)).doesNotContain(Set.of("192.0.2.5"));
    down("192.0.2.1");
    down("192.0.2.2");
    down("192.0.2.3");
    assertThat(answers("spare.example.com.", 300)).containsExactly(Set.of("192.0.2.4"));
    down("192.0.2.4");
    assertThat(answers("spare.example.com.", 100)).containsExactly(Set.of("192.0.2.5"));
  }

  @Test
  void targetWithoutHealthEvaluationIsPickedWhileDead() throws Exception {
    down("192.0.2.1");
    down("192.0.2.2");
    // the dead group is still a candidate; with no address up it is served whole
    assertThat(answers("blind.example.com.", 300)).containsExactlyInAnyOrder(
        Set.of("192.0.2.1", "192.0.2.2"), Set.of("192.0.2.3", "192.0.2.4"));
  }

  @Test
  void nestedAliasIsACandidateWhileAnyOfItsTargetsIsHealthy() throws Exception {
    down("192.0.2.1");
    down("192.0.2.2");
    assertThat(answers("tree.example.com.", 300)).containsExactlyInAnyOrder(
        Set.of("192.0.2.3", "192.0.2.4"), Set.of("192.0.2.5"));
    down("192.0.2.3");
    down("192.0.2.4");
    assertThat(answers("tree.example.com.", 100)).containsExactly(Set.of("192.0.2.5"));
  }

  @Test
  void plainAddressSetWithHealthCheckDropsDownAddresses() throws Exception {
    down("192.0.2.10");
    assertThat(answers("plain.example.com.", 20)).containsExactly(Set.of("192.0.2.11"));
    down("192.0.2.11");
    assertThat(answers("plain.example.com.", 20)).containsExactly(Set.of("192.0.2.10", "192.0.2.11"));
  }

  @Test
  void recoveredAddressComesBack() throws Exception {
    down("192.0.2.1");
    assertThat(answers("www.example.com.", 100)).doesNotContain(Set.of("192.0.2.1", "192.0.2.2"));
    up("192.0.2.1");
    assertThat(answers("www.example.com.", 200)).contains(Set.of("192.0.2.1", "192.0.2.2"));
  }

  @Test
  void healthCheckRecordsAreNeverReturned() throws Exception {
    Resolver resolver = new Resolver(() -> zones, registry::view, random::nextInt);
    Answer a = resolver.resolve(new Query(Name.fromString("a.example.com."), 65301, false));
    assertThat(a.answer()).isEmpty();
    assertThat(a.authority()).hasSize(1);
  }
}
