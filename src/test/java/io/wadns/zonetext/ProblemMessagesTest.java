package io.wadns.zonetext;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What each kind of bad input is reported as: {@code LINE: message}, and reading goes on. */
class ProblemMessagesTest {
  private static final String LABEL_63 = "a".repeat(63);

  static Stream<Arguments> badEntries() {
    return Stream.of(
        // TTLs: what is wrong with the value, never "unknown type"
        row("a 30x A 192.0.2.1", "1: TTL '30x' is not a number of seconds or a duration like 1h30m"),
        row("a -5 A 192.0.2.1", "1: TTL '-5' is not a number of seconds or a duration like 1h30m"),
        row("a 4294967296 A 192.0.2.1", "1: TTL '4294967296' is larger than 4294967295 seconds"),
        row("a 1h30 A 192.0.2.1", "1: TTL '1h30' is not a number of seconds or a duration like 1h30m"),
        row("$TTL 3OO", "1: $TTL '3OO' is not a number of seconds or a duration like 1h30m"),
        row("$TTL", "1: $TTL has no TTL"),
        row("a 60 60 A 192.0.2.1", "1: expected a record type after the TTL, not '60'"),
        // classes
        row("a 60 CH A 192.0.2.1", "1: class CH is not supported; wadns serves class IN only"),
        row("a HS 60 TXT x", "1: class HS is not supported; wadns serves class IN only"),
        row("a 60 CLASS3 A 192.0.2.1", "1: class CH is not supported; wadns serves class IN only"),
        row("a IN IN A 192.0.2.1", "1: the class is given twice"),
        // types
        row("a 60 FOO 1", "1: unknown record type 'FOO'"),
        row("a 60", "1: the record has no type"),
        row("a 60 TYPE70000 \\# 0", "1: unknown record type 'TYPE70000'"),
        // quotes and parentheses: reported, never looping
        row("a 60 TXT \"abc", "1: quoted string is not closed on its line"),
        row("a 60 TXT ( \"x\"\n\n", "1: '(' is not closed by the end of the file"),
        row("a 60 A 192.0.2.1 )", "1: ')' without a matching '('"),
        // escapes and names
        row("a\\1x 60 A 192.0.2.1", "1: name 'a\\1x' has a bad escape (\\X or \\DDD with DDD up to 255)"),
        row("a\\256 60 A 192.0.2.1", "1: name 'a\\256' has a bad escape (\\X or \\DDD with DDD up to 255)"),
        row("a 60 TXT \"\\25\"", "1: '\\25' has a bad escape (\\X, or \\DDD with DDD up to 255)"),
        row("a..b 60 A 192.0.2.1", "1: name 'a..b' has an empty label"),
        row("\"\" 60 A 192.0.2.1", "1: a name is empty"),
        row("a 60 CNAME \"\"", "1: a name is empty"),
        row(LABEL_63 + "b 60 A 192.0.2.1",
            "1: a label of 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' is longer than 63 octets"),
        row((LABEL_63 + ".").repeat(4) + " 60 A 192.0.2.1",
            "1: name 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' is longer than 255 octets"),
        row((LABEL_63 + ".").repeat(3) + LABEL_63 + " 60 A 192.0.2.1",
            "1: name 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' is longer than 255 octets"),
        row("a 60 CNAME " + "x\\.".repeat(64), "1: a label of 'x\\.x\\.x\\.x\\.x\\.x\\.x\\.x\\.x\\.x\\.x\\.x\\.x\\.x...' is longer than 63 octets"),
        // RDATA: the type, the field, the value
        row("a 60 A 1.2.3", "1: A address '1.2.3' is not an IPv4 address"),
        row("a 60 A 01.2.3.4", "1: A address '01.2.3.4' is not an IPv4 address"),
        row("a 60 AAAA 1::2::3", "1: AAAA address '1::2::3' is not an IPv6 address"),
        row("a 60 AAAA 192.0.2.1", "1: AAAA address '192.0.2.1' is not an IPv6 address"),
        row("a 60 MX 70000 mail", "1: MX preference '70000' is not a number from 0 to 65535"),
        row("a 60 MX 10", "1: MX has no exchange name"),
        row("a 60 SRV 1 2 sip.example.com.", "1: SRV port 'sip.example.com.' is not a number from 0 to 65535"),
        row("a 60 SOA ns h 1 2 3 4", "1: SOA has no minimum"),
        row("a 60 SOA ns h (\n 1\n 2\n x\n 4 5 )", "4: SOA retry 'x' is not a number of seconds or a duration like 1h30m"),
        row("a 60 A 192.0.2.1 extra", "1: A has an extra field 'extra'"),
        row("a 60 TXT", "1: TXT has no text"),
        row("a 60 TXT \"" + "x".repeat(256) + "\"",
            "1: TXT string 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' is longer than 255 octets"),
        row("a 60 DS 1 8 2 abc", "1: DS digest is not hexadecimal (incomplete final group)"),
        row("a 60 DS 1 8 2 abcd", "1: DS digest has 2 octets, but digest type 2 has 32"),
        row("a 60 DS 1 8 2 xyz", "1: DS digest 'xyz' is not hexadecimal"),
        row("a 60 DNSKEY 256 3 8 @@@@", "1: DNSKEY public key '@@@@' is not base64"),
        row("a 60 DNSKEY 256 3 NOPE AQID", "1: DNSKEY algorithm 'NOPE' is not a DNSSEC algorithm number or mnemonic"),
        row("a 60 RRSIG A 8 2 60 2025-01-01 2024 1 example.com. AQID",
            "1: RRSIG signature expiration '2025-01-01' is not YYYYMMDDHHmmSS or a number of seconds"),
        row("a 60 NSEC next.example.com. A BOGUS", "1: NSEC type 'BOGUS' is not a record type"),
        row("a 60 CAA 0 is-sue x", "1: CAA tag 'is-sue' must be letters and digits only"),
        row("a 60 TYPE65280 \\# 2 abc", "1: TYPE65280 generic data is not hexadecimal (incomplete final group)"),
        row("a 60 TYPE65280 \\# 3 abcd", "1: TYPE65280 generic data has 2 octets, but its length says 3"),
        row("a 60 A \\# 3 010203", "1: A generic data is not valid A RDATA"),
        // types read by dnsjava report dnsjava's message, at the right line
        row("a 60 LOC ( 52 22 23.000 N\n 4 53 32.000 Q )", "2: Invalid LOC longitude"),
        row("a 60 APL 1:192.0.2.0/99", "1: APL record: invalid prefix length"),
        // directives
        row("$FOO bar", "1: unknown directive '$FOO'"),
        row("$INCLUDE part.zone", "1: $INCLUDE 'part.zone' refused: a relative path needs the including zone to be a file"),
        row("$INCLUDE /no/such/file.zone", "1: $INCLUDE '/no/such/file.zone' refused: no such file"),
        row("$ORIGIN", "1: $ORIGIN has no domain name"),
        row("$ORIGIN a b", "1: $ORIGIN has an extra field 'b'"),
        row("$GENERATE 5-1 a$ A 192.0.2.$", "1: $GENERATE range '5-1' is not START-STOP or START-STOP/STEP"),
        row("$GENERATE 0-2000000 a$ A 192.0.2.1", "1: $GENERATE would make 2000001 records; at most 1000000"),
        row("$GENERATE 1-2 a${x} A 192.0.2.1", "1: $GENERATE pattern 'a${x}' has a bad ${offset,width,base}"),
        row("$GENERATE 1-2 a$ MX 10", "1: $GENERATE makes only A, AAAA, CNAME, DNAME, NS and PTR records, not MX"),
        row("$GENERATE 250-260 a$ A 192.0.2.$", "1: A address '192.0.2.256' is not an IPv4 address"),
        // owners and TTLs from context
        row(" 60 A 192.0.2.1", "1: no owner name: the first record of a file must name its owner"));
  }

