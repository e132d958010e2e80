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
    long expected = count + LargeZone.APEX_RECORDS;
    for (int run = 0; run < 5; run++) {
      CountingSink sink = new CountingSink();
      long allocatedBefore = allocatedBytes();
      double seconds = timed(() -> check(reader.read(zone, sink), sink.records, expected));
      long allocated = allocatedBytes() - allocatedBefore;
      System.out.printf("zonetext warm-up %d: %.3f s, %.1f bytes allocated per record%n",
          run, seconds, (double) allocated / sink.records);
    }
    // Sequential and parallel runs alternate, so a busy neighbour slows both alike.
    int rounds = 12;
    double[][] times = new double[3][rounds];
    double[][] cpu = new double[3][rounds];
    int[] threadCounts = {1, 2, 4};
    for (int round = 0; round < rounds; round++) {
      for (int t = 0; t < threadCounts.length; t++) {
        int threads = threadCounts[t];
        long cpuBefore = processCpuNanos();
        times[t][round] = timed(() -> {
          List<CountingSink> sinks = new java.util.concurrent.CopyOnWriteArrayList<>();
          ZoneTextReport report = reader.readInParallel(zone, threads, chunk -> {
            CountingSink sink = new CountingSink();
            sinks.add(sink);
            return sink;
          });
          check(report, sinks.stream().mapToLong(sink -> sink.records).sum(), expected);
        });
        cpu[t][round] = (processCpuNanos() - cpuBefore) / 1e9;
      }
    }
    for (int t = 0; t < threadCounts.length; t++) {
      Arrays.sort(times[t]);
      Arrays.sort(cpu[t]);
      double median = times[t][rounds / 2];
      System.out.printf(
          "zonetext %d thread(s): median %.3f s (%.2f M records/s, %.0f MB/s), best %.3f s; CPU median %.3f s%n",
          threadCounts[t], median, expected / median / 1e6, size / median / 1e6, times[t][0], cpu[t][rounds / 2]);
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
      io.wadns.zonefile.ZoneLoader.Result result = io.wadns.zonefile.ZoneLoader.loadFiles(List.of(zone));
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("current ZoneLoader (parse and build) run %d: %.3f s, %d problems%n",
          run, seconds, result.problems().size());
    }
  }

  private interface Run {
    void run() throws Exception;
  }

  private static double timed(Run run) throws Exception {
    long start = System.nanoTime();
    run.run();
    return (System.nanoTime() - start) / 1e9;
  }

  private static void check(ZoneTextReport report, long records, long expected) {
    if (report.hasErrors() || records != expected) {
      throw new IllegalStateException("read " + records + " records, expected " + expected + ": " + report);
    }
  }

  /** CPU time of the whole process (all threads, the collector's too). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static long allocatedBytes() throws IOException {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
  }
}
