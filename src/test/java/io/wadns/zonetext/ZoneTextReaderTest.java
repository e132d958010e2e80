package io.wadns.zonetext;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZoneTextReaderTest {
  private static String records(String zone) {
    ReadRecords.Result result = ReadRecords.read(zone);
    assertThat(result.problems()).isEmpty();
    StringBuilder sb = new StringBuilder();
    result.records().forEach(r -> sb.append(r).append('\n'));
    return sb.toString();
  }

  @Test
  void aStreamThatHoldsMoreThanItSaysIsReadWhole() {
    // The lexer sizes its buffer by what the stream says it holds; a stream that says 1 byte (a file
    // that grows while read, a pipe) must still be read to its end, tokens across many refills.
    StringBuilder zone = new StringBuilder("$TTL 60\n");
    for (int i = 0; i < 2000; i++) {
      zone.append("host").append(i).append(" TXT \"").append("x".repeat(i % 250)).append("\"\n");
    }
    byte[] text = zone.toString().getBytes(StandardCharsets.ISO_8859_1);
    InputStream saysLittle = new ByteArrayInputStream(text) {
      @Override
      public synchronized int available() {
        return Math.min(1, super.available());
      }
    };
    ReadRecords sink = new ReadRecords();
    ZoneTextReport report = ZoneTextReader.create().withOrigin("example.com.").read("zone", saysLittle, sink);
    assertThat(report.problems()).isEmpty();
    assertThat(sink.records).hasSize(2000);
    assertThat(sink.records.get(1999).owner()).isEqualTo("host1999.example.com.");
  }

  @Test
  void readsRecordsWithOriginTtlAndBlankOwner() {
    assertThat(records("$TTL 1h\n@ IN A 192.0.2.1\n  AAAA 2001:db8::1\nwww 60 CNAME @\n"))
        .isEqualTo(
            "example.com. 3600 A c0000201\n"
                + "example.com. 3600 AAAA 20010db8000000000000000000000001\n"
                + "www.example.com. 60 CNAME 076578616d706c6503636f6d00\n");
  }

  @Test
  void keepsTheCaseOfNamesAsWritten() {
    assertThat(records("$TTL 60\nWWW.Example.COM. CNAME Host.EXAMPLE.com.\n"))
        .isEqualTo("WWW.Example.COM. 60 CNAME 04486f7374074558414d504c4503636f6d00\n");
  }

  @Test
  void aBlankOwnerIsTheLastStatedOwnerEvenIfItsRecordWasBad() {
    // RFC 1035 §5.1: "the last stated owner"
    ReadRecords.Result result = ReadRecords.read("$TTL 60\na A 192.0.2.x\n  AAAA ::1\nb..c A 192.0.2.2\n  AAAA ::2\n");
    assertThat(result.problems())
        .containsExactly("2: A address '192.0.2.x' is not an IPv4 address", "4: name 'b..c' has an empty label");
    assertThat(result.records())
        .extracting(ReadRecords.WireRecord::owner)
        .containsExactly("a.example.com.", "a.example.com.");
  }

  @Test
  void ttlAndClassComeInEitherOrder() {
    assertThat(records("a 60 IN A 192.0.2.1\nb IN 1m A 192.0.2.2\nc in 1H30M a 192.0.2.3\n"))
        .isEqualTo(
            "a.example.com. 60 A c0000201\nb.example.com. 60 A c0000202\nc.example.com. 5400 A c0000203\n");
  }

  @Test
  void aRecordWithoutTtlTakesThePreviousRecordsWhenThereIsNoDollarTtl() {
    assertThat(records("a 120 A 192.0.2.1\nb A 192.0.2.2\n"))
        .isEqualTo("a.example.com. 120 A c0000201\nb.example.com. 120 A c0000202\n");
  }

  @Test
  void soaWithoutAnyTtlTakesItsMinimum() {
    assertThat(records("@ SOA ns hostmaster 1 2 3 4 300\nwww A 192.0.2.1\n"))
        .startsWith("example.com. 300 SOA")
        .endsWith("www.example.com. 300 A c0000201\n");
  }

  @Test
  void parenthesesJoinLinesAndCommentsAreIgnored() {
    assertThat(records("$TTL 60\n@ SOA ns hostmaster ( ; start\n 1 ; serial\n 2 3 4\n 5 )\n"))
        .isEqualTo("example.com. 60 SOA 026e73076578616d706c6503636f6d000a686f73746d6173746572076578616d706c6503636f6d00"
            + "0000000100000002000000030000000400000005\n");
  }

  @Test
  void quotedStringsAndEscapes() {
    assertThat(records("$TTL 60\nt TXT \"a b\" c\\032d \"\\\"q\\\"\" \"\\255\"\n"))
        .isEqualTo("t.example.com. 60 TXT 03612062036320640322712201ff\n");
  }

  @Test
  void escapedDotIsPartOfALabel() {
    assertThat(records("$TTL 60\na\\.b A 192.0.2.1\n")).isEqualTo("a\\.b.example.com. 60 A c0000201\n");
  }

  @Test
  void genericTypeAndData() {
    assertThat(records("$TTL 60\na TYPE65280 \\# 3 abcdef\nb A \\# 4 c0000201\nc TYPE1 192.0.2.2\n"))
        .isEqualTo(
            "a.example.com. 60 TYPE65280 abcdef\nb.example.com. 60 A c0000201\nc.example.com. 60 A c0000202\n");
  }

  @Test
  void originDirectiveIsRelativeToTheCurrentOrigin() {
    assertThat(records("$TTL 60\n$ORIGIN sub\nwww A 192.0.2.1\n$ORIGIN other.test.\n@ A 192.0.2.2\n"))
        .isEqualTo("www.sub.example.com. 60 A c0000201\nother.test. 60 A c0000202\n");
  }

  @Test
  void generateExpandsTheRangeWithModifiers() {
    assertThat(records("$TTL 60\n$GENERATE 1-3/2 host-${10,3,x} A 192.0.2.$\n"))
        .isEqualTo("host-00b.example.com. 60 A c0000201\nhost-00d.example.com. 60 A c0000203\n");
  }

  @Test
  void lastLineWithoutNewlineIsRead() {
    assertThat(records("$TTL 60\na A 192.0.2.1")).isEqualTo("a.example.com. 60 A c0000201\n");
  }

  @Test
  void crlfLineEndsAreRead() {
    assertThat(records("$TTL 60\r\na A 192.0.2.1\r\n")).isEqualTo("a.example.com. 60 A c0000201\n");
  }

  @Test
  void includeReadsAFileRelativeToTheIncluder(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("main.zone"), "$TTL 60\n$INCLUDE sub/part.zone sub\nb A 192.0.2.2\n");
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/part.zone"), "a A 192.0.2.1\n$ORIGIN elsewhere.\n");
    ReadRecords sink = new ReadRecords();
    ZoneTextReport report =
        ZoneTextReader.create().withOrigin("example.com.").read(dir.resolve("main.zone"), sink);
    assertThat(report.problems()).isEmpty();
    assertThat(sink.records)
        .extracting(ReadRecords.WireRecord::owner)
        .containsExactly("a.sub.example.com.", "b.example.com.");
  }

  @Test
  void includeLoopsAndDepthAreRefused(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("loop.zone"), "$INCLUDE loop.zone\n");
    ZoneTextReport report =
        ZoneTextReader.create().withOrigin("example.com.").read(dir.resolve("loop.zone"), new ReadRecords());
    assertThat(report.problems())
        .extracting(ZoneTextProblem::message)
        .containsExactly("$INCLUDE 'loop.zone' is a loop: that file is already being read");
    for (int i = 0; i < 10; i++) {
      Files.writeString(dir.resolve("d" + i + ".zone"), "$INCLUDE d" + (i + 1) + ".zone\n");
    }
    Files.writeString(dir.resolve("d10.zone"), "a 60 A 192.0.2.1\n");
    report = ZoneTextReader.create().withOrigin("example.com.").read(dir.resolve("d0.zone"), new ReadRecords());
    assertThat(report.problems())
        .extracting(ZoneTextProblem::toString)
        .containsExactly(dir.resolve("d8.zone") + ":1: $INCLUDE 'd9.zone' nests more than 8 files deep");
  }

  @Test
  void includePolicyCanConfineIncludesToAFolder(@TempDir Path dir) throws IOException {
    Path zones = Files.createDirectories(dir.resolve("zones"));
    Files.writeString(dir.resolve("secret.zone"), "a 60 A 192.0.2.1\n");
    Files.writeString(zones.resolve("main.zone"), "$INCLUDE ../secret.zone\n$INCLUDE /proc/self/environ\n");
    ZoneTextReport report =
        ZoneTextReader.create()
            .withOrigin("example.com.")
            .withIncludePolicy(IncludePolicy.confinedTo(zones))
            .read(zones.resolve("main.zone"), new ReadRecords());
    assertThat(report.records()).isZero();
    assertThat(report.problems())
        .extracting(ZoneTextProblem::message)
        .containsExactly(
            "$INCLUDE '../secret.zone' refused: outside the zone folder",
            "$INCLUDE '/proc/self/environ' refused: outside the zone folder");
  }

  @Test
  void theDefaultPolicyRefusesWhatIsNotARegularFile(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("main.zone"), "$INCLUDE " + dir + "\n$INCLUDE /dev/null\n");
    ZoneTextReport report =
        ZoneTextReader.create().withOrigin("example.com.").read(dir.resolve("main.zone"), new ReadRecords());
    assertThat(report.problems())
        .extracting(ZoneTextProblem::message)
        .allMatch(m -> m.endsWith("refused: not a regular file"))
        .hasSize(2);
  }

  @Test
  void anIncludedEnvironmentIsNotQuotedInAnyMessage(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("main.zone"), "$INCLUDE /proc/self/environ\n");
    ZoneTextReport report =
        ZoneTextReader.create().withOrigin("example.com.").read(dir.resolve("main.zone"), new ReadRecords());
    assertThat(report.problems())
        .extracting(ZoneTextProblem::toString)
        .containsExactly("/proc/self/environ:1: a NUL byte: this is not zone file text; stopped reading the file");
  }
}
