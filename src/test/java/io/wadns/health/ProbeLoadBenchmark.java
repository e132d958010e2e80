package io.wadns.health;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * What ten thousand health-checked addresses cost the server, with and without the probe budget: run by
 * hand (docs/health-checks.md, "What probing costs"), never by the build. It writes a zone with 10,000
 * checked addresses in 127.0.0.0/8 (100 groups of 100, tcp, interval 1 s, timeout 0.5 s; a few addresses
 * have a listener, the rest refuse), starts {@code java -jar wadns.jar serve} on it, and after a warm-up
 * measures for a while: the CPU time of the server process (from /proc, user and system), the latency of
 * sequential UDP queries for a static name (one every 2 ms, raw sockets, no resolver library in the way),
 * and from /metrics the probes finished per second and the delay.
 *
 * <pre>
 * mvn -q -o -DskipTests package && mvn -q -o test-compile
 * java -cp target/test-classes:target/wadns.jar io.wadns.health.ProbeLoadBenchmark MODE [JAR] [SECONDS]
 * </pre>
 *
 * MODE: {@code none} (the same zone without HEALTHCHECK records), {@code unlimited} (a budget too large to
 * matter), {@code budget} (the defaults), {@code budget=N} (N probes a second), or {@code plain} (no budget
 * flags, for a build without them).
 */