  private static Arguments row(String zone, String... expected) {
    return Arguments.of(zone, List.of(expected));
  }

  @ParameterizedTest
  @MethodSource("badEntries")
  void reportsTheProblemAndReadsOn(String zone, List<String> expected) {
    // a good record after each bad entry shows reading went on
    ReadRecords.Result result = ReadRecords.read("$TTL 60\n" + zone + "\ngood 60 A 192.0.2.9\n");
    List<String> shifted = expected.stream().map(ProblemMessagesTest::nextLine).toList();
    assertThat(result.problems()).isEqualTo(shifted);
    if (!zone.contains("(")) {
      assertThat(result.records()).extracting(ReadRecords.WireRecord::owner).endsWith("good.example.com.");
    }
  }

  /** The table's lines count from the entry; a "$TTL 60" line comes before it. */
  private static String nextLine(String problem) {
    int colon = problem.indexOf(':');
    return (Integer.parseInt(problem.substring(0, colon)) + 1) + problem.substring(colon);
  }

  @Test
  void aTtlAboveTwoToThe31IsReadAsZeroWithAWarning() {
    ReadRecords.Result result = ReadRecords.read("a 2147483648 A 192.0.2.1\n$TTL 4294967295\nb A 192.0.2.2\n");
    assertThat(result.problems())
        .containsExactly(
            "1: warning: TTL 2147483648 is larger than 2147483647 (RFC 2181 §8); read as 0",
            "2: warning: TTL 4294967295 is larger than 2147483647 (RFC 2181 §8); read as 0");
    assertThat(result.records()).extracting(ReadRecords.WireRecord::ttl).containsExactly(0L, 0L);
    assertThat(result.raw()).noneMatch(ZoneTextProblem::isError);
  }

