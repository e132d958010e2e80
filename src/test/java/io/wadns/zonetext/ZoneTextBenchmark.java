package io.wadns.zonetext;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.Master;
import org.xbill.DNS.Record;

/**
 * Times this reader, dnsjava's {@code Master} and the current loader on one generated zone of
 * 1,000,000 records (about 27 MB). Run by hand, not by the test suite:
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xmx2g -cp target/classes:target/test-classes:$(cat target/cp.txt) io.wadns.zonetext.ZoneTextBenchmark [records]
 * </pre>
 */
public final class ZoneTextBenchmark {
  private ZoneTextBenchmark() {}

  /** Counts what it sees so the reading cannot be optimised away. */
  private static final class CountingSink implements RecordSink {
    long records;
    long bytes;

    @Override
    public void record(
        byte[] owner, int ownerLength, int type, long ttl, byte[] rdata, int rdataLength, String file, int line) {
      records++;
      bytes += ownerLength + rdataLength + owner[0] + rdata[0];
    }
  }

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path zone = Path.of("target", "bench-" + count + ".large.example.zone");
    if (!Files.exists(zone)) {
      Files.writeString(zone, LargeZone.text(count), StandardCharsets.US_ASCII);
    }
    long size = Files.size(zone);
    System.out.printf("zone: %s, %d records + SOA and NS, %.1f MB%n", zone, count, size / 1e6);

    ZoneTextReader reader = ZoneTextReader.create();
    double[] times = new double[10];
    for (int run = 0; run < 5 + times.length; run++) {
      CountingSink sink = new CountingSink();
      long allocatedBefore = allocatedBytes();
      long start = System.nanoTime();
      ZoneTextReport report = reader.read(zone, sink);
      double seconds = (System.nanoTime() - start) / 1e9;
      long allocated = allocatedBytes() - allocatedBefore;
      if (report.hasErrors() || sink.records != count + LargeZone.APEX_RECORDS) {
        throw new IllegalStateException("unexpected: " + report);
      }
      if (run >= 5) {
        times[run - 5] = seconds;
      }
      System.out.printf("zonetext run %2d: %.3f s, %.2f M records/s, %.0f MB/s, %.1f bytes allocated per record%n",
          run, seconds, sink.records / seconds / 1e6, size / seconds / 1e6, (double) allocated / sink.records);
    }
    Arrays.sort(times);
    System.out.printf("zonetext median after warm-up: %.3f s%n", times[times.length / 2]);

    for (int threads = 2; threads <= 4; threads += 2) {
      double best = Double.MAX_VALUE;
      for (int run = 0; run < 10; run++) {
        List<CountingSink> sinks = new java.util.concurrent.CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        ZoneTextReport report = reader.readInParallel(zone, threads, chunk -> {
          CountingSink sink = new CountingSink();
          sinks.add(sink);
          return sink;
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        long records = sinks.stream().mapToLong(s -> s.records).sum();
        if (report.hasErrors() || records != count + LargeZone.APEX_RECORDS) {
          throw new IllegalStateException("unexpected: " + report);
        }
        best = Math.min(best, seconds);
        System.out.printf("zonetext %d threads (%d chunks) run %d: %.3f s%n", threads, sinks.size(), run, seconds);
      }
      System.out.printf("zonetext %d threads best: %.3f s%n", threads, best);
    }

    for (int run = 0; run < 3; run++) {
      long start = System.nanoTime();
      long records = 0;
      try (Master master = new Master(zone.toString())) {
        for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
          records++;
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("dnsjava Master run %d: %.3f s, %.2f M records/s (%d records)%n",
          run, seconds, records / seconds / 1e6, records);
    }

    for (int run = 0; run < 2; run++) {
      long start = System.nanoTime();
      io.wadns.zone.ZoneLoader.Result result = io.wadns.zone.ZoneLoader.loadFiles(List.of(zone));
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("current ZoneLoader (parse and build) run %d: %.3f s, %d problems%n",
          run, seconds, result.problems().size());
    }
  }

  private static long allocatedBytes() throws IOException {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
  }
}
