package io.wadns.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.testing.TestZones;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover end to end on loopback: real TCP listeners and HTTP servers on 127.0.0.1-127.0.0.8, real
 * probes, real DNS queries. endpoint-a (127.0.0.1-4) is checked over tcp, endpoint-b (127.0.0.5-8) over
 * http; www is a 1:1 weighted alias over both; plain is an address set with a check of its own.
 */
@Timeout(60)
class HealthFailoverTest {
  /** fall x interval + timeout for the checks below: the promised worst time to leave the answers. */
  static final Duration PROMISED = Duration.ofMillis(2 * 300 + 300);
  /** Generous bound for a busy machine: the promise plus scheduling and GC pauses. */
  static final Duration LIMIT = Duration.ofSeconds(5);

  static final List<InetAddress> GROUP_A = LoopbackPorts.range(1, 4);
  static final List<InetAddress> GROUP_B = LoopbackPorts.range(5, 8);
  static final Set<String> A = names(GROUP_A);
  static final Set<String> B = names(GROUP_B);

  @TempDir Path dir;
  LoopbackListeners tcp;
  LoopbackHttpServers http;
  LoopbackDns dns;

  static String zone(int tcpPort, int httpPort) {
    // A timeout of 0.3 s, not less: the HTTP servers run in this JVM, and a probe that waits out a collection
    // or a busy CPU must not fail in the tests that expect every probe to succeed.
    String checks = " interval=0.3 timeout=0.3 rise=2 fall=2";
    return TestZones.exampleCom(60, """
        endpoint-a A 127.0.0.1
        endpoint-a A 127.0.0.2
        endpoint-a A 127.0.0.3
        endpoint-a A 127.0.0.4
        endpoint-a HEALTHCHECK tcp port=%1$d%3$s
        endpoint-b A 127.0.0.5
        endpoint-b A 127.0.0.6
        endpoint-b A 127.0.0.7
        endpoint-b A 127.0.0.8
        endpoint-b HEALTHCHECK http port=%2$d path=/healthz%3$s
        www ALIAS 1 endpoint-a
        www ALIAS 1 endpoint-b
        plain A 127.0.0.3
        plain A 127.0.0.4
        plain HEALTHCHECK tcp port=%1$d%3$s
        """.formatted(tcpPort, httpPort, checks));
  }

  @BeforeEach
  void start() throws Exception {
    List<InetAddress> all = LoopbackPorts.range(1, 8);
    int tcpPort = LoopbackPorts.commonFreePort(all);
    tcp = LoopbackListeners.open(GROUP_A, tcpPort);
    int httpPort;
    do {
      httpPort = LoopbackPorts.commonFreePort(all);
    } while (httpPort == tcpPort);
    http = LoopbackHttpServers.start(GROUP_B, httpPort);
    dns = LoopbackDns.start(dir, zone(tcpPort, httpPort));
    // Addresses start up; wait for real successful probes so every test starts from a probed state.
    LoopbackDeadline.await(LIMIT, "every address probed successfully twice", () ->
        dns.registry().all().stream().allMatch(h -> h.isUp() && h.lastProbe() != null
            && h.lastResult().startsWith("ok: ")));
  }

