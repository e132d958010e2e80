package io.wadns.zonetext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** {@code $GENERATE} makes the records dnsjava's {@code Generator} makes. */
class GenerateDirectiveTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "$GENERATE 1-5 host$ A 192.0.2.$",
        "$GENERATE 0-20/7 $.2.0.192.in-addr.arpa. PTR host$.example.com.",
        "$GENERATE 1-3 h${0,3,d} CNAME t${-1,2,x}",
        "$GENERATE 10-12 h${5,4,X} 300 IN AAAA 2001:db8::${0,4,x}",
        "$GENERATE 8-9 h${0,0,o} IN 60 NS ns$",
        "$GENERATE 1-2 h$$-$ DNAME d${2,0,d}",
        "$GENERATE 0-1 h${0,3,d} A 192.0.2.$",
        "$GENERATE 1-2 @ A 192.0.2.$",
      })
  void generatesWhatDnsjavaGenerates(String directive) throws IOException {
    String zone = "$TTL 60\n" + directive + "\nafter A 192.0.2.200\n";
    ReadRecords.Result ours = ReadRecords.read(zone);
    assertThat(ours.problems()).isEmpty();
    assertThat(ours.records()).isEqualTo(dnsjava(zone)).hasSizeGreaterThan(2);
  }

  @Test
  void shortModifiersWorkAsInBind() throws IOException {
    // BIND takes ${offset} and ${offset,width}; dnsjava's Generator wants all three parts.
    String zone = "$TTL 60\n$GENERATE 1-2 h${2,3} A 192.0.2.${0}\n";
    assertThatThrownBy(() -> dnsjava(zone)).hasMessageContaining("invalid modifiers");
    ReadRecords.Result ours = ReadRecords.read(zone);
    assertThat(ours.problems()).isEmpty();
    assertThat(ours.records())
        .extracting(ReadRecords.WireRecord::owner)
        .containsExactly("h003.example.com.", "h004.example.com.");
  }

  private static List<ReadRecords.WireRecord> dnsjava(String zone) throws IOException {
    List<ReadRecords.WireRecord> records = new ArrayList<>();
    try (Master master =
        new Master(new ByteArrayInputStream(zone.getBytes(StandardCharsets.US_ASCII)), Name.fromString("example.com."))) {
      for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
        records.add(ReadRecords.of(r));
      }
    }
    return records;
  }
}
