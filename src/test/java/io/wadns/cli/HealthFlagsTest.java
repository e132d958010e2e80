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
