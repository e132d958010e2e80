package io.wadns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.wadns.protocol.ProtocolZone;
import io.wadns.protocol.Wire;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * What one TCP client can hold (RFC 7766 §6.2): connections per client, replies in flight per
 * connection, a query dribbled in too slowly; idle connections do not slow UDP; closing the server
 * answers what it has read. The real server on loopback, with plain sockets as clients.
 */
@Timeout(120)
class TcpLimitsTest {
  private static final int TIMEOUT_MS = 3000;
  private static final InetAddress LOCAL = address(127, 0, 0, 1);
  private static final InetAddress OTHER_CLIENT = address(127, 0, 0, 2);

  DnsServer server;
  InetSocketAddress address;
  final List<Socket> sockets = new ArrayList<>();

  private void start(Duration idle, int maxConnections, int maxPerClient, int maxInFlight) throws Exception {
    server = new DnsServer(ProtocolZone.responder(), new ServerOptions(List.of(new InetSocketAddress(LOCAL, 0)),
        2, idle, maxConnections, maxPerClient, maxInFlight));
    server.start();
    address = server.boundAddresses().get(0);
  }

  @AfterEach
  void stop() {
    for (Socket s : sockets) {
      closeQuietly(s);
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void connectionPastThePerClientCapIsClosedWhileAnotherClientStillConnects() throws Exception {
    start(Duration.ofSeconds(10), 100, 4, 16);
    List<Socket> fromLocal = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Socket s = connect(LOCAL);
      fromLocal.add(s);
      assertWwwAnswer(exchange(s, i)); // a round trip: the connection is counted before the next one
    }

    Socket fifth = connect(LOCAL);
    Socket fromOther = connect(OTHER_CLIENT);

    assertThat(closedByServer(fifth)).as("fifth connection from 127.0.0.1").isTrue();
    assertWwwAnswer(exchange(fromOther, 5));
    for (Socket s : fromLocal) {
      assertWwwAnswer(exchange(s, 6));
    }

    // A closed connection gives its place back.
    fromLocal.get(0).close();
    awaitTrue("the server sees the close", () -> server.openTcpConnections() == 4);
    assertWwwAnswer(exchange(connect(LOCAL), 7));
  }

  @Test
  void clientThatPipelinesAndNeverReadsIsNoLongerReadFromAndOthersAreAnswered() throws Exception {
    start(Duration.ofSeconds(30), 100, 64, 16);
    long memoryBefore = usedDirectMemory();
    int total = 10_000;
    Socket greedy = new Socket();
    sockets.add(greedy);
    greedy.setReceiveBufferSize(16 * 1024); // before connecting, so the kernel does not grow it
    greedy.connect(address, TIMEOUT_MS);
    // Each reply is about 1,600 octets: 10,000 of them are more than every socket buffer holds.
    AtomicInteger written = new AtomicInteger();
    Thread writer = new Thread(() -> {
      try {
        OutputStream out = greedy.getOutputStream();
        for (int i = 0; i < total; i += 100) {
          ByteArrayOutputStream chunk = new ByteArrayOutputStream();
          for (int id = i; id < i + 100; id++) {
            chunk.writeBytes(framed(query("bigtxt.example.com.", Type.TXT, id)));
          }
          out.write(chunk.toByteArray());
          written.addAndGet(100);
        }
      } catch (IOException e) {
        // the test closed the socket while this thread was blocked in write
      }
    }, "greedy-writer");
    writer.setDaemon(true);
    writer.start();

    long stalledAt = awaitPlateau(server::tcpQueries, Duration.ofSeconds(1), Duration.ofSeconds(20));
    long memoryHeld = usedDirectMemory();
    Latencies udp = udpLatencies(200);
    Thread.sleep(1000);
    long later = server.tcpQueries();

    System.out.printf("in-flight cap: client wrote %d of %d queries, server answered %d, then stopped;"
        + " pooled direct memory %d KiB before, %d KiB while stalled; UDP meanwhile %s%n", written.get(), total,
        stalledAt, memoryBefore >> 10, memoryHeld >> 10, udp);
    assertThat(stalledAt).as("queries answered before the server stopped reading").isPositive()
        .isLessThan(total);
    assertThat(later).as("no more queries read while the client reads nothing").isEqualTo(stalledAt);
    if (memoryBefore >= 0) {
      // Unbounded, the 10,000 replies would take 16 MB; the cap leaves 16 replies and one read.
      assertThat(memoryHeld - memoryBefore).as("direct memory taken by the stalled connection")
          .isLessThan(8L << 20);
    }
    assertThat(udp.unanswered).as("UDP queries unanswered").isZero();
    assertThat(server.openTcpConnections()).as("the stalled connection is kept until idle").isEqualTo(1);

    greedy.close();
    writer.join(5000);
    awaitTrue("the server closes its side", () -> server.openTcpConnections() == 0);
  }

  @Test
  void manyPipelinedQueriesAreAllAnsweredInOrderPastTheInFlightCap() throws Exception {
    start(Duration.ofSeconds(10), 100, 64, 16);
    Socket s = connect(LOCAL);
    ByteArrayOutputStream queries = new ByteArrayOutputStream();
    int n = 2000;
    for (int id = 1; id <= n; id++) {
      queries.writeBytes(framed(query("www.example.com.", Type.A, id)));
    }
    s.getOutputStream().write(queries.toByteArray()); // 70 kB: several reads, many pauses

    DataInputStream in = new DataInputStream(s.getInputStream());
    for (int id = 1; id <= n; id++) {
      byte[] reply = new byte[in.readUnsignedShort()];
      in.readFully(reply);
      assertThat(Wire.id(reply)).isEqualTo(id);
    }
    assertWwwAnswer(exchange(s, 1)); // and the connection goes on
  }

  @Test
  void queryDribbledMoreSlowlyThanTheIdleTimeoutIsCutOff() throws Exception {
    start(Duration.ofSeconds(1), 100, 64, 16);
    byte[] bytes = framed(query("www.example.com.", Type.A, 1));
    Socket slow = connect(LOCAL);
    slow.setSoTimeout(250);
    OutputStream out = slow.getOutputStream();

    long started = System.nanoTime();
    int sent = 0;
    boolean closed = false;
    // Four octets a second, well within the idle timeout of each other: 9 s for the whole query.
    while (!closed && sent < bytes.length && elapsedMillis(started) < 6000) {
      try {
        out.write(bytes[sent]);
        out.flush();
        sent++;
      } catch (IOException e) {
        closed = true;
        break;
      }
      closed = closedByServer(slow); // waits 250 ms for the end of the stream
    }
    long after = elapsedMillis(started);

    System.out.printf("slowloris: closed after %d ms and %d of %d octets%n", after, sent, bytes.length);
    assertThat(closed).as("connection closed by the server").isTrue();
    assertThat(sent).as("octets sent before the close").isLessThan(bytes.length);
    assertThat(after).isBetween(900L, 3000L);
    awaitTrue("the server forgets it", () -> server.openTcpConnections() == 0);
  }

  @Test
  void connectionAskingMoreOftenThanTheIdleTimeoutStaysOpen() throws Exception {
    start(Duration.ofSeconds(1), 100, 64, 16);
    Socket s = connect(LOCAL);

    for (int i = 0; i < 6; i++) { // 2.4 s in all, over twice the idle timeout
      assertWwwAnswer(exchange(s, i));
      Thread.sleep(400);
    }
    s.setSoTimeout(3000);
    long started = System.nanoTime();
    assertThat(closedByServer(s)).as("closed once idle").isTrue();
    assertThat(elapsedMillis(started)).isLessThan(2500);
  }

  @Test
  void thousandIdleTcpConnectionsDoNotSlowUdpAnswers() throws Exception {
    start(Duration.ofSeconds(60), 2000, 64, 16);
    udpLatencies(2000); // warm up both sides, so the baseline is not the JIT's
    Latencies baseline = udpLatencies(2000);

    for (int i = 0; i < 1000; i++) {
      // 50 connections per source address, under the per-client cap of 64.
      connect(address(127, 0, 1, 1 + i / 50), false);
    }
    awaitTrue("1,000 connections accepted", () -> server.openTcpConnections() == 1000);
    Latencies loaded = udpLatencies(2000);

    System.out.printf("UDP latency, 2,000 sequential queries: alone %s; with 1,000 idle TCP connections %s%n",
        baseline, loaded);
    assertThat(baseline.unanswered).isZero();
    assertThat(loaded.unanswered).as("UDP queries unanswered").isZero();
    assertThat(loaded.p99Micros).as("p99 in µs").isLessThan(100_000);
    assertThat(server.openTcpConnections()).as("idle connections still open").isEqualTo(1000);
  }

  @Test
  void closeAnswersTheQueriesAlreadyReadThenEndsTheStream() throws Exception {
    start(Duration.ofSeconds(30), 100, 64, 4);
    Socket client = new Socket();
    sockets.add(client);
    client.setReceiveBufferSize(8 * 1024);
    client.connect(address, TIMEOUT_MS);
    client.setSoTimeout(5000);
    ByteArrayOutputStream queries = new ByteArrayOutputStream();
    for (int id = 1; id <= 3000; id++) {
      queries.writeBytes(framed(query("bigtxt.example.com.", Type.TXT, id)));
    }
    // 4.8 MB of replies, and the client reads none yet: the server stops reading, holds what it has read.
    CompletableFuture.runAsync(() -> {
      try {
        client.getOutputStream().write(queries.toByteArray());
      } catch (IOException e) {
        // the socket was closed by the end of the test
      }
    });
    awaitPlateau(server::tcpQueries, Duration.ofMillis(500), Duration.ofSeconds(10));
    long answeredBeforeClose = server.tcpQueries();

    DnsServer closing = server;
    server = null;
    CompletableFuture<Long> closeMillis = CompletableFuture.supplyAsync(() -> {
      long started = System.nanoTime();
      closing.close();
      return elapsedMillis(started);
    });
    Thread.sleep(300);
    boolean accepting = connects(address);

    List<Integer> ids = new ArrayList<>();
    DataInputStream in = new DataInputStream(client.getInputStream());
    for (int first; (first = in.read()) != -1; ) {
      int length = first << 8 | in.readUnsignedByte();
      byte[] reply = new byte[length];
      in.readFully(reply); // an EOFException here would be a reply cut short
      Message m = Wire.parse(reply);
      assertThat(m.getSection(Section.ANSWER)).hasSize(6);
      ids.add(m.getHeader().getID());
    }
    client.close();
    long took = closeMillis.get(10, TimeUnit.SECONDS);

    System.out.printf("graceful close: %d queries answered before close, %d replies received whole, then the"
        + " end of the stream; close took %d ms%n", answeredBeforeClose, ids.size(), took);
    assertThat(accepting).as("accepting connections while closing").isFalse();
    assertThat(ids).as("replies, in query order").isNotEmpty()
        .containsExactlyElementsOf(IntStream.rangeClosed(1, ids.size()).boxed().toList());
    assertThat((long) ids.size()).as("every query answered was delivered")
        .isGreaterThanOrEqualTo(answeredBeforeClose).isEqualTo(closing.tcpQueries());
    assertThat(took).as("close, ms").isLessThan(5000);
  }

  // ---- helpers

  private Socket connect(InetAddress from) throws IOException {
    return connect(from, true);
  }

  private Socket connect(InetAddress from, boolean timeout) throws IOException {
    Socket s = new Socket();
    sockets.add(s);
    s.bind(new InetSocketAddress(from, 0));
    s.connect(address, TIMEOUT_MS);
    if (timeout) {
      s.setSoTimeout(TIMEOUT_MS);
    }
    return s;
  }

  private static boolean connects(InetSocketAddress address) {
    try (Socket s = new Socket()) {
      s.connect(address, TIMEOUT_MS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static byte[] query(String name, int type, int id) {
    Message q = Wire.query(name, type);
    q.getHeader().setID(id);
    return Wire.bytes(q);
  }

  private static byte[] framed(byte[] message) {
    byte[] out = new byte[message.length + 2];
    out[0] = (byte) (message.length >> 8);
    out[1] = (byte) message.length;
    System.arraycopy(message, 0, out, 2, message.length);
    return out;
  }

  private static Message exchange(Socket socket, int id) throws IOException {
    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
    out.write(framed(query("www.example.com.", Type.A, id)));
    out.flush();
    DataInputStream in = new DataInputStream(socket.getInputStream());
    byte[] reply = new byte[in.readUnsignedShort()];
    in.readFully(reply);
    Message m = Wire.parse(reply);
    assertThat(m.getHeader().getID()).isEqualTo(id);
    return m;
  }

  private static void assertWwwAnswer(Message reply) {
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getSection(Section.ANSWER)).singleElement()
        .extracting(r -> ((ARecord) r).getAddress().getHostAddress()).isEqualTo("192.0.2.10");
  }

  /** True when the server closed (or reset) the connection, false when it is open after the socket timeout. */
  private static boolean closedByServer(Socket socket) {
    try {
      return socket.getInputStream().read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (EOFException e) {
      return true;
    } catch (IOException e) {
      return true; // reset
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  private static long elapsedMillis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting: " + what);
      }
      Thread.sleep(20);
    }
  }

  /** The value of {@code counter} once it has not changed for {@code quiet}. */
  private static long awaitPlateau(LongSupplier counter, Duration quiet, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    long value = counter.getAsLong();
    long since = System.nanoTime();
    while (System.nanoTime() < deadline) {
      Thread.sleep(50);
      long now = counter.getAsLong();
      if (now != value || now == 0) {
        value = now;
        since = System.nanoTime();
      } else if (System.nanoTime() - since >= quiet.toNanos()) {
        return value;
      }
    }
    throw new AssertionError("still changing after " + max + ": " + value);
  }

  /** Bytes held by Netty's default allocator, -1 when it does not say. */
  private static long usedDirectMemory() {
    return ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider p ? p.metric().usedDirectMemory() : -1;
  }

  private static InetAddress address(int a, int b, int c, int d) {
    try {
      return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private record Latencies(int unanswered, long p50Micros, long p99Micros, long maxMicros) {
    @Override
    public String toString() {
      return String.format("p50 %d µs, p99 %d µs, max %d µs, %d unanswered", p50Micros, p99Micros, maxMicros,
          unanswered);
    }
  }

  /** Sends {@code n} UDP queries one after the other, each waiting for its reply. */
  private Latencies udpLatencies(int n) throws IOException {
    long[] micros = new long[n];
    int unanswered = 0;
    int answered = 0;
    byte[] buffer = new byte[4096];
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOCAL, 0))) {
      socket.setSoTimeout(1000);
      for (int i = 0; i < n; i++) {
        int id = i & 0xFFFF;
        byte[] q = query(i % 2 == 0 ? "www.example.com." : "mail.example.com.", i % 2 == 0 ? Type.A : Type.MX, id);
        long started = System.nanoTime();
        socket.send(new DatagramPacket(q, q.length, address));
        try {
          while (true) {
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            socket.receive(reply);
            if (Wire.id(Arrays.copyOf(reply.getData(), reply.getLength())) == id) {
              break;
            }
          }
          micros[answered++] = (System.nanoTime() - started) / 1000;
        } catch (SocketTimeoutException e) {
          unanswered++;
        }
      }
    }
    long[] sorted = Arrays.copyOf(micros, answered);
    Arrays.sort(sorted);
    if (sorted.length == 0) {
      return new Latencies(unanswered, -1, -1, -1);
    }
    return new Latencies(unanswered, sorted[sorted.length / 2], sorted[(int) Math.ceil(sorted.length * 0.99) - 1],
        sorted[sorted.length - 1]);
  }
}