final class ProbeLoadBenchmark {
  static final int GROUPS = 100;
  static final int PER_GROUP = 100;
  static final int LISTENERS = 8;
  static final Duration WARM_UP = Duration.ofSeconds(45);
  static final long QUERY_EVERY_NANOS = 2_000_000;

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "budget";
    Path jar = Path.of(args.length > 1 ? args[1] : "target/wadns.jar");
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    Path dir = Files.createTempDirectory("wadns-probe-load");
    int probePort = freePort(InetAddress.getByName("127.1.0.1"));
    List<ServerSocket> listeners = listen(probePort);
    int dnsPort = freePort(InetAddress.getLoopbackAddress());
    int httpPort = freePort(InetAddress.getLoopbackAddress());
    Files.writeString(dir.resolve("example.com.zone"), zone(probePort, !mode.equals("none")));

    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString(), "serve", "--zones", dir.toString(), "--listen", "127.0.0.1:" + dnsPort,
        "--http", "127.0.0.1:" + httpPort));
    if (mode.equals("unlimited")) {
      command.addAll(List.of("--health-max-probes-per-second", "1000000", "--health-max-in-flight", "100000"));
    } else if (mode.startsWith("budget=")) {
      command.addAll(List.of("--health-max-probes-per-second", mode.substring("budget=".length())));
    }
    Process server = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("wadns.log").toFile()).start();
    try {
      InetSocketAddress dns = new InetSocketAddress("127.0.0.1", dnsPort);
      awaitAnswers(dns);
      measure(dns, Duration.ofSeconds(5), false); // the JIT's first pass
      LockSupport.parkNanos(WARM_UP.toNanos());
      double probesBefore = probes(httpPort);
      long probesStarted = System.nanoTime();
      long cpuBefore = cpuTicks(server.pid());
      long started = System.nanoTime();
      long[] latencies = measure(dns, Duration.ofSeconds(seconds), true);
      double cpu = (cpuTicks(server.pid()) - cpuBefore) / 100.0 / ((System.nanoTime() - started) / 1e9);
      double probesPerSecond = (probes(httpPort) - probesBefore) / ((System.nanoTime() - probesStarted) / 1e9);
      String delay = metric(httpPort, "wadns_health_probe_delay_seconds");
      Arrays.sort(latencies);
      System.out.printf(Locale.ROOT, "%-9s cpu %5.1f %%  probes %7.0f/s  delay %s s  queries %d  latency ms:"
              + " p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  (load %s)%n",
          mode, cpu * 100, probesPerSecond, delay == null ? "-" : delay, latencies.length,
          millis(latencies, 0.50), millis(latencies, 0.90), millis(latencies, 0.99), millis(latencies, 0.999),
          latencies[latencies.length - 1] / 1e6, Files.readString(Path.of("/proc/loadavg")).strip());
    } finally {
      server.destroy();
      server.waitFor();
      for (ServerSocket s : listeners) {
        s.close();
      }
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  /** 100 groups g0..g99 of 100 addresses 127.1.0.1 and up; the first few have a listener on the port. */
  static String zone(int port, boolean checked) {
    StringBuilder sb = new StringBuilder("""
        $ORIGIN example.com.
        $TTL 60
        @ IN SOA ns1 hostmaster 1 7200 900 1209600 300
        @ NS ns1
        ns1 A 192.0.2.53
        static A 192.0.2.10
        """);
    int n = 0;
    for (int g = 0; g < GROUPS; g++) {
      for (int i = 0; i < PER_GROUP; i++, n++) {
        sb.append('g').append(g).append(" A 127.1.").append(n / 250).append('.').append(n % 250 + 1).append('\n');
      }
      if (checked) {
        sb.append('g').append(g).append(" HEALTHCHECK tcp port=").append(port)
            .append(" interval=1 timeout=0.5 rise=2 fall=2\n");
      }
    }
    return sb.toString();
  }

  static List<ServerSocket> listen(int port) throws IOException {
    List<ServerSocket> list = new ArrayList<>();
    for (int i = 1; i <= LISTENERS; i++) {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getByName("127.1.0." + i), port), 512);
      Thread t = new Thread(() -> {
        while (!s.isClosed()) {
          try (Socket c = s.accept()) {
            // a tcp check succeeds on connect
          } catch (IOException e) {
            // closed, or the probe reset the connection
          }
        }
      });
      t.setDaemon(true);
      t.start();
      list.add(s);
    }
    return list;
  }

  static int freePort(InetAddress address) throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(address, 0));
      return s.getLocalPort();
    }
  }

  static void awaitAnswers(InetSocketAddress dns) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (measure(dns, Duration.ofMillis(100), false).length > 0) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the server does not answer on " + dns);
  }

  /** Sequential queries for static.example.com A, one every 2 ms; the latency of each answered one. */
  static long[] measure(InetSocketAddress dns, Duration length, boolean paced) throws Exception {
    Message query = new Message(4711);
    query.addRecord(Record.newRecord(Name.fromString("static.example.com."), Type.A, DClass.IN), Section.QUESTION);
    query.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    byte[] out = query.toWire();
    byte[] in = new byte[1500];
    List<Long> latencies = new ArrayList<>();
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(dns);
      socket.setSoTimeout(1000);
      long end = System.nanoTime() + length.toNanos();
      long next = System.nanoTime();
      while (System.nanoTime() < end) {
        long sent = System.nanoTime();
        socket.send(new DatagramPacket(out, out.length));
        try {
          DatagramPacket reply = new DatagramPacket(in, in.length);
          socket.receive(reply);
          latencies.add(System.nanoTime() - sent);
        } catch (SocketTimeoutException e) {
          latencies.add(Duration.ofSeconds(1).toNanos());
        } catch (PortUnreachableException e) {
          break; // not listening yet
        }
        if (paced) {
          next += QUERY_EVERY_NANOS;
          LockSupport.parkNanos(next - System.nanoTime());
        }
      }
    }
    return latencies.stream().mapToLong(Long::longValue).toArray();
  }

  static double millis(long[] sorted, double quantile) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
  }

  /** User and system time of the process so far, in clock ticks (1/100 s). */
  static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14 and 15)
  }

  static double probes(int httpPort) throws Exception {
    double sum = 0;
    for (String result : new String[] {"success", "failure"}) {
      String v = metric(httpPort, "wadns_health_probes_total\\{result=\"" + result + "\"\\}");
      sum += v == null ? 0 : Double.parseDouble(v);
    }
    return sum;
  }

  static String metric(int httpPort, String nameRegex) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    Matcher m = Pattern.compile("(?m)^" + nameRegex + " (\\S+)$").matcher(r.body());
    return m.find() ? m.group(1) : null;
  }
}
