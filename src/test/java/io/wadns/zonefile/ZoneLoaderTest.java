package io.wadns.zonefile;

import static io.wadns.testing.TestZones.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.testing.TestZones;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** Zone files wadns accepts, and the FILE:LINE: message it gives for those it refuses. */
class ZoneLoaderTest {
  /** The problems of example.com. with {@code lines} after the shared head (lines 1-5), as {@code name:line: message}. */
  static List<String> problems(String lines) {
    return TestZones.problemsOf("example.com.zone", TestZones.exampleCom(lines));
  }

  @Test
  void validZoneLoadsWithSerialAndCount() {
    ZoneSet zones = TestZones.parse("example.com.zone", TestZones.exampleCom("www A 192.0.2.1\n"));
    Zone zone = zones.find(Name.fromConstantString("www.example.com."));
    assertThat(zone.origin()).isEqualTo(Name.fromConstantString("example.com."));
    assertThat(zone.serial()).isEqualTo(1);
    assertThat(zone.recordCount()).isEqualTo(4);
  }

  @Test
  void originDefaultsToTheFileNameSoAtSignWorks() {
    ZoneSet zones = TestZones.parse("example.net.zone", """
        $TTL 60
        @ IN SOA ns1 hostmaster 1 7200 900 1209600 300
        @ NS ns1
        ns1 A 192.0.2.1
        """);
    assertThat(zones.zones()).extracting(Zone::origin).containsExactly(Name.fromConstantString("example.net."));
  }

