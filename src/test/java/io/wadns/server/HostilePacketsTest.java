package io.wadns.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.wadns.protocol.ProtocolZone;
import io.wadns.protocol.Wire;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The fuzz test of issue 6: 200,000 random and mutated packets over UDP and TCP to the real server on
 * loopback, with Netty's leak detector on paranoid. Afterwards the server answers a normal query
 * correctly, has logged no stack trace and has leaked no buffer.
 */
@Timeout(180)
class HostilePacketsTest {
  private static final int UDP_PACKETS = 180_000;
  private static final int TCP_CONNECTIONS = 100;
  private static final int FRAMES_PER_CONNECTION = 240;
  private static final int UDP_BURST = 64;
  private static final InetAddress LOCAL = InetAddress.getLoopbackAddress();

  private static ResourceLeakDetector.Level previousLevel;
  private static final ListAppender<ILoggingEvent> leakLog = new ListAppender<>();
  private static final ListAppender<ILoggingEvent> allLog = new ListAppender<>();
  private static Level previousLeakLoggerLevel;

  @BeforeAll
  static void paranoidLeakDetection() {
    previousLevel = ResourceLeakDetector.getLevel();
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    Logger leaks = leakLogger();
    previousLeakLoggerLevel = leaks.getLevel();
    leaks.setLevel(Level.ERROR);
    leakLog.start();
    leaks.addAppender(leakLog);
    allLog.start();
    rootLogger().addAppender(allLog);
  }

  @AfterAll
  static void restore() {
    ResourceLeakDetector.setLevel(previousLevel);
    leakLogger().detachAppender(leakLog);
    leakLogger().setLevel(previousLeakLoggerLevel);
    rootLogger().detachAppender(allLog);
  }