  @AfterEach
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {dns, http, tcp}) {
      if (c != null) {
        LoopbackPorts.closeQuietly(c);
      }
    }
  }

  @Test
  void healthyGroupsAreAnsweredWhole() throws Exception {
    assertThat(dns.registry().all()).hasSize(10).allMatch(AddressHealth::isUp);
    assertThat(dns.health("endpoint-a", GROUP_A))
        .allSatisfy(h -> assertThat(h.lastResult()).startsWith("ok: connected in"));
    assertThat(dns.health("endpoint-b", GROUP_B))
        .allSatisfy(h -> assertThat(h.lastResult()).startsWith("ok: HTTP 200"));

    assertThat(answers("www.example.com.", 100)).containsExactlyInAnyOrder(A, B);
    assertThat(dns.addresses("plain.example.com.")).containsExactly("127.0.0.3", "127.0.0.4");
    assertThat(http.requests()).as("the HTTP check really reached the servers").isPositive();
  }

  @Test
  void deadAddressLeavesEveryAnswerWithinThePromisedTime() throws Exception {
    InetAddress dead = GROUP_A.get(0);

    tcp.close(dead);
    Duration leftTheGroup = LoopbackDeadline.await(LIMIT, "127.0.0.1 gone from endpoint-a's answer",
        () -> !dns.addresses("endpoint-a.example.com.").contains("127.0.0.1"));

    System.out.printf("failover: 127.0.0.1 left the answers %d ms after its listener closed"
        + " (promised at most %d ms, fall x interval + timeout; limit %d ms)%n",
        leftTheGroup.toMillis(), PROMISED.toMillis(), LIMIT.toMillis());
    assertThat(leftTheGroup).isLessThan(LIMIT);
    AddressHealth h = dns.health("endpoint-a", dead);
    assertThat(h.isUp()).isFalse();
    assertThat(h.lastResult()).startsWith("failed: connect failed");
    assertThat(dns.addresses("endpoint-a.example.com.")).containsExactly("127.0.0.2", "127.0.0.3", "127.0.0.4");
    assertThat(answers("www.example.com.", 100)).containsExactlyInAnyOrder(
        Set.of("127.0.0.2", "127.0.0.3", "127.0.0.4"), B);
    assertThat(dns.addresses("plain.example.com.")).containsExactly("127.0.0.3", "127.0.0.4");
  }

  @Test
  void fullyDeadGroupIsNeverPicked() throws Exception {
    GROUP_A.forEach(tcp::close);
    Duration down = LoopbackDeadline.await(LIMIT, "every address of endpoint-a down",
        () -> dns.health("endpoint-a", GROUP_A).stream().noneMatch(AddressHealth::isUp));
    System.out.printf("failover: all of endpoint-a down %d ms after its listeners closed%n", down.toMillis());
    // The answers follow a moment later: the registry publishes its view after the addresses' state changes.
    LoopbackDeadline.await(LIMIT, "www answered from endpoint-b alone", () -> onlyAnswer("www.example.com.", B));

    for (int i = 0; i < 50; i++) {
      assertThat(dns.addresses("www.example.com.")).as("www answer %d", i).isEqualTo(B);
    }
    assertThat(dns.health("endpoint-a", GROUP_A))
        .allSatisfy(h -> assertThat(h.lastResult()).contains("connect failed"));
  }

  @Test
  void everythingDeadAnswersAsIfAllWereUp() throws Exception {
    GROUP_A.forEach(tcp::close);
    http.answer(503);
    LoopbackDeadline.await(LIMIT, "every address of both groups down",
        () -> dns.registry().all().stream()
            .filter(h -> !h.group().toString().startsWith("plain."))
            .noneMatch(AddressHealth::isUp));
    LoopbackDeadline.await(LIMIT, "both groups answered whole, every address down",
        () -> answers("www.example.com.", 100).equals(Set.of(A, B)));

    assertThat(dns.health("endpoint-b", GROUP_B))
        .allSatisfy(h -> assertThat(h.lastResult()).contains("HTTP 503"));
    // Route 53: "if no record is healthy, all records are healthy"; groups are still served whole.
    assertThat(answers("www.example.com.", 100)).containsExactlyInAnyOrder(A, B);
    assertThat(dns.addresses("endpoint-a.example.com.")).isEqualTo(A);
    assertThat(dns.addresses("endpoint-b.example.com.")).isEqualTo(B);
  }

  @Test
  void reopenedAddressesComeBackAfterRiseSuccesses() throws Exception {
    GROUP_A.forEach(tcp::close);
    http.answer(503);
    LoopbackDeadline.await(LIMIT, "every address of both groups down",
        () -> dns.registry().all().stream()
            .filter(h -> !h.group().toString().startsWith("plain."))
            .noneMatch(AddressHealth::isUp));

    GROUP_A.forEach(tcp::reopen);
    // endpoint-b stays dead, so as soon as endpoint-a is up again www answers it alone.
    Duration back = LoopbackDeadline.await(LIMIT, "every address of endpoint-a up again",
        () -> dns.health("endpoint-a", GROUP_A).stream().allMatch(AddressHealth::isUp));
    System.out.printf("recovery: all of endpoint-a up %d ms after its listeners reopened"
        + " (rise successes: between (rise - 1) x interval = 300 ms and rise x interval = 600 ms"
        + " after the reopening, plus probe time)%n", back.toMillis());

    LoopbackDeadline.await(LIMIT, "www answered from endpoint-a alone", () -> onlyAnswer("www.example.com.", A));
    assertThat(dns.health("endpoint-a", GROUP_A))
        .allSatisfy(h -> assertThat(h.lastResult()).startsWith("ok: connected in"));
    for (int i = 0; i < 50; i++) {
      assertThat(dns.addresses("www.example.com.")).as("www answer %d", i).isEqualTo(A);
    }

    http.answer(200);
    LoopbackDeadline.await(LIMIT, "endpoint-b up again",
        () -> dns.health("endpoint-b", GROUP_B).stream().allMatch(AddressHealth::isUp));
    LoopbackDeadline.await(LIMIT, "www answered from both groups again",
        () -> answers("www.example.com.", 100).equals(Set.of(A, B)));
    assertThat(answers("www.example.com.", 100)).containsExactlyInAnyOrder(A, B);
  }

  @Test
  void addressSetWithHealthCheckDropsTheDeadAddressAndKeepsTheLiveOne() throws Exception {
    InetAddress dead = LoopbackPorts.address(4);

    tcp.close(dead);
    Duration gone = LoopbackDeadline.await(LIMIT, "127.0.0.4 gone from plain's answer",
        () -> !dns.addresses("plain.example.com.").contains("127.0.0.4"));
    System.out.printf("multivalue: 127.0.0.4 left plain's answer %d ms after its listener closed%n",
        gone.toMillis());

    for (int i = 0; i < 20; i++) {
      assertThat(dns.addresses("plain.example.com.")).as("plain answer %d", i).containsExactly("127.0.0.3");
    }
    assertThat(dns.health("plain", dead).isUp()).isFalse();
    assertThat(dns.health("plain", LoopbackPorts.address(3)).isUp()).isTrue();
  }

  /** True when 20 queries for {@code name} all get {@code expected}. */
  private boolean onlyAnswer(String name, Set<String> expected) throws Exception {
    return answers(name, 20).equals(Set.of(expected));
  }

  /** The distinct answers seen over {@code queries} queries. */
  private Set<Set<String>> answers(String name, int queries) throws Exception {
    Set<Set<String>> seen = new HashSet<>();
    for (int i = 0; i < queries; i++) {
      seen.add(dns.addresses(name));
    }
    return seen;
  }

  private static Set<String> names(List<InetAddress> addresses) {
    Set<String> s = new TreeSet<>();
    addresses.forEach(a -> s.add(a.getHostAddress()));
    return s;
  }
}
