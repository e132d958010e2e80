package io.wadns.zonetext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Where this reader deliberately reads a zone file differently from dnsjava, each case with the
 * reason: BIND's behaviour, or an RFC, where dnsjava is more lenient or stricter.
 */
class KnownDifferencesTest {
  private static final Name ORIGIN = Name.fromConstantString("example.com.");

  private static List<Record> dnsjava(String zone) throws IOException {
    List<Record> records = new ArrayList<>();
    try (Master master = new Master(new ByteArrayInputStream(zone.getBytes(StandardCharsets.ISO_8859_1)), ORIGIN)) {
      for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
        records.add(r);
      }
    }
    return records;
  }

  @Test
  void aTtlWithTheTopBitSetIsZeroNotClampedToTheMaximum() throws IOException {
    // RFC 2181 §8 says to treat it as zero, and BIND does; dnsjava clamps it to 2^31-1.
    assertThat(dnsjava("a 3000000000 A 192.0.2.1\n").get(0).getTTL()).isEqualTo(2147483647L);
    ReadRecords.Result ours = ReadRecords.read("a 3000000000 A 192.0.2.1\n");
    assertThat(ours.records().get(0).ttl()).isZero();
    assertThat(ours.problems()).containsExactly("1: warning: TTL 3000000000 is larger than 2147483647 (RFC 2181 §8); read as 0");
  }

  @Test
  void aDurationEndingInABareNumberIsAnError() throws IOException {
    // dnsjava silently drops the "30" of "1h30"; thirty of which unit is not ours to guess.
    assertThat(dnsjava("a 1h30 A 192.0.2.1\n").get(0).getTTL()).isEqualTo(3600L);
    assertThat(ReadRecords.read("a 1h30 A 192.0.2.1\n").problems()).hasSize(1);
  }

  @Test
  void base64WithCharactersOutsideTheAlphabetIsAnError() throws IOException {
    // RFC 4648 §3.3; dnsjava decodes '@' and other strangers as if they were data.
    assertThat(dnsjava("a 60 DNSKEY 256 3 8 A@@A\n")).hasSize(1);
    assertThat(ReadRecords.read("a 60 DNSKEY 256 3 8 A@@A\n").problems())
        .containsExactly("1: DNSKEY public key 'A@@A' is not base64");
  }

  @Test
  void caaTagsAreLettersAndDigitsAndValuesMayBeLong() throws IOException {
    // RFC 8659 §4.1: the tag is alphanumeric; the value is not a <character-string>, so it has no
    // 255-octet limit. dnsjava accepts any tag and limits the value to 255 octets.
    assertThat(dnsjava("a 60 CAA 0 is-sue x\n")).hasSize(1);
    assertThat(ReadRecords.read("a 60 CAA 0 is-sue x\n").problems()).hasSize(1);
    String longValue = "a 60 CAA 0 issue \"" + "x".repeat(300) + "\"\n";
    assertThatThrownBy(() -> dnsjava(longValue)).hasMessageContaining("text string too long");
    assertThat(ReadRecords.read(longValue).problems()).isEmpty();
  }

  @Test
  void queryAndMetaTypesAreNotZoneData() throws IOException {
    // RFC 6895 §3.1; BIND refuses them too. dnsjava reads "AXFR \# 0" as a record.
    assertThat(dnsjava("a 60 AXFR \\# 0\n")).hasSize(1);
    assertThat(ReadRecords.read("a 60 AXFR \\# 0\n").problems()).hasSize(1);
  }

  @Test
  void bytesInQuotedStringsAreKeptAsTheyAre() throws Exception {
    // Zone files are bytes. dnsjava turns each byte into a char and back with the platform
    // charset, so under UTF-8 the octet 0xE9 becomes the two octets C3 A9.
    String zone = "a 60 TXT \"caf\u00e9\"\n";
    assertThat(ReadRecords.read(zone).records().get(0).rdata()).isEqualTo("04636166e9");
    String theirs = ReadRecords.of(dnsjava(zone).get(0)).rdata();
    assertThat(theirs).isIn("04636166e9", "05636166c3a9");
  }

  @Test
  void generateKeepsEscapesForTheNameParser() throws IOException {
    // BIND copies "\." through to the name, where it is a dot inside a label; dnsjava's Generator
    // drops the backslash, so the label splits in two.
    String zone = "$GENERATE 1-1 a\\.$ 60 CNAME x\n";
    assertThat(dnsjava(zone).get(0).getName().toString()).isEqualTo("a.1.example.com.");
    assertThat(ReadRecords.read(zone).records().get(0).owner()).isEqualTo("a\\.1.example.com.");
  }

  @Test
  void anIpv6GroupHasAtMostFourDigits() throws IOException {
    // RFC 4291 §2.2 and inet_pton; dnsjava accepts "00001" as a group.
    assertThat(dnsjava("a 60 AAAA 00001::1\n")).hasSize(1);
    assertThat(ReadRecords.read("a 60 AAAA 00001::1\n").problems())
        .containsExactly("1: AAAA address '00001::1' is not an IPv6 address");
  }

  @Test
  void aDsAlgorithmMayBeAMnemonic() throws IOException {
    // RFC 4034 Appendix A.1 mnemonics are accepted for DS as for DNSKEY and RRSIG (BIND does);
    // dnsjava takes only a number in DS.
    String zone = "a 60 DS 60485 RSASHA1 1 2BB183AF5F22588179A53B0A98631FAD1A292118\n";
    assertThatThrownBy(() -> dnsjava(zone)).isInstanceOf(IOException.class);
    assertThat(ReadRecords.read(zone).records()).extracting(ReadRecords.WireRecord::rdata)
        .containsExactly("ec4505012bb183af5f22588179a53b0a98631fad1a292118");
  }

  @Test
  void anRrsigOriginalTtlIsDataAndIsNotClamped() throws IOException {
    // The original TTL is what the signer saw; dnsjava clamps it like a record's TTL.
    String rdata = "A 8 2 4294967295 20250101000000 20240101000000 1 example.com. AQID";
    Record theirs = Record.fromString(ORIGIN, Type.RRSIG, DClass.IN, 60, rdata, ORIGIN);
    assertThat(ReadRecords.of(theirs).rdata()).contains("7fffffff");
    assertThat(ReadRecords.read("@ 60 RRSIG " + rdata + "\n").records().get(0).rdata()).contains("ffffffff");
  }

  @Test
  void anIncludeOriginIsRelativeToTheCurrentOrigin(@TempDir Path dir) throws IOException {
    // Like every other name in the file (RFC 1035 §5.1, BIND); dnsjava makes it relative to the root.
    Path part = Files.writeString(dir.resolve("part.zone"), "@ 60 A 192.0.2.1\n");
    String zone = "$INCLUDE " + part + " sub\n";
    assertThat(dnsjava(zone).get(0).getName().toString()).isEqualTo("sub.");
    assertThat(ReadRecords.read(zone).records().get(0).owner()).isEqualTo("sub.example.com.");
  }

  @Test
  void readingGoesOnAfterAnError() throws IOException {
    // dnsjava's Master stops at the first bad entry; a server loading a zone wants every problem.
    String zone = "a 60 A x\nb 60 A 192.0.2.2\nc 60 A y\n";
    assertThatThrownBy(() -> dnsjava(zone)).isInstanceOf(IOException.class);
    ReadRecords.Result ours = ReadRecords.read(zone);
    assertThat(ours.problems()).hasSize(2);
    assertThat(ours.records()).hasSize(1);
  }
}
