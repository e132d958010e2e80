package io.wadns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.testing.TestZones;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: exit codes, help, version, usage errors and {@code check}'s report. */
class CommandLineTest {
  static final String GOOD = """
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
  void checkOnValidZonesExitsZeroAndSummarizesEachZone() {
    TestZones.write(dir, "example.com.zone", GOOD);
    Run r = run("check", "--zones", dir.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("zone example.com. serial 7, 3 records: ok");
  }

  @Test
  void checkOnInvalidZonesPrintsEachProblemAndExitsOne() {
    TestZones.write(dir, "example.com.zone", GOOD + "www A 192.0.2.999\nftp CNAME www\nftp TXT \"x\"\n");
    Run r = run("check", "--zones", dir.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains(dir.resolve("example.com.zone") + ":6: A record: Invalid address: 192.0.2.999");
    assertThat(r.out()).contains("1 problem found");
  }

  @Test
  void checkReportsProblemsOfEveryFile() {
    TestZones.write(dir, "a.example.zone", GOOD.replace("example.com.", "a.example.") + "x A bad\n",
        "b.example.zone", GOOD.replace("example.com.", "b.example.") + "y MX bad\n");
    Run r = run("check", "--zones", dir.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("a.example.zone:6:").contains("b.example.zone:6:").contains("2 problems found");
  }

  @Test
  void checkOnMissingFolderExitsOne() {
    Run r = run("check", "--zones", dir.resolve("nope").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("nope:0: not a directory");
  }

  @Test
  void unknownFlagIsOneLineAndExitTwo() {
    Run r = run("serve", "--bogus");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).startsWith("wadns serve: Unknown option: '--bogus'");
  }

  @Test
  void badListenAddressIsAUsageError() {
    Run r = run("serve", "--listen", "127.0.0.1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("invalid listen address '127.0.0.1': expected HOST:PORT");
    Run port = run("serve", "--listen", "127.0.0.1:70000");
    assertThat(port.err()).contains("port 70000 is outside 0-65535");
  }

  @Test
  void missingSubcommandIsAUsageError() {
    Run r = run();
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("a command is required: serve or check");
  }

  @Test
  void helpAndVersionWorkOnEveryCommand() {
    for (String[] args : new String[][] {{"--help"}, {"serve", "--help"}, {"check", "--help"}}) {
      Run r = run(args);
      assertThat(r.code()).as(String.join(" ", args)).isZero();
      assertThat(r.out()).contains("Usage: wadns");
    }
    for (String[] args : new String[][] {{"--version"}, {"serve", "--version"}, {"check", "--version"}}) {
      Run r = run(args);
      assertThat(r.code()).isZero();
      assertThat(r.out()).startsWith("wadns ");
    }
    assertThat(run("serve", "--help").out()).contains("--listen").contains("--zones").contains("[::1]:5300");
  }

  @Test
  void listenAddressesParseIpv4Ipv6AndNames() {
    assertThat(ListenAddress.parse("127.0.0.1:5300").getPort()).isEqualTo(5300);
    assertThat(ListenAddress.parse("[::1]:53").getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
    assertThat(ListenAddress.parse("localhost:0").getPort()).isZero();
  }
}
