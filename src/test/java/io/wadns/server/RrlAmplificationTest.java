package io.wadns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.protocol.QueryObserver;
import io.wadns.protocol.Responder;
import io.wadns.protocol.Transport;
import io.wadns.protocol.Wire;
import io.wadns.resolve.Resolver;
import io.wadns.rrl.ResponseRateLimiter;
import io.wadns.rrl.RrlChoice;
import io.wadns.weighted.Randomness;
import io.wadns.zone.ZoneSet;
import io.wadns.zonefile.ZoneLoader;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * What a forged-source flood gets out of the server: 10,000 identical queries from one address in about
 * a second, asking for the largest answers (EDNS 4096), against the server with no rate limiting and
 * with the rate limiting an internet-facing {@code serve} gets by default ({@link RrlChoice} for a
 * non-loopback listen address, here served on loopback). Amplification is reply octets over query
 * octets (DNS payloads, as the victim receives them). The limiter's outcome does not depend on how
 * fast the flood is sent: once a bucket is in debt it stays there while more than the rate arrives.
 */
@Timeout(120)
class RrlAmplificationTest {
  private static final int QUERIES = 10_000;
  private static final Duration FLOOD = Duration.ofSeconds(1);
  private static final InetAddress LOCAL = InetAddress.getLoopbackAddress();

  @TempDir Path dir;

  @Test
  void defaultRateLimitingCutsAFloodToAboutOneReplyOctetPerQueryOctet() throws Exception {
    ZoneSet zones = zone();
    ResponseRateLimiter.Settings internetDefault = RrlChoice.of(null, 2,
        List.of(InetAddress.getByName("192.0.2.53"))).settings().orElseThrow();
    StringBuilder report = new StringBuilder();
    for (String name : List.of("www.example.com.", "bigtxt.example.com.")) {
      int type = name.startsWith("www") ? Type.A : Type.TXT;
      Flood before = flood(zones, null, name, type);
      Flood after = flood(zones, new ResponseRateLimiter(internetDefault, System::nanoTime), name, type);
      report.append(String.format("%s %s: no limiting %s; default limiting (%d/s, slip %d) %s%n", name,
          Type.string(type), before, internetDefault.responsesPerSecond(), internetDefault.slip(), after));

      // Without limiting, 11 MB of replies in a second may overflow the victim's socket: that run
      // counts what the server sent. With limiting, the replies are few enough to be received, but for a
      // handful a stalled reader may miss (its buffer may be capped below the 4 MB asked by rmem_max);
      // more than 1% lost would make the amplification below, counted as received, understate it.
      assertThat(after.lost()).as("replies lost on the way, default limiting")
          .isLessThanOrEqualTo(after.replies() / 100);
      assertThat(before.amplification()).as("amplification without limiting").isGreaterThan(10);
      assertThat(after.amplification()).as("amplification with the default").isLessThan(1.5);
    }
    System.out.print(report);
  }

  /** Two weighted groups of 30 addresses each, and a TXT of 1,100 octets: answers that fit in 1232. */
  private ZoneSet zone() throws IOException {
    StringBuilder z = new StringBuilder("""
        $ORIGIN example.com.
        $TTL 3600
        @   IN SOA ns1 hostmaster 1 7200 900 1209600 300
        @   IN NS  ns1
        ns1 IN A   192.0.2.53
        www IN ALIAS 1 group-a
        www IN ALIAS 1 group-b
        """);
    for (int i = 1; i <= 30; i++) {
      z.append("group-a 60 IN A 198.51.100.").append(i).append('\n');
      z.append("group-b 60 IN A 203.0.113.").append(i).append('\n');
    }
    for (int i = 0; i < 5; i++) {
      z.append("bigtxt IN TXT \"").append(i).append("-".repeat(210)).append("\"\n");
    }
    Path file = Files.writeString(dir.resolve("example.com.zone"), z);
    ZoneLoader.Result result = ZoneLoader.loadFiles(List.of(file));
    assertThat(result.problems()).isEmpty();
    return result.zones();
  }

  /**
   * @param replyOctets what the victim received, or with no limiting what the server sent
   * @param lost replies the server sent that the victim did not receive
   */
  private record Flood(long queryOctets, long replyOctets, long replies, long sent, long slipped, long lost) {
    double amplification() {
      return (double) replyOctets / queryOctets;
    }

    @Override
    public String toString() {
      return String.format("%.2fx (%d replies, %d of them full and %d slipped, %d octets for %d octets of"
          + " queries)", amplification(), replies, sent, slipped, replyOctets, queryOctets);
    }
  }

  /** Counts what the server produced and what rate limiting held back, to tell losses from limiting. */
  private static final class Counting implements QueryObserver {
    final AtomicLong answered = new AtomicLong();
    final AtomicLong answeredOctets = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong slipped = new AtomicLong();

    @Override
    public void answered(Transport t, InetSocketAddress c, byte[] r, int length, String target, long nanos) {
      answered.incrementAndGet();
      answeredOctets.addAndGet(length);
    }

    @Override
    public void dropped(Transport t, InetSocketAddress c) {}

    @Override
    public void rateLimited(boolean slip) {
      (slip ? slipped : dropped).incrementAndGet();
    }
  }

  private Flood flood(ZoneSet zones, ResponseRateLimiter limiter, String name, int type) throws Exception {
    Counting counts = new Counting();
    Responder responder = new Responder(new Resolver(() -> zones, Randomness.threadLocal()), counts);
    try (DnsServer server = new DnsServer(responder,
        new ServerOptions(List.of(new InetSocketAddress(LOCAL, 0)), 2, Duration.ofSeconds(10), 100), limiter);
        DatagramSocket victim = new DatagramSocket(new InetSocketAddress(LOCAL, 0))) {
      server.start();
      InetSocketAddress address = server.boundAddresses().get(0);
      victim.setReceiveBufferSize(4 << 20);
      Message q = Wire.query(name, type);
      q.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
      byte[] query = Wire.bytes(q);
      AtomicLong replies = new AtomicLong();
      AtomicLong replyOctets = new AtomicLong();
      Thread reader = new Thread(() -> drain(victim, replies, replyOctets), "victim");
      reader.start();
      long start = System.nanoTime();
      for (int i = 0; i < QUERIES; i++) {
        // Paced over the second, so that the client's own buffers do not decide the result.
        while (System.nanoTime() - start < FLOOD.toNanos() * i / QUERIES) {
          Thread.onSpinWait();
        }
        victim.send(new DatagramPacket(query, query.length, address));
      }
      reader.join(30_000);
      long sentWhole = counts.answered.get() - counts.dropped.get() - counts.slipped.get();
      long lost = counts.answered.get() - counts.dropped.get() - replies.get();
      long octets = limiter == null ? counts.answeredOctets.get() : replyOctets.get();
      return new Flood((long) QUERIES * query.length, octets, replies.get(), sentWhole, counts.slipped.get(), lost);
    }
  }

  /** Reads replies until none has come for a second. */
  private static void drain(DatagramSocket socket, AtomicLong replies, AtomicLong octets) {
    byte[] buffer = new byte[65535];
    try {
      socket.setSoTimeout(1000);
      while (true) {
        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
        socket.receive(p);
        replies.incrementAndGet();
        octets.addAndGet(p.getLength());
      }
    } catch (SocketTimeoutException e) {
      // the flood is over
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
