package io.wadns.zonefile;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.health.HealthKeys;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneRecords;
import io.wadns.zonetext.RecordSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zone built from records in wire form (what a zone transfer brings) is the zone its text gives, with
 * the same checks: weighted aliases and health checks become what they are, and an alias loop or a
 * missing target refuses the zone just as in a file.
 */
class WireLoadTest {
  @TempDir
  Path dir;

  static final String ZONE = """
      $ORIGIN example.com.
      $TTL 3600
      @ SOA ns1 hostmaster 7 7200 900 1209600 300
      @ NS ns1
      @ MX 10 mail
      ns1 A 192.0.2.53
      mail A 192.0.2.25
      Mixed.Case 300 TXT "kept as written" "two strings"
      a 60 A 192.0.2.1
      a 60 A 192.0.2.2
      b 60 A 192.0.2.3
      b HEALTHCHECK tcp port=80 interval=60
      www ALIAS 1 a
      www ALIAS 3 b
      www TXT "weighted"
      ftp CNAME mail
      _sip._tcp SRV 10 60 5060 mail
      *.cdn A 192.0.2.80
      sub NS ns1.sub
      ns1.sub A 192.0.2.153
      """;

  @Test
  void recordsInWireFormGiveTheZoneOfTheirText() {
    Zone fromText = text(ZONE).zone();
    ZoneLoader.FileLoad fromWire = ZoneLoader.loadRecords(dir.resolve("example.com.zone"), 32, feed(fromText),
        new HealthKeys(), LoadLimits.confinedTo(dir, List.of()));

    assertThat(fromWire.problems()).isEmpty();
    assertThat(dump(fromWire.zone())).isEqualTo(dump(fromText)).anyMatch(r -> r.startsWith("Mixed.Case."))
        .anyMatch(r -> r.startsWith("www.example.com. 65300 "))
        .anyMatch(r -> r.startsWith("b.example.com. 65301 "));
    assertThat(fromWire.zone().recordCount()).isEqualTo(fromText.recordCount());
    assertThat(fromWire.zone().serial()).isEqualTo(7);
  }

  @Test
  void anAliasLoopInWireFormRefusesTheZoneAsInAFile() {
    String loop = ZONE.replace("www ALIAS 3 b", "www ALIAS 3 loop") + "loop ALIAS 1 www\n";
    // The text path refuses it too; build the wire records from a zone without the loop and add it.
    Zone good = text(ZONE).zone();
    List<String> textProblems = text(loop).problems().stream().map(ZoneProblem::toString).toList();
    Zone withLoop = text(ZONE.replace("www ALIAS 3 b", "www ALIAS 3 loop") + "loop A 192.0.2.9\n").zone();
    Consumer<RecordSink> feed = sink -> {
      feed(withLoop).accept((owner, ownerLength, type, ttl, rdata, rdataLength, file, line) -> {
        if (!(type == 1 && new String(owner, 0, ownerLength, java.nio.charset.StandardCharsets.ISO_8859_1)
            .startsWith("\u0004loop"))) {
          sink.record(owner, ownerLength, type, ttl, rdata, rdataLength, file, line);
        }
      });
      // loop ALIAS 1 www, in wire form: the RDATA of www's first ALIAS with the target changed.
      feed(text("$ORIGIN example.com.\n@ 60 SOA ns1 h 1 1 1 1 1\n@ NS ns1\nns1 A 192.0.2.1\nwww A 192.0.2.1\n"
          + "loop ALIAS 1 www\n").zone()).accept((owner, ownerLength, type, ttl, rdata, rdataLength, file, line) -> {
            if (type == 65300) {
              sink.record(owner, ownerLength, type, ttl, rdata, rdataLength, file, line);
            }
          });
    };

    ZoneLoader.FileLoad load = ZoneLoader.loadRecords(dir.resolve("example.com.zone"), 32, feed, new HealthKeys(),
        LoadLimits.confinedTo(dir, List.of()));

    assertThat(good).isNotNull();
    assertThat(textProblems).anyMatch(p -> p.contains("loop"));
    assertThat(load.zone()).isNull();
    assertThat(load.problems()).anyMatch(p -> p.toString().contains("loop"));
  }

  @Test
  void theRecordLimitHolds() {
    Zone zone = text(ZONE).zone();
    ZoneLoader.FileLoad load = ZoneLoader.loadRecords(dir.resolve("example.com.zone"), 32, feed(zone),
        new HealthKeys(), LoadLimits.confinedTo(dir, List.of()).withMaxRecords(5));

    assertThat(load.zone()).isNull();
    assertThat(load.problems()).anyMatch(p -> p.toString().contains("the zone has more than 5 records"));
  }

  @Test
  void aTransferOverTheRecordLimitIsFedToItsEndAndNamesTheFirstRecordOver() {
    WireZone zone = new WireZone(dir.resolve("example.com.zone"), 1, LoadLimits.confinedTo(dir, List.of())
        .withMaxRecords(5));
    byte[] owner = {3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0};
    for (int i = 1; i <= 100_000; i++) { // a primary that goes on sending: no error until the end, no growth
      zone.record(owner, owner.length, 1, 60, new byte[] {(byte) 192, 0, 2, (byte) i}, 4, "AXFR", i);
    }
    ZoneLoader.FileLoad load = zone.build(new HealthKeys());
    assertThat(load.zone()).isNull();
    assertThat(load.problems()).extracting(ZoneProblem::toString)
        .contains("AXFR:6: the zone has more than 5 records; stopped reading (raise the limit with --max-records)");
  }

  private ZoneLoader.FileLoad text(String zone) {
    return ZoneLoader.loadText("example.com.zone", zone, dir, new HealthKeys());
  }

  /** Every record of {@code zone}, as a zone transfer would hand them over. */
  static Consumer<RecordSink> feed(Zone zone) {
    return sink -> {
      ZoneRecords r = zone.records();
      byte[] owner = new byte[255];
      int line = 0;
      while (r.next()) {
        System.arraycopy(r.ownerArena(), r.ownerStart(), owner, 0, r.ownerLength());
        byte[] rdata = Arrays.copyOfRange(r.rdataArena(), r.rdataStart(), r.rdataStart() + r.rdataLength());
        sink.record(owner, r.ownerLength(), r.type(), r.ttl(), rdata, rdata.length, "transfer", ++line);
      }
    };
  }

  private static List<String> dump(Zone zone) {
    List<String> out = new ArrayList<>();
    ZoneRecords r = zone.records();
    while (r.next()) {
      String owner = ZoneDraft.wireName(r.ownerArena(), r.ownerStart(), r.ownerStart() + r.ownerLength()).toString();
      out.add(owner + " " + r.type() + " " + r.ttl() + " " + HexFormat.of().formatHex(
          Arrays.copyOfRange(r.rdataArena(), r.rdataStart(), r.rdataStart() + r.rdataLength())));
    }
    out.sort(null);
    return out;
  }
}
