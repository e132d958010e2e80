package io.wadns.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.testing.TestZones;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A probe never blocks or slows answering: while every probe target accepts a connection and then
 * says nothing, so that every HTTP probe hangs until its timeout, sequential UDP queries keep the
 * latency of a server with no health checks at all. The timing bound is deliberately loose (CI
 * machines are noisy); the figures are printed for the record.
 */
@Timeout(120)
class ProbeIsolationTest {
  static final int QUERIES = 500;
  static final int WARM_UP = 2000;
  static final long P99_BOUND_MICROS = 100_000;
  static final List<InetAddress> TARGETS = LoopbackPorts.range(1, 8);

  @TempDir Path dir;
  LoopbackSilentServers silent;
  LoopbackDns dns;

  static String zone(String healthCheck) {
    return TestZones.exampleCom(60, """
        static A 192.0.2.10
        static A 192.0.2.11
        checked A 127.0.0.1
        checked A 127.0.0.2
        checked A 127.0.0.3
        checked A 127.0.0.4
        checked A 127.0.0.5
        checked A 127.0.0.6
        checked A 127.0.0.7
        checked A 127.0.0.8
        """ + healthCheck);
  }

  @AfterEach
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {dns, silent}) {
      if (c != null) {
        LoopbackPorts.closeQuietly(c);
      }
    }
  }

  @Test
  void hangingProbesDoNotSlowQueries() throws Exception {
    Path baselineDir = Files.createDirectory(dir.resolve("baseline"));
    dns = LoopbackDns.start(baselineDir, zone(""));
    assertThat(dns.registry().all()).isEmpty();
    Latencies baselineStatic = measure("static.example.com.", 2, WARM_UP);
    Latencies baselineChecked = measure("checked.example.com.", 8, 0);
    dns.close();
    dns = null;

    int port = LoopbackPorts.commonFreePort(TARGETS);
    silent = LoopbackSilentServers.start(TARGETS, port);
    Path healthDir = Files.createDirectory(dir.resolve("health"));
    dns = LoopbackDns.start(healthDir, zone("checked HEALTHCHECK http port=" + port
        + " path=/healthz interval=0.05 timeout=0.05 rise=2 fall=2\n"));
    LoopbackDeadline.await(Duration.ofSeconds(5), "every checked address down after timeouts",
        () -> dns.registry().all().stream().noneMatch(AddressHealth::isUp));
    assertThat(dns.registry().all()).hasSize(8)
        .allSatisfy(h -> assertThat(h.lastResult()).contains("timed out"));

    int acceptedBefore = silent.accepted();
    Latencies withProbesStatic = measure("static.example.com.", 2, WARM_UP);
    Latencies withProbesChecked = measure("checked.example.com.", 8, 0);
    int probesDuring = silent.accepted() - acceptedBefore;

    System.out.printf("probe isolation: %d sequential UDP queries per row, latency in microseconds%n", QUERIES);
    System.out.printf("  baseline, no checks        static  %s%n", baselineStatic);
    System.out.printf("  baseline, no checks        checked %s%n", baselineChecked);
    System.out.printf("  8 silent http targets      static  %s%n", withProbesStatic);
    System.out.printf("  8 silent http targets      checked %s%n", withProbesChecked);
    System.out.printf("  probe connections accepted while measuring: %d; open now: %d%n", probesDuring,
        silent.connected());

    assertThat(probesDuring).as("probes kept hanging on the silent targets while queries ran").isPositive();
    // Every address is down, so the checked name answers as if all were up: all eight of them.
    assertThat(dns.registry().all()).noneMatch(AddressHealth::isUp);
    for (Latencies l : List.of(baselineStatic, baselineChecked, withProbesStatic, withProbesChecked)) {
      assertThat(l.p99()).as("p99 latency in microseconds").isLessThan(P99_BOUND_MICROS);
    }
  }

  /** Sends {@code warmUp} then {@link #QUERIES} sequential queries; every one must be answered in full. */
  private Latencies measure(String name, int expectedAnswers, int warmUp) throws IOException {
    InetSocketAddress server = dns.address();
    long[] micros = new long[QUERIES];
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      socket.connect(server);
      socket.setSoTimeout(2000);
      byte[] buffer = new byte[65535];
      for (int i = -warmUp; i < QUERIES; i++) {
        Message query = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
        int id = (i + warmUp) & 0xffff;
        query.getHeader().setID(id);
        byte[] wire = query.toWire();
        long start = System.nanoTime();
        socket.send(new DatagramPacket(wire, wire.length));
        Message reply = receive(socket, buffer, id, name, i);
        long took = (System.nanoTime() - start) / 1000;
        assertThat(reply.getRcode()).as("rcode of %s query %d", name, i).isEqualTo(Rcode.NOERROR);
        assertThat(reply.getSection(Section.ANSWER)).as("answer to %s query %d", name, i).hasSize(expectedAnswers);
        if (i >= 0) {
          micros[i] = took;
        }
      }
    }
    return Latencies.of(micros);
  }

  private static Message receive(DatagramSocket socket, byte[] buffer, int id, String name, int i)
      throws IOException {
    while (true) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
      } catch (SocketTimeoutException e) {
        throw new AssertionError("query " + i + " for " + name + " not answered within 2 s");
      }
      Message reply = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
      if (reply.getHeader().getID() == id) {
        return reply;
      }
    }
  }

  /** Summary of one run, in microseconds. */
  record Latencies(long median, long p99, long max) {
    static Latencies of(long[] micros) {
      long[] sorted = micros.clone();
      Arrays.sort(sorted);
      int p99 = (int) Math.ceil(sorted.length * 0.99) - 1;
      return new Latencies(sorted[sorted.length / 2], sorted[p99], sorted[sorted.length - 1]);
    }

    @Override
    public String toString() {
      return String.format("median %6d  p99 %6d  max %6d", median, p99, max);
    }
  }
}
