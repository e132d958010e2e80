package io.wadns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.testing.TestZones;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The health flags of serve and check: out-of-range values are bad command lines (exit 2), named. */
class HealthFlagsTest {
  static final String ZONE = """
      $ORIGIN example.com.
      $TTL 60
      @ IN SOA ns1 hostmaster 7 7200 900 1209600 300
      @ NS ns1
      ns1 A 192.0.2.53
      """;

  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  static final String METADATA_CHECK = "meta A 169.254.169.254\nmeta HEALTHCHECK http port=80\n"; // lines 6-7

  @Test
  void checkRefusesAZoneThatProbesLinkLocalAddresses() {
    TestZones.write(dir, "example.com.zone", ZONE + METADATA_CHECK);
    Run r = run("check", "--zones", dir.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains(dir.resolve("example.com.zone") + ":7: HEALTHCHECK at meta.example.com.: address"
        + " 169.254.169.254 is outside the probe targets allowed (--health-allow)");
  }

  @Test
  void checkAllowsWhatHealthAllowNames() {
    TestZones.write(dir, "example.com.zone", ZONE + METADATA_CHECK);
    Run r = run("check", "--zones", dir.toString(), "--health-allow", "192.0.2.0/24,169.254.169.254/32");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("records: ok");
  }

  @Test
  void checkRefusesWhatHealthAllowLeavesOut() {
    TestZones.write(dir, "example.com.zone", ZONE + "www A 198.51.100.7\nwww HEALTHCHECK tcp port=443\n");
    Run r = run("check", "--zones", dir.toString(), "--health-allow", "192.0.2.0/24", "2001:db8::/32");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains(":7: HEALTHCHECK at www.example.com.: address 198.51.100.7 is outside");
  }

  @Test
  void serveDoesNotServeAZoneThatProbesLinkLocalAddresses() {
    TestZones.write(dir, "example.com.zone", ZONE + METADATA_CHECK);
    Run r = run("serve", "--zones", dir.toString(), "--listen", "127.0.0.1:0");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains(":7: HEALTHCHECK at meta.example.com.: address 169.254.169.254 is outside the"
        + " probe targets allowed (--health-allow)").contains("wadns: not serving: no zone could be loaded");
  }

  @Test
  void aBadPrefixIsABadCommandLine() {
    TestZones.write(dir, "example.com.zone", ZONE);
    for (String command : new String[] {"check", "serve"}) {
      Run r = run(command, "--zones", dir.toString(), "--health-allow", "10.0.0.1/8");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).startsWith("wadns " + command + ": Invalid value for option '--health-allow'")
          .contains("'10.0.0.1/8' has host bits set; the prefix is 10.0.0.0/8");
    }
  }

  @Test
  void aProbeRateOfZeroIsABadCommandLine() {
    TestZones.write(dir, "example.com.zone", ZONE);
    Run r = run("serve", "--zones", dir.toString(), "--listen", "127.0.0.1:0",
        "--health-max-probes-per-second", "0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("wadns serve: --health-max-probes-per-second must be 1-1000000");
  }

  @Test
  void tooManyProbesInFlightIsABadCommandLine() {
    TestZones.write(dir, "example.com.zone", ZONE);
    Run r = run("serve", "--zones", dir.toString(), "--listen", "127.0.0.1:0", "--health-max-in-flight", "100001");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("wadns serve: --health-max-in-flight must be 1-100000");
  }
}
