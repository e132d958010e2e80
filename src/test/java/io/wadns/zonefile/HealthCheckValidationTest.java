package io.wadns.zonefile;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.health.CheckSpec;
import io.wadns.health.HealthCheckRecord;
import io.wadns.testing.TestZones;
import io.wadns.zone.RecordTypes;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;

/** HEALTHCHECK syntax, defaults, and the FILE:LINE: message of each bad value. */
class HealthCheckValidationTest {
  static final String HEAD = """
      $ORIGIN example.com.
      $TTL 3600
      @ IN SOA ns1 hostmaster 1 7200 900 1209600 300
      @ NS ns1
      ns1 A 192.0.2.53
      a   A 192.0.2.1
      """; // lines 1-6

  @TempDir Path dir;

  List<String> problems(String body) {
    return TestZones.problems(dir, "example.com.zone", HEAD + body);
  }

  CheckSpec spec(String check) {
    ZoneSet zones = TestZones.load(dir, "example.com.zone", HEAD + "a HEALTHCHECK " + check + "\n");
    Zone zone = zones.zones().get(0);
    // the record itself is configuration and not kept; re-read it the way the zone parser does
    assertThat(zone.node(Name.fromConstantString("a.example.com.")).get(RecordTypes.HEALTHCHECK)).isNull();
    try {
      return ((HealthCheckRecord) org.xbill.DNS.Record.fromString(Name.fromConstantString("a.example.com."),
          RecordTypes.HEALTHCHECK, 1, 60, check, Name.root)).spec();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void httpDefaults() {
    CheckSpec s = spec("http");
    assertThat(s.port()).isEqualTo(80);
    assertThat(s.interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.rise()).isEqualTo(2);
    assertThat(s.fall()).isEqualTo(3);
    assertThat(s.path()).isEqualTo("/");
    assertThat(s.expect()).hasToString("[200-399]");
  }

  @Test
  void fractionsOfSecondsAndEveryOption() {
    CheckSpec s = spec("https port=8443 interval=0.2 timeout=0.15 rise=1 fall=4 path=/healthz host=api.example"
        + " expect=200-299,304 insecure=yes");
    assertThat(s.port()).isEqualTo(8443);
    assertThat(s.interval()).isEqualTo(Duration.ofMillis(200));
    assertThat(s.timeout()).isEqualTo(Duration.ofMillis(150));
    assertThat(s.host()).isEqualTo("api.example");
    assertThat(s.expect()).hasToString("[200-299, 304]");
    assertThat(s.insecure()).isTrue();
  }

  @Test
  void tcpNeedsAPort() {
    assertThat(problems("a HEALTHCHECK tcp\n")).containsExactly(
        "example.com.zone:7: HEALTHCHECK tcp needs port=N");
  }

  @Test
  void unknownProtocol() {
    assertThat(problems("a HEALTHCHECK icmp\n")).containsExactly(
        "example.com.zone:7: unknown HEALTHCHECK protocol 'icmp' (known: tcp, http, https)");
  }

  @Test
  void unknownOption() {
    assertThat(problems("a HEALTHCHECK http retries=3\n")).containsExactly(
        "example.com.zone:7: unknown HEALTHCHECK option 'retries' (known: port, interval, timeout, rise, fall,"
            + " path, host, expect, insecure)");
  }

  @Test
  void timeoutLongerThanInterval() {
    assertThat(problems("a HEALTHCHECK tcp port=22 interval=1 timeout=2\n")).containsExactly(
        "example.com.zone:7: HEALTHCHECK timeout must be from 0.01 seconds up to the interval (1 s), so probes"
            + " of one address never overlap");
  }

  @Test
  void badNumbers() {
    assertThat(problems("a HEALTHCHECK tcp port=70000\n")).containsExactly(
        "example.com.zone:7: HEALTHCHECK port must be an integer from 1 to 65535, not '70000'");
    assertThat(problems("a HEALTHCHECK tcp port=22 rise=0\n")).containsExactly(
        "example.com.zone:7: HEALTHCHECK rise must be an integer from 1 to 100, not '0'");
    assertThat(problems("a HEALTHCHECK tcp port=22 interval=fast\n")).containsExactly(
        "example.com.zone:7: HEALTHCHECK interval must be a positive number of seconds with at most 3 decimals,"
            + " not 'fast'");
    assertThat(problems("a HEALTHCHECK tcp port=22 interval=0.01\n")).containsExactly(
        "example.com.zone:7: HEALTHCHECK interval must be from 0.05 to 3600 seconds");
  }

  @Test
  void httpOptionsOnTcp() {
    assertThat(problems("a HEALTHCHECK tcp port=22 path=/x\n")).containsExactly(
        "example.com.zone:7: HEALTHCHECK option 'path' applies to http and https only");
    assertThat(problems("a HEALTHCHECK http insecure=yes\n")).containsExactly(
        "example.com.zone:7: HEALTHCHECK option 'insecure' applies to https only");
  }

  @Test
  void badHttpValues() {
    assertThat(problems("a HEALTHCHECK http path=healthz\n")).containsExactly(
        "example.com.zone:7: HEALTHCHECK path must start with / and hold no spaces, not 'healthz'");
    assertThat(problems("a HEALTHCHECK http expect=200-99\n")).containsExactly(
        "example.com.zone:7: HEALTHCHECK expect must be statuses or ranges from 100 to 599 like 200-399,404,"
            + " not '200-99'");
  }

  @Test
  void checkOnANameWithoutAddresses() {
    assertThat(problems("t TXT \"x\"\nt HEALTHCHECK tcp port=22\n")).containsExactly(
        "example.com.zone:8: HEALTHCHECK at t.example.com., which has no A or AAAA records to check");
  }

  @Test
  void twoChecksOnOneName() {
    assertThat(problems("a HEALTHCHECK tcp port=22\na HEALTHCHECK tcp port=23\n")).containsExactly(
        "example.com.zone:8: more than one HEALTHCHECK at a.example.com. (first at line 7)");
  }
}
