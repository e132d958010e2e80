package io.wadns.dnssec;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;

/**
 * Signatures per second on one thread, by hand (not a test; surefire does not run it):
 *
 * <pre>
 * mvn -q test-compile
 * M=~/.m2/repository
 * java -cp target/classes:target/test-classes:$M/dnsjava/dnsjava/3.6.5/dnsjava-3.6.5.jar:$M/org/slf4j/slf4j-api/2.0.20/slf4j-api-2.0.20.jar \
 *     io.wadns.dnssec.SigningThroughput [seconds]
 * </pre>
 *
 * <p>For each algorithm it times {@link RrsetSigner} and dnsjava's {@code DNSSEC.sign} on the same
 * two-record A RRset, after a warm-up of the same length. The rate is per second of the thread's own
 * CPU time, so it stays a per-core figure on a machine shared with other work.
 */
final class SigningThroughput {
  private SigningThroughput() {}

  interface Signing {
    void signOnce() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
    Name zone = Name.fromConstantString("example.com.");
    RRset rrset = Signatures.sampleRrset(zone);
    KeyGenerator generator = new KeyGenerator(new SecureRandom());
    Instant inception = Instant.parse("2026-01-01T00:00:00Z");
    Instant expiration = inception.plusSeconds(30L * 86400);
    System.out.printf(Locale.ROOT, "%s %s, %d processors%n", System.getProperty("java.vm.name"),
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
      ZoneKey key = generator.generateCsk(zone, algorithm, inception, Set.of());
      RrsetSigner signer = new RrsetSigner(key, new SecureRandom());
      report(algorithm + " RrsetSigner", seconds, () -> () -> signer.sign(rrset, inception, expiration));
      report(algorithm + " DNSSEC.sign", seconds,
          () -> () -> DNSSEC.sign(rrset, key.dnskey(), key.privateKey(), inception, expiration));
    }
  }

  private static void report(String label, double seconds, Supplier<Signing> make) throws Exception {
    Signing s = make.get();
    run(s, seconds); // warm-up: JIT and the curve tables
    double rate = run(s, seconds);
    System.out.printf(Locale.ROOT, "%-32s %10.0f signatures per CPU-second%n", label, rate);
  }

  private static double run(Signing s, double seconds) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long start = threads.getCurrentThreadCpuTime();
    long n = 0;
    do {
      for (int i = 0; i < 16; i++) {
        s.signOnce();
      }
      n += 16;
    } while (System.nanoTime() < end);
    return n / ((threads.getCurrentThreadCpuTime() - start) / 1e9);
  }
}
