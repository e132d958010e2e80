package io.wadns.protocol;

import static io.wadns.protocol.Wire.QR;
import static io.wadns.protocol.Wire.RD;
import static io.wadns.protocol.Wire.TC;
import static io.wadns.protocol.Wire.bytes;
import static io.wadns.protocol.Wire.count;
import static io.wadns.protocol.Wire.flags;
import static io.wadns.protocol.Wire.headerRcode;
import static io.wadns.protocol.Wire.id;
import static io.wadns.protocol.Wire.query;
import static io.wadns.protocol.Wire.setCount;
import static io.wadns.protocol.Wire.setFlags;
import static io.wadns.protocol.Wire.withEdns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Packets that are not well-formed queries: dropped when there is nothing to reply to (no header, or a
 * response), FORMERR with the ID copied when the header is readable, and never an exception.
 */
class ResponderMalformedTest {
  static Responder responder;

  @BeforeAll
  static void loadZone() {
    responder = ProtocolZone.responder();
  }

  private static byte[] udp(byte[] packet) {
    return responder.respond(packet, Transport.UDP);
  }

  /** A 12-octet header with ID 0xABCD, RD set and the given question count. */
  private static byte[] header(int qdcount, int... rest) {
    byte[] p = new byte[12 + rest.length];
    p[0] = (byte) 0xAB;
    p[1] = (byte) 0xCD;
    p[2] = 0x01;
    setCount(p, Section.QUESTION, qdcount);
    for (int i = 0; i < rest.length; i++) {
      p[12 + i] = (byte) rest[i];
    }
    return p;
  }

  private static void assertFormErrWithIdCopied(byte[] reply) {
    assertThat(reply).as("a reply, not a drop").isNotNull();
    assertThat(id(reply)).isEqualTo(0xABCD);
    assertThat(flags(reply) & QR).isEqualTo(QR);
    assertThat(Rcode.string(headerRcode(reply))).as("rcode").isEqualTo("FORMERR");
    assertThat(flags(reply) & RD).as("RD copied").isEqualTo(RD);
    assertThat(count(reply, Section.ANSWER)).isZero();
    assertThat(count(reply, Section.AUTHORITY)).isZero();
  }

  @Test
  void packetShorterThanAHeaderIsDropped() {
    byte[] valid = bytes(query("www.example.com.", Type.A));
    for (int length = 0; length < 12; length++) {
      assertThat(udp(Arrays.copyOf(valid, length))).as("%d octets", length).isNull();
      assertThat(responder.respond(Arrays.copyOf(valid, length), Transport.TCP)).isNull();
    }
  }

  @Test
  void responseIsDropped() {
    byte[] packet = bytes(query("www.example.com.", Type.A));
    setFlags(packet, QR | RD);

    assertThat(udp(packet)).isNull();
    assertThat(responder.respond(packet, Transport.TCP)).isNull();
  }

  @Test
  void responseWithAnotherOpcodeIsDropped() {
    byte[] packet = bytes(query("www.example.com.", Type.A));
    setFlags(packet, QR | 4 << 11);

    assertThat(udp(packet)).isNull();
  }

  @Test
  void headerOnlyPacketClaimingAQuestionIsFormErr() {
    assertFormErrWithIdCopied(udp(header(1)));
  }

  @Test
  void truncatedQuestionIsFormErrWithTheIdCopied() {
    byte[] valid = bytes(query("www.example.com.", Type.A));
    valid[0] = (byte) 0xAB;
    valid[1] = (byte) 0xCD;
    for (int length = 13; length < valid.length; length++) {
      byte[] reply = udp(Arrays.copyOf(valid, length));

      assertFormErrWithIdCopied(reply);
      assertThat(reply).as("header only").hasSize(12);
    }
  }