  private static Logger leakLogger() {
    return (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
  }

  private static Logger rootLogger() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  @Test
  void twoHundredThousandHostilePacketsLeaveTheServerAnsweringWithNoLeakAndNoStackTrace() throws Exception {
    leakDetectorReportsADeliberateLeak();
    DnsServer server = new DnsServer(ProtocolZone.responder(), new ServerOptions(
        List.of(new InetSocketAddress(LOCAL, 0)), 2, Duration.ofSeconds(2), 1024));
    try {
      server.start();
      InetSocketAddress address = server.boundAddresses().get(0);
      HostilePackets packets = new HostilePackets(new Random(0x5EED_2026L));

      long started = System.nanoTime();
      ExecutorService tcpClients = Executors.newFixedThreadPool(4);
      List<Future<int[]>> tcp = new ArrayList<>();
      for (int c = 0; c < TCP_CONNECTIONS; c++) {
        long seed = 1000L + c;
        tcp.add(tcpClients.submit(() -> tcpConnection(address, new HostilePackets(new Random(seed)))));
      }
      UdpResult udp = sendUdp(address, packets);
      int tcpFrames = 0;
      int tcpReplies = 0;
      for (Future<int[]> f : tcp) {
        int[] sentAndReceived = f.get(60, TimeUnit.SECONDS);
        tcpFrames += sentAndReceived[0];
        tcpReplies += sentAndReceived[1];
      }
      tcpClients.shutdown();
      long took = (System.nanoTime() - started) / 1_000_000;

      System.out.printf("hostile packets: %d over UDP (%d replies, %d unparseable), %d over TCP on %d connections"
          + " (%d replies), in %d ms%n", udp.sent, udp.replies, udp.unparseable.get(), tcpFrames, TCP_CONNECTIONS,
          tcpReplies, took);
      assertThat(udp.sent + tcpFrames).isGreaterThanOrEqualTo(200_000);
      assertThat(udp.replies).as("UDP replies: the server kept answering").isGreaterThan(udp.sent / 4);
      assertThat(udp.unparseable.get()).as("UDP replies that do not parse, e.g. %s", udp.example.get()).isZero();

      assertNormalQueriesAnswered(address);
      forceLeakReports(address);
      assertNormalQueriesAnswered(address);
    } finally {
      server.close();
    }

    List<String> leaks = leakLog.list.stream().map(ILoggingEvent::getFormattedMessage)
        .filter(m -> m.contains("LEAK")).toList();
    assertThat(leaks).as("Netty leak reports").isEmpty();
    List<ILoggingEvent> withStackTrace = allLog.list.stream().filter(e -> e.getThrowableProxy() != null).toList();
    assertThat(withStackTrace).as("log events with a stack trace")
        .extracting(e -> e.getLoggerName() + ": " + e.getFormattedMessage() + ": "
            + e.getThrowableProxy().getClassName() + ": " + e.getThrowableProxy().getMessage())
        .isEmpty();
    List<String> warnings = allLog.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        .map(e -> e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
    System.out.printf("hostile packets: %d log events, %d at WARN or above%s%n", allLog.list.size(), warnings.size(),
        warnings.isEmpty() ? "" : ": " + warnings.subList(0, Math.min(5, warnings.size())));
    assertThat(warnings).as("warnings and errors logged").isEmpty();
  }

  // ---- the leak detector

  /** Without this the check for no leak could pass because reports never reach the appender. */
  private static void leakDetectorReportsADeliberateLeak() throws InterruptedException {
    Logger leaks = leakLogger();
    leaks.setAdditive(false); // its report goes to this test only, not to the console
    try {
      leakOneBuffer();
      for (int round = 0; round < 20 && leakLog.list.isEmpty(); round++) {
        provokeLeakReports();
      }
    } finally {
      leaks.setAdditive(true);
    }
    assertThat(leakLog.list).as("a deliberate leak is reported, so reports reach this test").isNotEmpty();
    leakLog.list.clear();
    allLog.list.clear();
  }

  private static void leakOneBuffer() {
    ByteBuf leaked = ByteBufAllocator.DEFAULT.directBuffer(16);
    leaked.writeLong(42); // never released
  }

  /** The detector reports a lost buffer when a later buffer is tracked after the lost one was collected. */
  private static void provokeLeakReports() throws InterruptedException {
    System.gc();
    Thread.sleep(50);
    for (int i = 0; i < 1000; i++) {
      ByteBufAllocator.DEFAULT.directBuffer(64).release();
      ByteBufAllocator.DEFAULT.heapBuffer(64).release();
    }
  }

  /** GC, then more traffic through the server, so buffers it lost are reported. */
  private static void forceLeakReports(InetSocketAddress address) throws Exception {
    Thread.sleep(500); // the last TCP connections close
    for (int round = 0; round < 3; round++) {
      provokeLeakReports();
      assertNormalQueriesAnswered(address);
    }
  }

  // ---- clients

  private record UdpResult(int sent, int replies, AtomicInteger unparseable, AtomicReference<String> example) {}

  /**
   * Sends bursts from two sockets (so that both server threads get some, SO_REUSEPORT hashing on the
   * source port), each burst followed by a pause until most of it is answered or a few milliseconds
   * have passed: the rate follows the server instead of overrunning the socket buffers.
   */
  private static UdpResult sendUdp(InetSocketAddress address, HostilePackets packets) throws Exception {
    AtomicInteger replies = new AtomicInteger();
    AtomicInteger unparseable = new AtomicInteger();
    AtomicReference<String> example = new AtomicReference<>("");
    AtomicBoolean sending = new AtomicBoolean(true);
    List<DatagramSocket> sockets = new ArrayList<>();
    List<Thread> receivers = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOCAL, 0));
        sockets.add(socket);
        socket.setReceiveBufferSize(4 << 20);
        socket.setSoTimeout(1000);
        Thread receiver = new Thread(() -> receive(socket, sending, replies, unparseable, example),
            "udp-replies-" + i);
        receiver.start();
        receivers.add(receiver);
      }
      for (int i = 0; i < UDP_PACKETS; ) {
        DatagramSocket socket = sockets.get((i / UDP_BURST) % sockets.size());
        int before = replies.get();
        for (int end = Math.min(UDP_PACKETS, i + UDP_BURST); i < end; i++) {
          byte[] packet = packets.next();
          socket.send(new DatagramPacket(packet, packet.length, address));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
        while (replies.get() - before < UDP_BURST * 3 / 4 && System.nanoTime() < deadline) {
          LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50));
        }
      }
      sending.set(false);
      for (Thread receiver : receivers) {
        receiver.join(10_000);
      }
    } finally {
      sockets.forEach(DatagramSocket::close);
    }
    return new UdpResult(UDP_PACKETS, replies.get(), unparseable, example);
  }

  /**
   * Counts and checks replies until the sender is done and none has come for a second: a busy
   * machine may pause the server for a while, which must not end the count early.
   */
  private static void receive(DatagramSocket socket, AtomicBoolean sending, AtomicInteger replies,
      AtomicInteger unparseable, AtomicReference<String> example) {
    byte[] buffer = new byte[65535];
    while (true) {
      DatagramPacket p = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(p);
      } catch (java.net.SocketTimeoutException e) {
        if (sending.get()) {
          continue;
        }
        return; // a second without a reply after the last query
      } catch (IOException e) {
        return; // closed
      }
      replies.incrementAndGet();
      byte[] reply = Arrays.copyOf(p.getData(), p.getLength());
      try {
        Message m = new Message(reply);
        if (!m.getHeader().getFlag(Flags.QR)) {
          throw new IOException("QR clear");
        }
      } catch (IOException e) {
        unparseable.incrementAndGet();
        example.set(java.util.HexFormat.of().formatHex(reply));
      }
    }
  }

  /**
   * One connection: hostile messages behind length prefixes, some of the prefixes wrong (too long, too
   * short, zero, 65535, half of one); the client then ends its stream, or resets the connection, and
   * reads what comes back. Returns the frames sent and the replies read.
   */
  private static int[] tcpConnection(InetSocketAddress address, HostilePackets packets) throws IOException {
    Random random = packets.random;
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    // A bad prefix puts the rest of the stream out of step; in a quarter of the connections only, so
    // that most frames reach the responder.
    int badAt = random.nextInt(4) == 0 ? random.nextInt(FRAMES_PER_CONNECTION) : -1;
    for (int i = 0; i < FRAMES_PER_CONNECTION; i++) {
      byte[] m = packets.next();
      int length = i != badAt ? m.length : switch (random.nextInt(3)) {
        case 0 -> m.length + 1 + random.nextInt(100); // swallows the frames after it
        case 1 -> Math.max(0, m.length - 1 - random.nextInt(10)); // leaves garbage as the next prefix
        default -> 0;
      };
      stream.write(length >> 8);
      stream.write(length);
      stream.writeBytes(m);
    }
    switch (random.nextInt(4)) {
      case 0 -> stream.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFF, 1, 2, 3}); // a frame that never ends
      case 1 -> stream.write(0x01); // half a length
      default -> { }
    }
    int replies = 0;
    try (Socket socket = new Socket()) {
      socket.connect(address, 3000);
      socket.setSoTimeout(5000);
      boolean reset = random.nextInt(10) == 0;
      Thread reader = null;
      AtomicInteger read = new AtomicInteger();
      if (!reset) {
        reader = new Thread(() -> read.set(countReplies(socket)), "tcp-replies");
        reader.start();
      }
      OutputStream out = socket.getOutputStream();
      try {
        out.write(stream.toByteArray());
        out.flush();
        if (reset) {
          socket.setSoLinger(true, 0); // RST instead of FIN, possibly with replies on their way
        } else {
          socket.shutdownOutput();
        }
      } catch (SocketException e) {
        // the server closed first: a bad prefix can make the rest of the stream one unfinished message
      }
      if (reader != null) {
        try {
          reader.join(10_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        replies = read.get();
      }
    }
    return new int[] {FRAMES_PER_CONNECTION, replies};
  }

  private static int countReplies(Socket socket) {
    int n = 0;
    try {
      InputStream in = socket.getInputStream();
      while (true) {
        int hi = in.read();
        int lo = in.read();
        if (hi < 0 || lo < 0) {
          return n;
        }
        if (in.readNBytes((hi << 8) | lo).length < ((hi << 8) | lo)) {
          return n;
        }
        n++;
      }
    } catch (IOException e) {
      return n;
    }
  }

  // ---- after the storm

  private static void assertNormalQueriesAnswered(InetSocketAddress address) throws IOException {
    for (boolean tcp : new boolean[] {false, true}) {
      SimpleResolver r = new SimpleResolver(address.getAddress());
      r.setPort(address.getPort());
      r.setTCP(tcp);
      r.setTimeout(Duration.ofSeconds(3));
      Message reply = r.send(Wire.query("www.example.com.", Type.A));
      assertThat(reply.getRcode()).as(tcp ? "TCP" : "UDP").isEqualTo(Rcode.NOERROR);
      assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
      assertThat(reply.getSection(Section.ANSWER)).singleElement()
          .extracting(rr -> ((ARecord) rr).getAddress().getHostAddress()).isEqualTo("192.0.2.10");
    }
  }

  /**
   * Random and mutated DNS messages: random bytes, bit flips and truncations of valid queries,
   * compression pointer loops, label lengths past the end, huge counts, broken EDNS, valid queries
   * with garbage appended. Most have QR clear, so that they reach the parser rather than being dropped.
   */
  static final class HostilePackets {
    private static final List<byte[]> SEEDS = seeds();
    final Random random;

    HostilePackets(Random random) {
      this.random = random;
    }

    byte[] next() {
      byte[] p = switch (random.nextInt(11)) {
        case 0 -> randomBytes(random.nextInt(random.nextBoolean() ? 16 : 700));
        case 1 -> bitFlips(seed());
        case 2 -> Arrays.copyOf(seed(), random.nextInt(seed().length + 1));
        case 3 -> pointerLoop();
        case 4 -> labelPastTheEnd();
        case 5 -> hugeCounts(seed());
        case 6 -> withGarbage(seed());
        case 7 -> brokenEdns();
        case 8 -> pointerChain();
        case 9 -> byteFlips(seed());
        default -> randomHeaderValidQuestion();
      };
      if (p.length > 2 && random.nextInt(8) != 0) {
        p[2] &= 0x7F; // mostly queries
      }
      return p;
    }

    private byte[] seed() {
      return SEEDS.get(random.nextInt(SEEDS.size())).clone();
    }

    private byte[] randomBytes(int n) {
      byte[] p = new byte[n];
      random.nextBytes(p);
      return p;
    }

    private byte[] bitFlips(byte[] p) {
      for (int n = 1 + random.nextInt(8); n > 0; n--) {
        p[random.nextInt(p.length)] ^= (byte) (1 << random.nextInt(8));
      }
      return p;
    }

    private byte[] byteFlips(byte[] p) {
      for (int n = 1 + random.nextInt(4); n > 0; n--) {
        p[12 + random.nextInt(p.length - 12)] = (byte) random.nextInt(256);
      }
      return p;
    }

    private byte[] header(int qd, int an, int ns, int ar) {
      byte[] h = randomBytes(12);
      h[2] = (byte) (h[2] & 0x07); // QUERY opcode, QR clear
      h[4] = (byte) (qd >> 8);
      h[5] = (byte) qd;
      h[6] = (byte) (an >> 8);
      h[7] = (byte) an;
      h[8] = (byte) (ns >> 8);
      h[9] = (byte) ns;
      h[10] = (byte) (ar >> 8);
      h[11] = (byte) ar;
      return h;
    }

    /** A name that is a pointer to itself, or two pointers to each other, in the question or a record. */
    private byte[] pointerLoop() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      boolean inRecord = random.nextBoolean();
      out.writeBytes(header(1, inRecord ? 1 : 0, 0, 0));
      if (inRecord) {
        out.writeBytes(new byte[] {3, 'w', 'w', 'w', 0, 0, 1, 0, 1});
      }
      int at = out.size();
      switch (random.nextInt(3)) {
        case 0 -> out.writeBytes(new byte[] {(byte) (0xC0 | at >> 8), (byte) at}); // to itself
        case 1 -> { // label, then a pointer to the next pointer, which points back
          out.writeBytes(new byte[] {1, 'a', (byte) 0xC0, (byte) (at + 4), (byte) 0xC0, (byte) at});
        }
        default -> out.writeBytes(new byte[] {(byte) 0xC0, (byte) (at + 2 + random.nextInt(200))}); // forward
      }
      out.writeBytes(new byte[] {0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 1, 2, 3, 4});
      return Arrays.copyOf(out.toByteArray(), out.size() - random.nextInt(inRecord ? 10 : 14));
    }

    /** Pointers each to the next, up to 300 deep, ending at the root: forward pointers, and many. */
    private byte[] pointerChain() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(header(1, 0, 0, 0));
      int links = 1 + random.nextInt(300);
      for (int i = 0; i < links; i++) {
        int next = 12 + 2 * (i + 1);
        out.writeBytes(new byte[] {(byte) (0xC0 | (next >> 8 & 0x3F)), (byte) next});
      }
      out.writeBytes(new byte[] {0, 0, 1, 0, 1});
      return out.toByteArray();
    }

    private byte[] labelPastTheEnd() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(header(1, 0, 0, random.nextInt(2)));
      int labels = random.nextInt(4);
      for (int i = 0; i < labels; i++) {
        out.write(3);
        out.writeBytes(new byte[] {'a', 'b', 'c'});
      }
      out.write(1 + random.nextInt(63)); // longer than what follows
      out.writeBytes(randomBytes(random.nextInt(8)));
      return out.toByteArray();
    }

    private byte[] hugeCounts(byte[] p) {
      int section = random.nextInt(4);
      int count = random.nextBoolean() ? 0xFFFF : 2 + random.nextInt(5000);
      return Wire.setCount(p, section, count);
    }

    private byte[] withGarbage(byte[] p) {
      byte[] tail = randomBytes(1 + random.nextInt(random.nextBoolean() ? 16 : 1000));
      byte[] out = Arrays.copyOf(p, p.length + tail.length);
      System.arraycopy(tail, 0, out, p.length, tail.length);
      return out;
    }

    /** An OPT record whose option lengths, RDLENGTH or placement are wrong. */
    private byte[] brokenEdns() {
      byte[] base = SEEDS.get(0).clone(); // www.example.com A, no OPT
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(Wire.setCount(base, Section.ADDITIONAL, 1 + random.nextInt(2)));
      int opts = 1 + random.nextInt(2);
      for (int i = 0; i < opts; i++) {
        out.write(random.nextInt(8) == 0 ? 1 : 0); // owner: root, or a broken label
        out.writeBytes(new byte[] {0, 41, (byte) random.nextInt(256), (byte) random.nextInt(256)});
        out.writeBytes(new byte[] {0, (byte) random.nextInt(3), 0, 0}); // rcode, version 0-2, flags
        int rdata = random.nextInt(40);
        int claimed = random.nextInt(4) == 0 ? rdata + random.nextInt(300) : rdata;
        out.write(claimed >> 8);
        out.write(claimed);
        byte[] body = randomBytes(rdata);
        if (rdata >= 4) {
          body[2] = 0;
          body[3] = (byte) random.nextInt(80); // option length, often past the end
        }
        out.writeBytes(body);
      }
      return out.toByteArray();
    }

    private byte[] randomHeaderValidQuestion() {
      byte[] p = seed();
      byte[] h = randomBytes(4);
      System.arraycopy(h, 0, p, 0, 4);
      return p;
    }

    private static List<byte[]> seeds() {
      List<byte[]> seeds = new ArrayList<>();
      seeds.add(Wire.bytes(Wire.query("www.example.com.", Type.A)));
      seeds.add(Wire.bytes(Wire.query("mail.example.com.", Type.MX)));
      seeds.add(Wire.bytes(Wire.query("big.example.com.", Type.A)));
      seeds.add(Wire.bytes(Wire.query("x.sub.example.com.", Type.A)));
      seeds.add(Wire.bytes(Wire.query("side.example.com.", Type.NS)));
      seeds.add(Wire.bytes(Wire.query("nothere.example.com.", Type.ANY)));
      seeds.add(Wire.bytes(Wire.query("WwW.ExAmPlE.CoM.", Type.AAAA)));
      seeds.add(Wire.bytes(Wire.query("www.example.org.", Type.A)));
      seeds.add(Wire.bytes(Wire.query("example.com.", Type.SOA, DClass.CH)));
      seeds.add(Wire.bytes(Wire.query("example.com.", Type.AXFR)));
      seeds.add(Wire.bytes(Wire.withEdns(Wire.query("bigtxt.example.com.", Type.TXT), new OPTRecord(4096, 0, 0))));
      seeds.add(Wire.bytes(Wire.withEdns(Wire.query("mid.example.com.", Type.A),
          new OPTRecord(512, 0, 0, 0x8000, new GenericEDNSOption(10, new byte[8])))));
      Message two = Wire.query("www.example.com.", Type.A);
      two.addRecord(Record.newRecord(Wire.name("mail.example.com."), Type.MX, DClass.IN), Section.QUESTION);
      seeds.add(Wire.bytes(two));
      return List.copyOf(seeds);
    }
  }
}
