package io.wadns.zonetext;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading a file in chunks on several threads gives what reading it in one pass gives. */
class ParallelReadTest {
  @TempDir Path dir;

  /** Entries that hide newlines and cut points: parentheses, quotes, comments, escapes. */
  private static final String[] ENTRIES = {
    "a%d A 192.0.2.1\n",
    "  AAAA 2001:db8::%d\n",
    "t%d TXT \"semi ; colon\" \"paren ( inside\" ( \"two\"\n  \"lines\" ) ; a \"quoted\" comment (\n",
    "s%d SOA ns h ( %d\n  2 3 4 5 ) ; serial\n",
    "e%d TXT a\\\nb\n",
    "$ORIGIN sub%d.example.com.\n",
    "$TTL %d\n",
    "bad%d A 192.0.2.x\n",
    "q%d TXT \"unclosed\n",
    "; a comment line %d with \" and (\n",
    "\n",
    "w%d 60 IN MX 10 mail%d\n",
    "$GENERATE 1-3 g%d-$ CNAME x\n",
    "  ( x ) ; odd %d\n",
  };

  private Path zone(long seed, int entries) throws IOException {
    Random random = new Random(seed);
    StringBuilder sb = new StringBuilder("$ORIGIN example.com.\n$TTL 3600\n");
    for (int i = 0; i < entries; i++) {
      sb.append(ENTRIES[random.nextInt(ENTRIES.length)].replace("%d", Integer.toString(i + 1)));
    }
    Path file = dir.resolve("zone" + seed);
    Files.writeString(file, sb, StandardCharsets.US_ASCII);
    return file;
  }

  private static ReadRecords.Result sequential(Path file) {
    ReadRecords sink = new ReadRecords();
    ZoneTextReport report = ZoneTextReader.create().read(file, sink);
    return new ReadRecords.Result(sink.records, report.problems().stream().map(ZoneTextProblem::toString).toList(), report.problems());
  }

  private static ReadRecords.Result parallel(Path file, int threads) throws InterruptedException {
    List<ReadRecords> sinks = new ArrayList<>();
    ZoneTextReport report =
        ZoneTextReader.create().readInParallel(file, threads, chunk -> {
          ReadRecords sink = new ReadRecords();
          sinks.add(sink);
          return sink;
        });
    List<ReadRecords.WireRecord> records = new ArrayList<>();
    sinks.forEach(s -> records.addAll(s.records));
    assertThat(report.records()).isEqualTo(records.size());
    return new ReadRecords.Result(records, report.problems().stream().map(ZoneTextProblem::toString).toList(), report.problems());
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
  void chunksReadAsTheWholeFileReads(long seed) throws Exception {
    Path file = zone(seed, 300); // under 100 problems: past that a sequential read stops
    ReadRecords.Result whole = sequential(file);
    for (int threads : new int[] {2, 3, 7}) {
      ReadRecords.Result chunked = parallel(file, threads);
      assertThat(chunked.records()).as("%d threads", threads).isEqualTo(whole.records());
      assertThat(chunked.problems()).as("%d threads", threads).isEqualTo(whole.problems());
    }
  }

  @Test
  void aLargeZoneIsCutIntoOneChunkPerThread() throws Exception {
    Path file = dir.resolve("large.zone");
    Files.writeString(file, LargeZone.text(50_000), StandardCharsets.US_ASCII);
    List<Integer> chunks = new ArrayList<>();
    ZoneTextReport report = ZoneTextReader.create().readInParallel(file, 4, chunk -> {
      chunks.add(chunk);
      return new ReadRecords();
    });
    assertThat(chunks).containsExactly(0, 1, 2, 3);
    assertThat(report.records()).isEqualTo(50_000 + LargeZone.APEX_RECORDS);
    assertThat(parallel(file, 4).records()).isEqualTo(sequential(file).records());
  }

  @Test
  void aNulByteAnywhereStopsTheChunkedReadAsItStopsTheWholeRead() throws Exception {
    for (String nul : new String[] {"; comment \u0000\n", "x TXT a\\\u0000\n", "y TXT \"\u0000\"\n"}) {
      Path file = dir.resolve("nul.zone");
      Files.writeString(file, "$ORIGIN example.com.\n$TTL 60\n" + "a A 192.0.2.1\n".repeat(20_000) + nul
          + "b A 192.0.2.2\n".repeat(20_000), StandardCharsets.ISO_8859_1);
      ReadRecords.Result whole = sequential(file);
      assertThat(whole.problems()).singleElement().asString().contains("a NUL byte");
      ReadRecords.Result chunked = parallel(file, 2);
      assertThat(chunked.records()).isEqualTo(whole.records());
      assertThat(chunked.problems()).isEqualTo(whole.problems());
    }
  }

  @Test
  void aFileWithoutDollarTtlIsReadAsOneChunk() throws Exception {
    Path file = dir.resolve("nottl.zone");
    Files.writeString(file, "$ORIGIN example.com.\n" + "a 60 A 192.0.2.1\nb A 192.0.2.2\n".repeat(1000));
    List<Integer> chunks = new ArrayList<>();
    ZoneTextReport report = ZoneTextReader.create().readInParallel(file, 4, chunk -> {
      chunks.add(chunk);
      return new ReadRecords();
    });
    assertThat(chunks).containsExactly(0);
    assertThat(report.records()).isEqualTo(2000);
  }
}