  @Test
  void masterFileSyntaxIsHonoured(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("hosts.inc"), "inc A 192.0.2.77\n");
    ZoneSet zones = TestZones.load(dir, "example.com.zone", """
        $ORIGIN example.com.
        $TTL 3600
        @ IN SOA ns1 hostmaster (
                 1       ; serial
                 7200 900 1209600
                 300 )   ; minimum
        @ NS ns1
        ns1 A 192.0.2.53
        $INCLUDE hosts.inc
        $GENERATE 1-3 host-$ A 192.0.2.$
        esc\\.aped TXT "quoted \\"text\\"" ; escapes
        generic TYPE65000 \\# 3 010203
        generic2 A \\# 4 C0000207
        $ORIGIN sub.example.com.
        rel A 192.0.2.8
        """);
    Zone zone = zones.zones().get(0);
    assertThat(zone.node(Name.fromConstantString("inc.example.com.")).get(Type.A)).isNotNull();
    assertThat(zone.node(Name.fromConstantString("host-3.example.com.")).get(Type.A)).isNotNull();
    assertThat(zone.node(Name.fromConstantString("esc\\.aped.example.com.")).get(Type.TXT).first()
        .rdataToString()).isEqualTo("\"quoted \\\"text\\\"\"");
    assertThat(zone.node(Name.fromConstantString("generic.example.com.")).get(65000)).isNotNull();
    assertThat(zone.node(Name.fromConstantString("generic2.example.com.")).get(Type.A).first()
        .rdataToString()).isEqualTo("192.0.2.7");
    assertThat(zone.node(Name.fromConstantString("rel.sub.example.com."))).isNotNull();
  }

  /** Lines from line 6 on, after the shared head, and the problems of the zone as {@code LINE: message}. */
  static Stream<Arguments> mistakes() {
    return Stream.of(
        row("syntaxErrorsNameFileAndLineAndLoadingGoesOn", """
            www A 192.0.2.300
            ok A 192.0.2.1
            mail MX ten mail
            bogus FOO bar
            """,
            "6: A address '192.0.2.300' is not an IPv4 address",
            "8: MX preference 'ten' is not a number from 0 to 65535",
            "9: unknown record type 'FOO'"),
        row("secondSoaIsRefused", "sub IN SOA ns1 hostmaster 1 7200 900 1209600 300\n",
            "6: second SOA record (sub.example.com.); a zone has exactly one, at its apex, and the first is at"
                + " line 3"),
        row("cnameBesideOtherDataIsRefused", "www A 192.0.2.1\nwww CNAME other\n",
            "7: CNAME at www.example.com. beside other data (A at line 6); a CNAME must"
                + " stand alone (RFC 1034 §3.6.2)"),
        row("outOfZoneDataIsRefused", "www.example.org. A 192.0.2.1\n",
            "6: out-of-zone record: www.example.org. is not in zone example.com."),
        row("classOtherThanInIsRefused", "www CH A 192.0.2.1\n",
            "6: class CH is not supported; wadns serves class IN only"),
        row("everyRecordOfAnOwnerThatRepeatsTheOriginIsWarnedAbout",
            "www.example.com A 192.0.2.1\nwww.example.com TXT \"x\"\nmail A 192.0.2.2\nwww.example.com AAAA 2001:db8::1\n",
            "6: warning: owner www.example.com.example.com. repeats the origin: did you mean www.example.com.? A name"
                + " without a trailing dot is relative to $ORIGIN",
            "7: warning: owner www.example.com.example.com. repeats the origin: did you mean www.example.com.? A name"
                + " without a trailing dot is relative to $ORIGIN",
            "9: warning: owner www.example.com.example.com. repeats the origin: did you mean www.example.com.? A name"
                + " without a trailing dot is relative to $ORIGIN"),
        row("aNameThatRepeatsTheOriginHintsAtTheMissingDot", "ftp CNAME www.example.com\nwww A 192.0.2.1\n",
            "6: warning: CNAME target www.example.com.example.com. repeats the origin: did you mean"
                + " www.example.com.? A name without a trailing dot is relative to $ORIGIN"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void aMistakeNamesFileLineAndWhatIsWrong(String behaviour, String lines, List<String> problems) {
    assertThat(problems(lines))
        .containsExactlyElementsOf(problems.stream().map("example.com.zone:"::concat).toList());
  }

  @Test
  void zoneWithoutSoaIsRefused() {
    assertThat(TestZones.problemsOf("x.zone", "$TTL 60\n@ NS ns1\n")).containsExactly(
        "x.zone:0: no SOA record: a zone file needs one at its apex");
  }

  @Test
  void zoneWithoutApexNsIsRefused() {
    assertThat(TestZones.problemsOf("example.com.zone", """
        $ORIGIN example.com.
        @ 60 IN SOA ns1 hostmaster 1 7200 900 1209600 300
        www 60 A 192.0.2.1
        """)).containsExactly(
            "example.com.zone:2: zone example.com. has no NS records at its apex (RFC 1035 §5.2)");
  }

  @Test
  void twoFilesWithOneOriginAreRefused(@TempDir Path dir) {
    assertThat(TestZones.problems(dir, "a.zone", TestZones.HEAD, "b.zone", TestZones.HEAD)).containsExactly(
        "b.zone:0: zone example.com. is already loaded from a.zone"
            + "; one file per zone");
  }

  @Test
  void nonGlueBelowADelegationIsAWarningAndTheZoneLoads() {
    String zone = "sub NS ns.sub\nns.sub A 192.0.2.9\nwww.sub TXT \"hidden\"\n";
    assertThat(problems(zone)).containsExactly(
        "example.com.zone:8: warning: TXT record at www.sub.example.com. is below the delegation at"
            + " sub.example.com. and is never answered (queries there get the referral); only glue (A, AAAA)"
            + " belongs there");
    assertThat(TestZones.read("example.com.zone", TestZones.exampleCom(zone)).ok()).isTrue();
  }

  @Test
  void missingIncludeNamesTheIncludingLineAndThePath(@TempDir Path dir) { // the helper leaves the temporary folder out
    assertThat(TestZones.problems(dir, "example.com.zone", TestZones.exampleCom("$INCLUDE missing.inc\n")))
        .singleElement().asString()
        .isEqualTo("example.com.zone:6: $INCLUDE 'missing.inc' refused: no such file missing.inc");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      www 30x A 192.0.2.1       | example.com.zone:6: TTL '30x' is not a number of seconds or a duration like 1h30m
      www -5 A 192.0.2.1        | example.com.zone:6: TTL '-5' is not a number of seconds or a duration like 1h30m
      www 4294967296 A 192.0.2.1 | example.com.zone:6: TTL '4294967296' is larger than 4294967295 seconds
      $TTL 3OO                  | example.com.zone:6: $TTL '3OO' is not a number of seconds or a duration like 1h30m
      www 1h3x A 192.0.2.1      | example.com.zone:6: TTL '1h3x' is not a number of seconds or a duration like 1h30m
      www IN FOO 1              | example.com.zone:6: unknown record type 'FOO'
      """)
  void aBadTtlIsReportedAsATtlWithItsValue(String line, String message) {
    assertThat(problems(line + "\n")).containsExactly(message);
  }

  @Test
  void aTtlAboveTwoToTheThirtyOneIsZeroWithAWarning() {
    String zone = "www 2147483648 A 192.0.2.1\n";
    assertThat(problems(zone)).containsExactly(
        "example.com.zone:6: warning: TTL 2147483648 is larger than 2147483647 (RFC 2181 §8); read as 0");
    ZoneSet zones = TestZones.parseAllowingWarnings("example.com.zone", TestZones.exampleCom(zone));
    Zone z = zones.find(Name.fromConstantString("www.example.com."));
    assertThat(z.node(Name.fromConstantString("www.example.com.")).get(Type.A).ttl()).isZero();
  }

  @Test
  void ttlUnitsAreRead() {
    ZoneSet zones = TestZones.parse("example.com.zone", TestZones.exampleCom("www 1h30M A 192.0.2.1\nmx 1W MX 1 www\n"));
    Zone z = zones.zones().get(0);
    assertThat(z.node(Name.fromConstantString("www.example.com.")).get(Type.A).ttl()).isEqualTo(5400);
    assertThat(z.node(Name.fromConstantString("mx.example.com.")).get(Type.MX).ttl()).isEqualTo(604800);
  }

  @Test
  void unreadableFileIsReportedNotThrown(@TempDir Path dir) {
    ZoneLoader.Result result = ZoneLoader.loadDirectory(dir.resolve("absent"));
    assertThat(result.ok()).isFalse();
    assertThat(result.problems().get(0).message()).isEqualTo("not a directory");
  }

  @Test
  @org.junit.jupiter.api.Timeout(10)
  void unterminatedQuoteAtEndOfFileIsReportedNotLooped() {
    assertThat(problems("txt TXT \"unterminated")).singleElement().asString()
        .startsWith("example.com.zone:6: ");
  }

  @Test
  @org.junit.jupiter.api.Timeout(10)
  void garbageFileStopsAfterAHundredProblems() {
    assertThat(TestZones.problemsOf("x.zone", "bad line\n".repeat(500))).hasSize(101).last().asString()
        .endsWith("too many problems; stopped reading this file");
  }

  @Test
  void soaWithoutTtlTakesItsMinimum() {
    ZoneSet zones = TestZones.parse("example.com.zone", """
        $ORIGIN example.com.
        @ IN SOA ns1 hostmaster 1 7200 900 1209600 300
        @ NS ns1
        ns1 A 192.0.2.53
        """);
    Zone zone = zones.zones().get(0);
    assertThat(zone.apex().get(Type.SOA).ttl()).isEqualTo(300);
    assertThat(zone.node(Name.fromConstantString("ns1.example.com.")).get(Type.A).ttl()).isEqualTo(300);
  }

  @Test
  void relativeOriginIsRelativeToTheCurrentOne() {
    ZoneSet zones = TestZones.parse("example.com.zone", TestZones.exampleCom("$ORIGIN lab\nhost A 192.0.2.4\n"));
    assertThat(zones.zones().get(0).node(Name.fromConstantString("host.lab.example.com."))).isNotNull();
  }

  @Test
  void zoneFilesAreListedInTheByteOrderOfTheirNames(@TempDir Path dir) throws Exception {
    // Byte order, as the paths compare: upper case first, and UTF-8 order for the rest (U+E000 is EE 80 80
    // and U+1F600 F0 9F 98 80, where UTF-16 would put the second first).
    List<String> names = new java.util.ArrayList<>(List.of("b.zone", "a.zone", "Z.zone", "a0.zone", "a.b.zone"));
    boolean utf8 = java.nio.charset.Charset.forName(System.getProperty("sun.jnu.encoding", "ASCII"))
        .equals(java.nio.charset.StandardCharsets.UTF_8);
    if (utf8) {
      names.addAll(List.of("\uD83D\uDE00.zone", "\uE000.zone", "\u00E9.zone"));
    }
    for (String name : names) {
      Files.writeString(dir.resolve(name), "");
    }
    Files.createDirectory(dir.resolve("folder.zone"));
    List<String> expected = new java.util.ArrayList<>(List.of("Z.zone", "a.b.zone", "a.zone", "a0.zone", "b.zone"));
    if (utf8) {
      expected.addAll(List.of("\u00E9.zone", "\uE000.zone", "\uD83D\uDE00.zone"));
    }
    List<ZoneProblem> problems = new java.util.ArrayList<>();
    assertThat(ZoneLoader.zoneFiles(dir, problems)).extracting(p -> p.getFileName().toString())
        .containsExactlyElementsOf(expected);
    assertThat(problems).isEmpty();
  }

  @Test
  void everyAncestorOfEveryOwnerIsANodeWhateverOrderTheOwnersComeIn() {
    // Owners four labels deep at most, from few labels so parents and siblings repeat; sorted, shuffled,
    // and sorted with each name's case changed, so the loader meets a parent right before its child, after
    // it, far from it, and in another case.
    Random random = new Random(11);
    List<String> owners = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      StringBuilder name = new StringBuilder();
      for (int depth = 1 + random.nextInt(4); depth > 0; depth--) {
        name.append("abcde".charAt(random.nextInt(5))).append(random.nextInt(3)).append('.');
      }
      owners.add(name.toString());
    }
    List<String> shuffled = new ArrayList<>(owners);
    Collections.shuffle(shuffled, random);
    List<String> sorted = new ArrayList<>(new TreeSet<>(owners));
    // DNS order (RFC 4034 §6.1): each name right after its parent, siblings together, as zone files mostly are.
    List<String> canonical = new TreeSet<>(owners.stream().map(o -> Name.fromConstantString(o + "example.com."))
        .toList()).stream().map(n -> n.relativize(Name.fromConstantString("example.com.")) + ".").toList();
    List<String> cased = canonical.stream().map(o -> random.nextBoolean() ? o.toUpperCase(Locale.ROOT) : o).toList();
    for (List<String> order : List.of(sorted, canonical, shuffled, cased)) {
      StringBuilder lines = new StringBuilder();
      for (String owner : order) {
        lines.append(owner).append("example.com. TXT x\n");
      }
      Zone zone = TestZones.parse("example.com.zone", TestZones.exampleCom(lines.toString()))
          .find(Name.fromConstantString("example.com."));
      Set<Name> expected = new HashSet<>(List.of(Name.fromConstantString("example.com."),
          Name.fromConstantString("ns1.example.com.")));
      for (String owner : owners) {
        Name name = Name.fromConstantString(owner + "example.com.");
        for (int strip = 0; name.labels() - strip > zone.origin().labels(); strip++) {
          expected.add(new Name(name, strip));
        }
      }
      for (Name name : expected) {
        assertThat(zone.data().find(name)).as("%s is a node", name).isNotNegative();
      }
      assertThat(zone.data().nodeCount()).as("the owners and their ancestors, no other node")
          .isEqualTo(expected.size());
    }
  }

  @Test
  void aDelegationsGlueAndSiblingsBelowEmptyNonTerminalsAreNodesWithTheirAncestors() {
    Zone zone = TestZones.parse("example.com.zone", TestZones.exampleCom("""
        sub NS ns.sub
        ns.sub A 192.0.2.1
        ns2.sub A 192.0.2.2
        a.b.c TXT x
        d.b.c TXT x
        e.d.b.c TXT x
        f TXT x
        g.f TXT x
        h.g.f TXT x
        i.x.y.z TXT x
        """)).find(Name.fromConstantString("example.com."));
    List<String> nodes = new ArrayList<>();
    for (int n = 0; n < zone.data().nodeCount(); n++) {
      nodes.add(zone.data().name(n).relativize(zone.origin()).toString());
    }
    assertThat(nodes).containsExactlyInAnyOrder("@", "ns1", "sub", "ns.sub", "ns2.sub", "a.b.c", "b.c", "c",
        "d.b.c", "e.d.b.c", "f", "g.f", "h.g.f", "i.x.y.z", "x.y.z", "y.z", "z");
  }
}