  @Test
  void truncatedQuestionWithTcSetInTheQueryIsStillFormErr() {
    // TC means nothing in a query; it must not change how a broken question is handled.
    byte[] valid = bytes(query("www.example.com.", Type.A));
    valid[0] = (byte) 0xAB;
    valid[1] = (byte) 0xCD;
    setFlags(valid, RD | TC);

    assertFormErrWithIdCopied(udp(Arrays.copyOf(valid, 20)));
  }

  @Test
  void labelLengthRunningPastTheEndIsFormErr() {
    assertFormErrWithIdCopied(udp(header(1, 63, 'w', 'w', 'w')));
    assertFormErrWithIdCopied(udp(header(1, 3, 'w', 'w', 'w', 7, 'e', 'x', 0, 0, 1, 0, 1)));
  }

  @Test
  void questionWithoutTypeAndClassIsFormErr() {
    assertFormErrWithIdCopied(udp(header(1, 3, 'w', 'w', 'w', 0, 0, 1)));
  }

  @Test
  void compressionPointerToItselfIsFormErr() {
    assertFormErrWithIdCopied(udp(header(1, 0xC0, 12, 0, 1, 0, 1)));
  }

  @Test
  void compressionPointerLoopOfTwoIsFormErr() {
    // offset 12: label "a", then a pointer to 16; offset 16: a pointer back to 12.
    assertFormErrWithIdCopied(udp(header(1, 1, 'a', 0xC0, 16, 0xC0, 12, 0, 1, 0, 1)));
  }

  @Test
  void compressionPointerPastTheEndIsFormErr() {
    assertFormErrWithIdCopied(udp(header(1, 0xC0, 0xFF, 0, 1, 0, 1)));
  }

  @Test
  void reservedLabelTypeIsFormErr() {
    // 0x40 and 0x80 label types (RFC 6891 §5 deprecated extended labels; 0x80 unassigned).
    assertFormErrWithIdCopied(udp(header(1, 0x41, 'a', 0, 0, 1, 0, 1)));
    assertFormErrWithIdCopied(udp(header(1, 0x81, 'a', 0, 0, 1, 0, 1)));
  }

  @Test
  void nameLongerThan255OctetsIsFormErr() {
    byte[] packet = new byte[12 + 5 * 60 + 1 + 4];
    System.arraycopy(header(1), 0, packet, 0, 12);
    int p = 12;
    for (int label = 0; label < 5; label++) {
      packet[p++] = 59;
      for (int i = 0; i < 59; i++) {
        packet[p++] = 'a';
      }
    }
    packet[p++] = 0;
    packet[p + 1] = 1;
    packet[p + 3] = 1;

    assertFormErrWithIdCopied(udp(packet));
  }

  @Test
  void hugeRecordCountsAreFormErr() {
    byte[] valid = bytes(query("www.example.com.", Type.A));
    valid[0] = (byte) 0xAB;
    valid[1] = (byte) 0xCD;
    for (int section = Section.ANSWER; section <= Section.ADDITIONAL; section++) {
      byte[] packet = setCount(valid.clone(), section, 0xFFFF);

      assertFormErrWithIdCopied(udp(packet));
    }
    assertFormErrWithIdCopied(udp(setCount(valid.clone(), Section.QUESTION, 0xFFFF)));
  }

  @Test
  void hugeRecordCountsWithTcSetInTheQueryAreStillFormErr() {
    byte[] packet = bytes(query("www.example.com.", Type.A));
    packet[0] = (byte) 0xAB;
    packet[1] = (byte) 0xCD;
    setFlags(packet, RD | TC);
    setCount(packet, Section.ADDITIONAL, 0xFFFF);

    assertFormErrWithIdCopied(udp(packet));
  }

