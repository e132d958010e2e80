package io.wadns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.testing.TestZones;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

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
    assertThat(r.out()).contains(dir.resolve("example.com.zone") + ":6: A address '192.0.2.999' is not an IPv4 address");
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
  void checkWithKeysSignsTheZonesThatHaveAnActiveKeyAndRefusesAMissingKeysFolder() throws Exception {
    TestZones.write(dir, "example.com.zone", GOOD, "example.net.zone", GOOD.replace("example.com.", "example.net."));
    Path keys = java.nio.file.Files.createDirectories(dir.resolve("keys"));
    Run keygen = run("keygen", "example.com", "--keys", keys.toString());
    assertThat(keygen.code()).as(keygen.err()).isZero();
    Run r = run("check", "--zones", dir.toString(), "--keys", keys.toString());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("zone example.com. serial 7, 3 records, signed: ok")
        .contains("zone example.net. serial 7, 3 records: ok");
    Run missing = run("check", "--zones", dir.toString(), "--keys", dir.resolve("nokeys").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("--keys " + dir.resolve("nokeys") + ": not a folder");
    for (String days : new String[] {"0", "366", "-1"}) {
      Run bad = run("check", "--zones", dir.toString(), "--keys", keys.toString(), "--signature-validity", days);
      assertThat(bad.code()).as(days).isEqualTo(2);
      assertThat(bad.err()).contains("--signature-validity must be 1-365 days");
    }
    Run notANumber = run("check", "--zones", dir.toString(), "--keys", keys.toString(), "--signature-validity", "1e9");
    assertThat(notANumber.code()).isEqualTo(2);
  }

  @Test
  void checkOnMissingFolderExitsOne() {
    Run r = run("check", "--zones", dir.resolve("nope").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("nope:0: not a directory");
  }

  @Test
  void checkWarnsButPassesForOccludedDataAndMissingGlue() {
    TestZones.write(dir, "example.com.zone", GOOD + "sub NS ns1.sub\nsub NS ns2.sub\nns1.sub A 192.0.2.9\n"
        + "txt.sub TXT \"hidden\"\n");
    Run r = run("check", "--zones", dir.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains(dir.resolve("example.com.zone") + ":7: warning: name server ns2.sub.example.com."
        + " of sub.example.com. has no glue");
    assertThat(r.out()).contains(":9: warning: TXT record at txt.sub.example.com. is below the delegation");
    assertThat(r.out()).contains("2 warnings, no errors");
  }

  @Test
  void checkHintsAtFilesThatLookLikeZonesButAreNotServed() {
    TestZones.write(dir, "example.com.zone", GOOD, "db.example", GOOD.replace("example.com.", "example."),
        "notes.txt", "nothing to see\n");
    Run r = run("check", "--zones", dir.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains(dir + ":0: warning: hint: db.example looks like a zone file but only files named"
        + " *.zone (lower case) are served");
    assertThat(r.out()).doesNotContain("notes.txt");
  }

  @Test
  void serveRefusesWhenNoZoneLoads() {
    TestZones.write(dir, "example.com.zone", GOOD + "www A 192.0.2.999\n");
    Run r = run("serve", "--zones", dir.toString(), "--listen", "127.0.0.1:0");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains(dir.resolve("example.com.zone") + ":6: A address '192.0.2.999' is not an IPv4 address")
        .contains("wadns: not serving: no zone could be loaded from " + dir);
  }

  @Test
  void serveRefusesAUdpReadPauseOutsideZeroToAMillisecond() {
    TestZones.write(dir, "example.com.zone", GOOD);
    for (String micros : new String[] {"-1", "1001"}) {
      Run r = run("serve", "--zones", dir.toString(), "--listen", "127.0.0.1:0", "--udp-read-pause", micros);
      assertThat(r.code()).as(micros).isEqualTo(2);
      assertThat(r.err()).contains("--udp-read-pause must be 0-1000");
    }
  }

  @Test
  void serveStrictRefusesWhenAnyZoneFails() {
    TestZones.write(dir, "example.com.zone", GOOD, "b.example.zone", "garbage\n");
    Run r = run("serve", "--strict", "--zones", dir.toString(), "--listen", "127.0.0.1:0");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("b.example.zone:1:").contains("wadns: not serving: --strict and 1 problem in");
  }

  @Test
  void aBusyListenAddressNamesTheAddressTheProtocolAndTheReason() throws Exception {
    TestZones.write(dir, "example.com.zone", GOOD);
    // The UDP port is held here; the same port number for TCP is free only most of the time (another
    // process may hold it by chance), so a few ports are tried until the TCP side binds and UDP is refused.
    String last = "";
    for (int attempt = 0; attempt < 5; attempt++) {
      try (java.net.DatagramSocket udp = new java.net.DatagramSocket(0, java.net.InetAddress.getByName("127.0.0.1"))) {
        int port = udp.getLocalPort();
        Run r = run("serve", "--zones", dir.toString(), "--listen", "127.0.0.1:" + port);
        assertThat(r.code()).isEqualTo(1);
        last = r.err().strip();
        if (last.endsWith("(TCP): Address already in use")) {
          continue;
        }
        assertThat(last).isEqualTo("wadns: cannot listen on 127.0.0.1:" + port + " (UDP): Address already in use");
        break;
      }
    }
    assertThat(last).contains("(UDP): Address already in use");
    try (java.net.ServerSocket tcp = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      int port = tcp.getLocalPort();
      Run r = run("serve", "--zones", dir.toString(), "--listen", "127.0.0.1:0", "--http", "127.0.0.1:" + port);
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err().strip()).isEqualTo("wadns: cannot listen on 127.0.0.1:" + port
          + " (HTTP): Address already in use");
    }
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
  void onlyTheNamedCommandIsBuiltAndHelpStillListsEveryCommandInOrder() {
    CommandLine serveOnly = new CommandLine(new Main());
    Main.addCommands(serveOnly, new String[] {"serve", "--zones", "z"});
    assertThat(serveOnly.getSubcommands().keySet()).containsExactly("serve");
    CommandLine none = new CommandLine(new Main());
    Main.addCommands(none, new String[] {"--help"});
    assertThat(none.getSubcommands().keySet()).containsExactly("serve", "check", "keygen", "ds");

    String help = run("--help").out();
    assertThat(help).containsSubsequence("  serve ", "  check ", "  keygen ", "  ds ");
    for (String command : new String[] {"keygen", "ds"}) {
      Run r = run(command, "--help");
      assertThat(r.code()).as(command).isZero();
      assertThat(r.out()).contains("Usage: wadns " + command);
    }
    Run unknown = run("serv", "--zones", "z");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).startsWith("wadns: Unmatched arguments from index 0: 'serv'");
  }

  @Test
  void listenAddressesParseIpv4Ipv6AndNames() {
    assertThat(ListenAddress.parse("127.0.0.1:5300").getPort()).isEqualTo(5300);
    assertThat(ListenAddress.parse("[::1]:53").getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
    assertThat(io.wadns.text.AddressText.of(ListenAddress.parse("[::1]:53"))).as("as logs write it")
        .isEqualTo("[::1]:53");
    assertThat(ListenAddress.parse("localhost:0").getPort()).isZero();
  }
}
