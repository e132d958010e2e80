package io.wadns.zonefile;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.health.HealthKeys;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneRecords;
import io.wadns.zonetext.ZoneTextReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file big enough to be read in chunks on several threads loads into exactly the zone that the
 * same text read on one thread gives: every record, its owner's spelling, TTL and RDATA, with
 * {@code $ORIGIN} and {@code $TTL} changes, blank owners, includes and weighted names on the way;
 * and the record limit holds for the whole file, not per chunk.
 */
class ChunkedLoadTest {
  @TempDir
  Path dir;

  /** About 6 MB: over the size from which files are read in chunks. */
  static String bigZone() {
    StringBuilder z = new StringBuilder(7 << 20);
    z.append("$ORIGIN example.com.\n$TTL 3600\n@ SOA ns1 hostmaster 7 7200 900 1209600 300\n@ NS ns1\n")
        .append("ns1 A 192.0.2.53\n$INCLUDE part.inc\n");
    for (int i = 0; i < 120_000; i++) {
      if (i % 40_000 == 0) {
        z.append("$ORIGIN ").append(i == 0 ? "" : "s" + i + ".").append("example.com.\n");
        z.append("$TTL ").append(300 + i / 1000).append('\n');
      }
      z.append("Host").append(i).append(" A 10.").append(i >> 16 & 255).append('.').append(i >> 8 & 255).append('.')
          .append(i & 255).append('\n');
      z.append("    AAAA 2001:db8::").append(Integer.toHexString(i >> 16)).append(':')
          .append(Integer.toHexString(i & 0xFFFF)).append('\n');
      if (i % 7 == 0) {
        z.append("t").append(i).append(" 60 TXT \"v=spf1 ip4:10.0.0.0/8 -all\" ( \"second\"\n  \"third\" )\n");
      }
      if (i % 1000 == 0) {
        z.append("w").append(i).append(" ALIAS 1 Host").append(i).append("\nw").append(i).append(" ALIAS 3 Host")
            .append(i + 1).append('\n');
      }
    }
    return z.toString();
  }

  @Test
  void aChunkedReadGivesTheZoneOfASequentialRead() throws IOException, InterruptedException {
    String text = bigZone();
    assertThat(text.length()).isGreaterThan((int) ZoneLoader.CHUNKED_FROM_BYTES);
    Files.writeString(dir.resolve("part.inc"), "inc TXT \"included\"\n");
    Path file = dir.resolve("example.com.zone");
    Files.writeString(file, text, StandardCharsets.UTF_8);

    LoadLimits limits = LoadLimits.confinedTo(dir, List.of());
    // The file does get cut: 3 threads read 3 chunks, so the drafts of chunks are appended below.
    AtomicInteger chunks = new AtomicInteger();
    ZoneTextReader.create().withIncludePolicy(limits.includePolicy()).readInParallel(file, 3, i -> {
      chunks.incrementAndGet();
      return (owner, ownerLength, type, ttl, data, dataLength, name, line) -> {};
    });
    assertThat(chunks).hasValue(3);
    ZoneLoader.FileLoad sequential = ZoneLoader.load(file, new HealthKeys(), limits, 1);
    for (int threads : new int[] {2, 3}) {
      ZoneLoader.FileLoad chunked = ZoneLoader.load(file, new HealthKeys(), limits, threads);

      assertThat(chunked.problems()).isEqualTo(sequential.problems()).isEmpty();
      assertThat(chunked.zone().recordCount()).isEqualTo(sequential.zone().recordCount()).isGreaterThan(250_000);
      List<String> a = dump(chunked.zone());
      assertThat(a).anyMatch(line -> line.startsWith("inc.example.com. 16 3600 "))
          .anyMatch(line -> line.startsWith("Host80000.s80000.example.com. 1 380 "));
      assertThat(a).isEqualTo(dump(sequential.zone()));
    }
  }

  @Test
  void theRecordLimitCountsTheWholeFileNotEachChunk() throws IOException {
    String text = bigZone();
    Files.writeString(dir.resolve("part.inc"), "inc TXT \"included\"\n");
    Path file = dir.resolve("example.com.zone");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    // More than either of two chunks holds, fewer than the file holds.
    LoadLimits limits = LoadLimits.confinedTo(dir, List.of()).withMaxRecords(200_000);

    ZoneLoader.FileLoad load = ZoneLoader.load(file, new HealthKeys(), limits, 2);

    assertThat(load.zone()).isNull();
    assertThat(load.problems()).anySatisfy(p -> assertThat(p.toString())
        .contains("the zone has more than 200000 records; stopped reading"));
  }

  /** Every record of the zone as text: owner as written, type, TTL, RDATA in hex. */
  private static List<String> dump(Zone zone) {
    List<String> out = new ArrayList<>();
    ZoneRecords r = zone.records();
    while (r.next()) {
      String owner = ZoneDraft.wireName(r.ownerArena(), r.ownerStart(), r.ownerStart() + r.ownerLength()).toString();
      out.add(owner + " " + r.type() + " " + r.ttl() + " " + HexFormat.of().formatHex(
          Arrays.copyOfRange(r.rdataArena(), r.rdataStart(), r.rdataStart() + r.rdataLength())));
    }
    return out;
  }
}