  @Test
  void randomAndMutatedPacketsNeverThrowAndKeepTheId() {
    Random random = new Random(20240101L);
    List<byte[]> seeds = seedQueries();
    for (int i = 0; i < 20_000; i++) {
      byte[] packet = i % 5 == 0
          ? randomPacket(random)
          : mutate(seeds.get(random.nextInt(seeds.size())), random);
      if (random.nextInt(4) != 0 && packet.length >= 4) {
        packet[2] &= 0x7F; // mostly queries, so that most packets get past the QR check
      }
      Transport transport = random.nextBoolean() ? Transport.UDP : Transport.TCP;
      byte[] reply;
      try {
        reply = responder.respond(packet, transport);
      } catch (Throwable t) {
        throw new AssertionError("respond threw on " + HexFormat.of().formatHex(packet), t);
      }
      checkReply(packet, reply, transport);
    }
  }

  private static void checkReply(byte[] packet, byte[] reply, Transport transport) {
    String hex = HexFormat.of().formatHex(packet);
    boolean droppable = packet.length < 12 || (packet[2] & 0x80) != 0;
    if (droppable) {
      assertThat(reply).as("reply to %s", hex).isNull();
      return;
    }
    assertThat(reply).as("reply to %s", hex).isNotNull();
    Message parsed;
    try {
      parsed = new Message(reply);
    } catch (IOException e) {
      fail("unparseable reply " + HexFormat.of().formatHex(reply) + " to " + hex, e);
      return;
    }
    assertThat(parsed.getHeader().getID()).as("ID of reply to %s", hex).isEqualTo(id(packet));
    assertThat(flags(reply) & QR).as("QR of reply to %s", hex).isEqualTo(QR);
    if (transport == Transport.UDP) {
      assertThat(reply.length).as("UDP reply to %s", hex).isLessThanOrEqualTo(
          parsed.getOPT() == null ? 512 : Responder.ADVERTISED_UDP_SIZE);
    }
  }

  private static List<byte[]> seedQueries() {
    Message twoQuestions = query("www.example.com.", Type.A);
    twoQuestions.addRecord(Record.newRecord(Wire.name("mail.example.com."), Type.MX, DClass.IN),
        Section.QUESTION);
    return List.of(
        bytes(query("www.example.com.", Type.A)),
        bytes(query("mail.example.com.", Type.MX)),
        bytes(query("big.example.com.", Type.A)),
        bytes(query("x.sub.example.com.", Type.A)),
        bytes(query("nothere.example.com.", Type.ANY)),
        bytes(query("www.example.org.", Type.A)),
        bytes(withEdns(query("bigtxt.example.com.", Type.TXT), new OPTRecord(4096, 0, 0))),
        bytes(withEdns(query("www.example.com.", Type.AAAA),
            new OPTRecord(1232, 0, 0, 0, new GenericEDNSOption(10, new byte[8])))),
        bytes(twoQuestions));
  }

  private static byte[] randomPacket(Random random) {
    byte[] p = new byte[random.nextInt(600)];
    random.nextBytes(p);
    return p;
  }

  private static byte[] mutate(byte[] seed, Random random) {
    byte[] p = seed.clone();
    switch (random.nextInt(5)) {
      case 0 -> { // flip a few bytes
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
          p[random.nextInt(p.length)] = (byte) random.nextInt(256);
        }
      }
      case 1 -> p = Arrays.copyOf(p, random.nextInt(p.length + 1)); // truncate
      case 2 -> { // append garbage
        byte[] tail = new byte[1 + random.nextInt(64)];
        random.nextBytes(tail);
        p = Arrays.copyOf(p, p.length + tail.length);
        System.arraycopy(tail, 0, p, seed.length, tail.length);
      }
      case 3 -> setCount(p, random.nextInt(4), random.nextInt(4) == 0 ? 0xFFFF : random.nextInt(4));
      default -> { // flip bits in the header flags and in the body
        p[2 + random.nextInt(2)] ^= (byte) (1 << random.nextInt(8));
        p[12 + random.nextInt(p.length - 12)] ^= (byte) (1 << random.nextInt(8));
      }
    }
    return p;
  }
}
