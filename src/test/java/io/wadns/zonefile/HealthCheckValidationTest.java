package io.wadns.zonefile;

import static io.wadns.testing.TestZones.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.health.CheckSpec;
import io.wadns.health.HealthCheckRecord;
import io.wadns.testing.TestZones;
import io.wadns.zone.RecordTypes;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;

/** HEALTHCHECK syntax, defaults, and the FILE:LINE: message of each bad value. */
class HealthCheckValidationTest {
  /** Line 6, after the shared head: the address a check can watch. */
  static final String ADDRESS = """
      a   A 192.0.2.1
      """;

  CheckSpec spec(String check) {
    ZoneSet zones = TestZones.parse("example.com.zone", TestZones.exampleCom(ADDRESS + "a HEALTHCHECK " + check + "\n"));
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

  /** HEALTHCHECK lines from line 7 on, and the problems of the zone as {@code LINE: message}. */
  static Stream<Arguments> refusedChecks() {
    return Stream.of(
        row("tcpNeedsAPort", "a HEALTHCHECK tcp\n",
            "7: HEALTHCHECK tcp needs port=N"),
        row("unknownProtocol", "a HEALTHCHECK icmp\n",
            "7: unknown HEALTHCHECK protocol 'icmp' (known: tcp, http, https)"),
        row("unknownOption", "a HEALTHCHECK http retries=3\n",
            "7: unknown HEALTHCHECK option 'retries' (known: port, interval, timeout, rise, fall,"
                + " path, host, expect, insecure)"),
        row("timeoutLongerThanInterval", "a HEALTHCHECK tcp port=22 interval=1 timeout=2\n",
            "7: HEALTHCHECK timeout must be from 0.01 seconds up to the interval (1 s), so probes"
                + " of one address never overlap"),
        row("portAbove65535", "a HEALTHCHECK tcp port=70000\n",
            "7: HEALTHCHECK port must be an integer from 1 to 65535, not '70000'"),
        row("riseOfZero", "a HEALTHCHECK tcp port=22 rise=0\n",
            "7: HEALTHCHECK rise must be an integer from 1 to 100, not '0'"),
        row("intervalNotANumber", "a HEALTHCHECK tcp port=22 interval=fast\n",
            "7: HEALTHCHECK interval must be a positive number of seconds with at most 3 decimals,"
                + " not 'fast'"),
        row("intervalBelowFiftyMilliseconds", "a HEALTHCHECK tcp port=22 interval=0.01\n",
            "7: HEALTHCHECK interval must be from 0.05 to 3600 seconds"),
        row("pathOnTcp", "a HEALTHCHECK tcp port=22 path=/x\n",
            "7: HEALTHCHECK option 'path' applies to http and https only"),
        row("insecureOnHttp", "a HEALTHCHECK http insecure=yes\n",
            "7: HEALTHCHECK option 'insecure' applies to https only"),
        row("pathWithoutLeadingSlash", "a HEALTHCHECK http path=healthz\n",
            "7: HEALTHCHECK path must start with / and hold no spaces, not 'healthz'"),
        row("expectRangeBackwards", "a HEALTHCHECK http expect=200-99\n",
            "7: HEALTHCHECK expect must be statuses or ranges from 100 to 599 like 200-399,404,"
                + " not '200-99'"),
        row("checkOnANameWithoutAddresses", "t TXT \"x\"\nt HEALTHCHECK tcp port=22\n",
            "8: HEALTHCHECK at t.example.com., which has no A or AAAA records to check"),
        row("twoChecksOnOneName", "a HEALTHCHECK tcp port=22\na HEALTHCHECK tcp port=23\n",
            "8: more than one HEALTHCHECK at a.example.com. (first at line 7)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedChecks")
  void aBadCheckNamesItsLineAndWhatIsWrong(String behaviour, String lines, List<String> problems) {
    assertThat(TestZones.problemsOf("example.com.zone", TestZones.exampleCom(ADDRESS + lines)))
        .containsExactlyElementsOf(problems.stream().map("example.com.zone:"::concat).toList());
  }
}
