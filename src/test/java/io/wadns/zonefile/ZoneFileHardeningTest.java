package io.wadns.zonefile;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.health.HealthKeys;
import io.wadns.testing.TestZones;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zone files are untrusted input: they cannot make wadns read outside the folders the operator named,
 * block on a FIFO, read forever from a device, echo what they read, or hold unbounded work.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ZoneFileHardeningTest {
  static final String HEAD = TestZones.HEAD; // lines 1-5

  @TempDir Path zones;

  /** Writes example.com. with {@code body} after the head to the zones folder and loads it from there. */
  ZoneLoader.FileLoad load(String body) throws Exception {
    Path file = zones.resolve("example.com.zone");
    Files.writeString(file, HEAD + body);
    return ZoneLoader.load(file, new HealthKeys(), LoadLimits.confinedTo(zones, List.of()));
  }

  /** The problems of {@link #load}, the zones folder left out of the names. */
  List<String> problems(String body) throws Exception {
    return load(body).problems().stream().map(p -> p.toString().replace(zones + "/", "")).toList();
  }

  /** The problems of example.com. with {@code body} after the head, read without a file. */
  static List<String> textProblems(String body) {
    return TestZones.problemsOf("example.com.zone", TestZones.exampleCom(body));
  }

  @Test
  void anIncludeOutsideTheZonesFolderIsRefusedAndNothingOfItIsEchoed() throws Exception {
    assertThat(problems("$INCLUDE /proc/self/environ\n")).containsExactly("example.com.zone:6: $INCLUDE"
        + " '/proc/self/environ' refused: outside the zones folder (name other folders with --include-root)");
    assertThat(problems("$INCLUDE ../../../../etc/passwd\n")).singleElement().asString()
        .contains("refused: outside the zones folder");
  }

  @Test
  void anIncludeThatIsNoRegularFileIsRefusedWithoutOpeningIt() throws Exception {
    Path fifo = zones.resolve("pipe.inc");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mkfifo.waitFor()).isZero();
    assertThat(problems("$INCLUDE pipe.inc\n")).containsExactly(
        "example.com.zone:6: $INCLUDE 'pipe.inc' refused: not a regular file");
    Files.createSymbolicLink(zones.resolve("zero.inc"), Path.of("/dev/zero"));
    assertThat(problems("$INCLUDE zero.inc\n")).containsExactly(
        "example.com.zone:6: $INCLUDE 'zero.inc' refused: not a regular file");
  }

  @Test
  void aSymlinkOutOfTheZonesFolderIsRefused() throws Exception {
    Path outside = Files.createTempFile("outside", ".inc");
    try {
      Files.writeString(outside, "secret A 192.0.2.1\n");
      Files.createSymbolicLink(zones.resolve("link.inc"), outside);
      assertThat(problems("$INCLUDE link.inc\n")).singleElement().asString()
          .contains("refused: outside the zones folder");
    } finally {
      Files.deleteIfExists(outside);
    }
  }

  @Test
  void anOperatorNamedRootMayBeIncluded(@TempDir Path shared) throws Exception {
    Files.writeString(shared.resolve("common.inc"), "common A 192.0.2.7\n");
    Path file = zones.resolve("example.com.zone");
    Files.writeString(file, HEAD + "$INCLUDE " + shared.resolve("common.inc") + "\n");
    ZoneLoader.FileLoad load = ZoneLoader.load(file, new HealthKeys(), LoadLimits.confinedTo(zones, List.of(shared)));
    assertThat(load.problems()).isEmpty();
    assertThat(load.ok()).isTrue();
  }

  @Test
  void errorsQuoteAShortEscapedExcerptNeverRawBytes() throws Exception {
    String hostile = "www A 192.0.2.\u0007" + "x".repeat(10_000) + "\u001b[31m\n";
    List<String> problems = textProblems(hostile);
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p).isEqualTo("example.com.zone:6: byte 0x07 is not allowed outside a quoted string (write it as \\7)");
      assertThat(p.chars()).allMatch(c -> c >= 0x20 && c < 0x7F || c == '§');
      assertThat(p.length()).isLessThan(200);
    });
    // A NUL byte: not zone text at all; nothing around it is quoted.
    assertThat(problems("secret TXT \"do not echo\u0000me\"\n")).singleElement().satisfies(p -> {
      assertThat(p).doesNotContain("echo").doesNotContain("secret");
      assertThat(p).contains("NUL");
    });
  }

  @Test
  void aZoneOverItsRecordLimitIsAnErrorAndReadingStops() throws Exception {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      body.append("h").append(i).append(" A 192.0.2.").append(i).append('\n');
    }
    Path file = zones.resolve("example.com.zone");
    Files.writeString(file, HEAD + body);
    ZoneLoader.FileLoad load = ZoneLoader.load(file, new HealthKeys(),
        LoadLimits.confinedTo(zones, List.of()).withMaxRecords(20));
    assertThat(load.ok()).isFalse();
    assertThat(load.problems()).singleElement().asString().endsWith("example.com.zone:23: the zone has more than 20"
        + " records; stopped reading (raise the limit with --max-records)");
  }

  @Test
  void aGenerateOverTheRecordLimitStopsToo() throws Exception {
    Path file = zones.resolve("example.com.zone");
    Files.writeString(file, HEAD + "$GENERATE 1-1000000 h$ A 192.0.2.1\n");
    ZoneLoader.FileLoad load = ZoneLoader.load(file, new HealthKeys(),
        LoadLimits.confinedTo(zones, List.of()).withMaxRecords(1000));
    assertThat(load.errors()).singleElement().asString().contains("more than 1000 records");
  }

  @Test
  void aGeneratePatternThatExpandsPastTwoKilobytesIsRefusedAtOnce() throws Exception {
    // Each ${0,255} makes 255 characters: 40 of them expand to 10 KB per record, a million records 10 GB
    Path file = zones.resolve("example.com.zone");
    Files.writeString(file, HEAD + "$GENERATE 1-1000000 h$ CNAME " + "${0,255}".repeat(40) + "\n");
    ZoneLoader.FileLoad load = ZoneLoader.load(file, new HealthKeys(), LoadLimits.confinedTo(zones, List.of()));
    assertThat(load.errors()).as("refused at the first record, once").singleElement().asString()
        .contains("expands past 2048 characters");
    Files.writeString(file, HEAD + "$GENERATE 1-10 g$ A " + "x".repeat(3000) + "\n");
    load = ZoneLoader.load(file, new HealthKeys(), LoadLimits.confinedTo(zones, List.of()));
    assertThat(load.errors()).singleElement().asString().contains("pattern longer than 2048 characters");
  }

  @Test
  void anEntryOfAnyRareTypeIsHeldToAMegabyteOfText() throws Exception {
    // APL is read by dnsjava from the entry's text: 2 MB of it is refused, the records after it still read
    String body = "x APL (\n" + "1:192.0.2.0/24 ".repeat(140_000) + ")\nafter A 192.0.2.7\n";
    List<String> problems = problems(body);
    assertThat(problems).singleElement().asString().contains("example.com.zone:7:").contains("APL")
        .contains("longer than 1024 KB of text");
    // one that fits is read
    assertThat(problems("x APL 1:192.0.2.0/24 !2:2001:db8::/32\n")).isEmpty();
  }

  @Test
  void aDirectiveIsOnlyAtTheStartOfALineOutsideParentheses() throws Exception {
    // As Knot and NSD: "($ORIGIN x)" is no directive (the reader of big files in chunks would not see it)
    assertThat(textProblems("($ORIGIN sub.example.com.)\nh1 A 192.0.2.1\n")).isNotEmpty();
    assertThat(textProblems(" $TTL 60\n")).as("indented: a blank owner's record, not a directive").isNotEmpty();
    assertThat(textProblems("$TTL 60\nh1 A 192.0.2.1\n")).isEmpty();
  }

  @Test
  void anIncludeOutsideTheFolderSaysNothingOfWhetherTheFileExists() throws Exception {
    assertThat(problems("$INCLUDE /etc/hostname\n")).singleElement().asString().contains("outside the zones folder");
    assertThat(problems("$INCLUDE /etc/no-such-file-here\n")).singleElement().asString()
        .contains("outside the zones folder");
    assertThat(problems("$INCLUDE ../../etc/no-such-file-here\n")).singleElement().asString()
        .contains("outside the zones folder");
  }

  @Test
  void includesHaveAFanOutCap() throws Exception {
    Files.writeString(zones.resolve("one.inc"), "; nothing\n");
    String body = "$INCLUDE one.inc\n".repeat(LoadLimits.DEFAULT_MAX_INCLUDES + 1);
    List<String> problems = problems(body);
    assertThat(problems).singleElement().asString().endsWith("$INCLUDE 'one.inc' refused: more than "
        + LoadLimits.DEFAULT_MAX_INCLUDES + " included files in one zone");
  }

  @Test
  void theDigestScanOfAReloadNeverOpensARefusedInclude() throws Exception {
    Process mkfifo = new ProcessBuilder("mkfifo", zones.resolve("pipe.inc").toString()).start();
    assertThat(mkfifo.waitFor()).isZero();
    Path file = zones.resolve("example.com.zone");
    Files.writeString(file, HEAD + "$INCLUDE pipe.inc\n$INCLUDE /dev/zero\n", StandardCharsets.US_ASCII);
    ZoneSources sources = ZoneSources.read(file, LoadLimits.confinedTo(zones, List.of()));
    assertThat(sources.digests()).hasSize(3);
    assertThat(sources.digests().get(zones.resolve("pipe.inc"))).startsWith("refused: not a regular file");
    assertThat(sources.unchanged()).isTrue();
  }

  @Test
  void aRecordTooLargeToEncodeIsALoadErrorNotAServfailLater() throws Exception {
    String string = "\"" + "x".repeat(255) + "\" ";
    assertThat(textProblems("big TXT " + string.repeat(300) + "\n")).containsExactly(
        "example.com.zone:6: RDATA is longer than 65535 octets");
  }

  @Test
  void anRrsetTooLargeForAnyMessageIsALoadError() throws Exception {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      body.append("many A 10.").append(i / 65536).append('.').append(i / 256 % 256).append('.').append(i % 256)
          .append('\n');
    }
    assertThat(textProblems(body.toString())).singleElement().asString().startsWith("example.com.zone:6: the A records"
        + " at many.example.com. take ").endsWith("bytes; no DNS message can hold more than 65264 of them"
        + " (RFC 1035 §4.2.2)");
  }
}
