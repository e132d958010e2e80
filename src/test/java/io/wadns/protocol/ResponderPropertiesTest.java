package io.wadns.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Properties of {@link Responder}, the decoder and answer builder, over generated packets: it never
 * throws; a reply is null or parses, with the query's ID; a UDP reply fits its limit; and the reply to
 * any well-formed query repeats the query's question octet for octet (case included, which DNS 0x20
 * clients check).
 *
 * <p>Packets come from seeded generators, several seeds per property, so a failure names the seed
 * and the packet and replays exactly.
 */
class ResponderPropertiesTest {
  private static Responder responder;

  @BeforeAll
  static void loadZone() throws IOException {
    responder = ProtocolZone.responder();
  }

  static Transport transport(SplittableRandom r) {
    return r.nextBoolean() ? Transport.UDP : Transport.TCP;
  }

  static byte[] bytes(SplittableRandom r, int min, int max) {
    byte[] b = new byte[min + r.nextInt(max - min + 1)];
    r.nextBytes(b);
    return b;
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void arbitraryBytesNeverThrowAndAnyReplyParsesWithTheId(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < 1000; i++) {
      byte[] packet = bytes(r, 0, 700);
      Transport t = transport(r);
      checkReply(packet, respond(packet, t), t);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void arbitraryBytesBehindAQueryHeaderNeverThrow(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < 1000; i++) {
      byte[] packet = bytes(r, 12, 700);
      Transport t = transport(r);
      packet[2] &= 0x07; // QR clear, opcode QUERY: the packet has to be parsed
      packet[4] = 0;
      packet[5] = 1;
      byte[] reply = respond(packet, t);
      assertThat(reply).as("a query with a readable header is answered").isNotNull();
      checkReply(packet, reply, t);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void mutatedQueriesNeverThrowAndAnyReplyParsesWithTheId(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < 1000; i++) {
      byte[] packet = mutate(r, query(r).bytes());
      Transport t = transport(r);
      checkReply(packet, respond(packet, t), t);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void replyRepeatsTheQuestionOctetForOctet(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < 1000; i++) {
      Query query = query(r);
      Transport transport = transport(r);
      byte[] packet = query.bytes();
      byte[] reply = respond(packet, transport);
      assertThat(reply).as("reply to %s", query).isNotNull();
      checkReply(packet, reply, transport);
      assertThat(Wire.count(reply, Section.QUESTION)).isEqualTo(1);
      int end = 12 + query.questionLength();
      assertThat(reply.length).isGreaterThanOrEqualTo(end);
      assertThat(Arrays.copyOfRange(reply, 12, end)).as("question of the reply to %s", query)
          .isEqualTo(Arrays.copyOfRange(packet, 12, end));
      if (transport == Transport.UDP) {
        assertThat(reply.length).as("UDP reply to %s", query).isLessThanOrEqualTo(query.udpLimit());
      }
    }
  }

  // ---- checks

  private static byte[] respond(byte[] packet, Transport transport) {
    try {
      return responder.respond(packet, transport);
    } catch (Throwable t) {
      throw new AssertionError("respond threw on " + HexFormat.of().formatHex(packet), t);
    }
  }

  /** A reply is null, or a response that parses, with the query's ID, within the UDP limits. */
  private static void checkReply(byte[] packet, byte[] reply, Transport transport) {
    if (reply == null) {
      return;
    }
    String hex = HexFormat.of().formatHex(packet);
    assertThat(packet.length).as("a reply needs a header to copy the ID from: %s", hex).isGreaterThanOrEqualTo(12);
    Message parsed;
    try {
      parsed = new Message(reply);
    } catch (IOException e) {
      fail("unparseable reply " + HexFormat.of().formatHex(reply) + " to " + hex, e);
      return;
    }
    assertThat(parsed.getHeader().getID()).as("ID of the reply to %s", hex).isEqualTo(Wire.id(packet));
    assertThat(Wire.flags(reply) & Wire.QR).as("QR of the reply to %s", hex).isEqualTo(Wire.QR);
    if (transport == Transport.UDP) {
      // RFC 1035 §4.2.1 without EDNS; with it, at most what wadns advertises (RFC 6891 §6.2.5).
      assertThat(reply.length).as("UDP reply to %s", hex)
          .isLessThanOrEqualTo(parsed.getOPT() == null ? 512 : Responder.ADVERTISED_UDP_SIZE);
    }
  }

  // ---- well-formed queries

  /**
   * A well-formed query: one question, perhaps an OPT record. {@code flags} never has QR or an opcode;
   * {@code ednsPayload} is -1 for no OPT.
   */
  record Query(int id, int flags, List<byte[]> labels, int type, int dclass, int ednsPayload, int ednsVersion,
      boolean dnssecOk) {
    byte[] bytes() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      writeShort(out, id);
      writeShort(out, flags);
      writeShort(out, 1);
      writeShort(out, 0);
      writeShort(out, 0);
      writeShort(out, ednsPayload < 0 ? 0 : 1);
      for (byte[] label : labels) {
        out.write(label.length);
        out.writeBytes(label);
      }
      out.write(0);
      writeShort(out, type);
      writeShort(out, dclass);
      if (ednsPayload >= 0) {
        out.write(0); // root owner
        writeShort(out, Type.OPT);
        writeShort(out, ednsPayload);
        out.write(0); // extended rcode
        out.write(ednsVersion);
        writeShort(out, dnssecOk ? 0x8000 : 0);
        writeShort(out, 0); // no options
      }
      return out.toByteArray();
    }

    int questionLength() {
      return nameLength(labels) + 4;
    }

    /** RFC 1035 §4.2.1 and RFC 6891 §6.2.5: 512 without EDNS, else the client's size within 512..1232. */
    int udpLimit() {
      return ednsPayload < 0 ? 512 : Math.max(512, Math.min(ednsPayload, Responder.ADVERTISED_UDP_SIZE));
    }

    @Override
    public String toString() {
      return HexFormat.of().formatHex(bytes());
    }

    private static void writeShort(ByteArrayOutputStream out, int v) {
      out.write(v >> 8);
      out.write(v);
    }
  }

  static int nameLength(List<byte[]> labels) {
    int n = 1;
    for (byte[] label : labels) {
      n += 1 + label.length;
    }
    return n;
  }

  // ---- generators

  static final String[] KNOWN_LABELS = {"www", "mail", "big", "mid", "bigtxt", "sub", "x", "ns1", "side", "WWW",
      "Mail", "BiG", "*", "example", "EXAMPLE"};
  static final List<List<String>> SUFFIXES = List.of(List.of(), List.of("com"), List.of("example", "com"),
      List.of("ExAmPlE", "cOm"), List.of("EXAMPLE", "COM"), List.of("example", "org"),
      List.of("sub", "example", "com"), List.of("side", "example", "com"));
  static final int[] KNOWN_TYPES = {Type.A, Type.AAAA, Type.MX, Type.NS, Type.SOA, Type.TXT, Type.CNAME, Type.ANY,
      Type.PTR, Type.SRV, Type.CAA, Type.DS, Type.DNSKEY, Type.HTTPS, Type.SVCB, Type.AXFR, Type.IXFR, Type.OPT,
      Type.TSIG, Type.TKEY};
  static final int[] ODD_CLASSES = {DClass.CH, DClass.HS, DClass.NONE, DClass.ANY};

  /** A well-formed query: names in and around the test zone in any case, any flags but QR and opcode. */
  static Query query(SplittableRandom r) {
    int id = r.nextInt(0x10000);
    int flags = r.nextInt(0x0800); // AA, TC, RD, RA, Z, AD, CD, even RCODE bits
    List<byte[]> labels;
    do {
      labels = new ArrayList<>();
      int prefix = r.nextInt(7);
      for (int i = 0; i < prefix; i++) {
        labels.add(r.nextInt(4) < 3 ? KNOWN_LABELS[r.nextInt(KNOWN_LABELS.length)].getBytes(StandardCharsets.US_ASCII)
            : bytes(r, 1, 63));
      }
      for (String s : SUFFIXES.get(r.nextInt(SUFFIXES.size()))) {
        labels.add(s.getBytes(StandardCharsets.US_ASCII));
      }
    } while (nameLength(labels) > 255);
    int type = r.nextBoolean() ? KNOWN_TYPES[r.nextInt(KNOWN_TYPES.length)] : r.nextInt(0x10000);
    int roll = r.nextInt(10);
    int dclass = roll < 8 ? DClass.IN : roll == 8 ? ODD_CLASSES[r.nextInt(ODD_CLASSES.length)] : r.nextInt(0x10000);
    int edns = switch (r.nextInt(3)) {
      case 0 -> -1;
      case 1 -> r.nextInt(0x10000);
      default -> new int[] {512, 1232, 4096}[r.nextInt(3)];
    };
    int version = r.nextInt(10) == 0 ? 1 : 0;
    return new Query(id, flags, labels, type, dclass, edns, version, r.nextBoolean());
  }

  /** One of: bit flips, truncation, a garbage tail, odd section counts, overwritten octets, a compression pointer. */
  static byte[] mutate(SplittableRandom r, byte[] q) {
    byte[] p = q.clone();
    switch (r.nextInt(6)) {
      case 0 -> {
        for (int i = 1 + r.nextInt(8); i > 0; i--) {
          int bit = r.nextInt(q.length * 8);
          p[bit / 8] ^= (byte) (1 << (bit % 8));
        }
      }
      case 1 -> p = Arrays.copyOf(q, r.nextInt(q.length));
      case 2 -> {
        byte[] tail = bytes(r, 1, 300);
        p = Arrays.copyOf(q, q.length + tail.length);
        System.arraycopy(tail, 0, p, q.length, tail.length);
      }
      case 3 -> {
        int count = switch (r.nextInt(3)) {
          case 0 -> r.nextInt(5);
          case 1 -> 0xFFFF;
          default -> r.nextInt(0x10000);
        };
        p = Wire.setCount(p, r.nextInt(4), count);
      }
      case 4 -> {
        for (int i = 1 + r.nextInt(4); i > 0; i--) {
          p[r.nextInt(q.length)] = (byte) r.nextInt(256);
        }
      }
      default -> {
        // A compression pointer written anywhere in the packet, to anywhere (itself included).
        int at = 12 + r.nextInt(q.length - 13);
        int target = r.nextInt(0x4000);
        p[at] = (byte) (0xC0 | target >> 8);
        p[at + 1] = (byte) (target & 0xFF);
      }
    }
    return p;
  }
}