  @Test
  void aRelativeNameNeedsAnOrigin() {
    ReadRecords.Result result = ReadRecords.read(ZoneTextReader.create(), "www 60 A 192.0.2.1\n@ 60 A 192.0.2.1\n");
    assertThat(result.problems())
        .containsExactly(
            "1: name 'www' is relative, but no $ORIGIN is set", "2: '@' stands for the origin, but no $ORIGIN is set");
  }

  @Test
  void aRecordNeedsATtlFromSomewhere() {
    ReadRecords.Result result = ReadRecords.read("a A 192.0.2.1\n");
    assertThat(result.problems()).containsExactly("1: the record has no TTL, and no $TTL or earlier record gives one");
  }

  @Test
  void theEndOfTheFileInsideAQuoteOrAfterABackslashIsReported() {
    assertThat(ReadRecords.read("a 60 TXT \"abc").problems())
        .containsExactly("1: quoted string is not closed by the end of the file");
    assertThat(ReadRecords.read("a 60 TXT abc\\").problems())
        .containsExactly("1: '\\' at the end of the file escapes nothing");
    assertThat(ReadRecords.read("a 60 TXT (\n\"abc\" ; comment").problems())
        .containsExactly("1: '(' is not closed by the end of the file");
  }

  @Test
  void anUnclosedQuoteEndsAtItsLine() {
    ReadRecords.Result result = ReadRecords.read("a 60 TXT \"abc\nb 60 A 192.0.2.1\n");
    assertThat(result.problems()).containsExactly("1: quoted string is not closed on its line");
    assertThat(result.records()).extracting(ReadRecords.WireRecord::owner).containsExactly("b.example.com.");
  }

  @Test
  void aFileStopsAfterAHundredProblems() {
    ReadRecords.Result result = ReadRecords.read("a 60 A x\n".repeat(150));
    assertThat(result.problems()).hasSize(101).last().isEqualTo("100: too many problems; stopped reading this file");
  }

  @Test
  void nonAsciiBytesOutsideQuotesAreOneShortError() {
    ReadRecords.Result result = ReadRecords.read("a\u00ff\u0001 60 A 192.0.2.1\nb 60 TXT \"\u00ff\"\n");
    assertThat(result.problems())
        .containsExactly("1: byte 0xFF is not allowed outside a quoted string (write it as \\255)");
    assertThat(result.records()).extracting(ReadRecords.WireRecord::rdata).containsExactly("01ff");
  }

  @Test
  void aNulByteStopsTheFileWithoutQuotingIt() {
    ReadRecords.Result result = ReadRecords.read("a 60 A 192.0.2.1\nSECRET=xyz\u0000OTHER=abc\n");
    assertThat(result.problems())
        .containsExactly("2: a NUL byte: this is not zone file text; stopped reading the file");
    // the NUL is found before any token of its block (up to 16 KiB) is read, so nothing of it is quoted
    assertThat(result.records()).isEmpty();
  }

  @Test
  void aTenMegabyteLineIsOneShortError() {
    String huge = "x".repeat(10 << 20);
    ReadRecords.Result result = ReadRecords.read("a 60 TXT " + huge + "\nb 60 A 192.0.2.1\nc 60 TXT \"" + huge + "\"\n");
    assertThat(result.problems())
        .containsExactly("1: a token is longer than 262144 bytes", "3: a quoted string is longer than 262144 bytes");
    assertThat(result.problems()).allMatch(p -> p.length() < 100);
    assertThat(result.records()).extracting(ReadRecords.WireRecord::owner).containsExactly("b.example.com.");
  }

  @Test
  void aLongJunkLineOfControlBytesIsOneError() {
    StringBuilder junk = new StringBuilder();
    for (int i = 0; i < 1 << 20; i++) {
      junk.append((char) (1 + i % 8)).append(i % 7 == 0 ? " " : "");
    }
    ReadRecords.Result result = ReadRecords.read(junk + "\nb 60 A 192.0.2.1\n");
    assertThat(result.problems()).containsExactly("1: byte 0x01 is not allowed outside a quoted string (write it as \\1)");
    assertThat(result.records()).hasSize(1);
  }

  @Test
  void messagesQuoteAShortEscapedExcerpt() {
    ReadRecords.Result result = ReadRecords.read("a 60 " + "Z".repeat(500) + "\\007 1\n");
    assertThat(result.problems())
        .containsExactly("1: unknown record type 'ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ...'");
  }
}
