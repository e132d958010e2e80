package io.wadns.protocol;

import static io.wadns.protocol.Wire.AA;
import static io.wadns.protocol.Wire.QR;
import static io.wadns.protocol.Wire.RD;
import static io.wadns.protocol.Wire.bytes;
import static io.wadns.protocol.Wire.count;
import static io.wadns.protocol.Wire.flags;
import static io.wadns.protocol.Wire.headerRcode;
import static io.wadns.protocol.Wire.id;
import static io.wadns.protocol.Wire.parse;
import static io.wadns.protocol.Wire.query;
import static io.wadns.protocol.Wire.setCount;
import static io.wadns.protocol.Wire.setFlags;
import static io.wadns.protocol.Wire.withEdns;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * Queries whose sections are readable but laid out wrongly, and the reserved query type 0, answered as
 * Knot 3.2 answers them (the same bytes were sent to knotd): octets after the last record and a TSIG
 * that is not the last record are FORMERR with the question echoed and no OPT; qtype 0 is NOTIMP with
 * the question and the OPT.
 */
class ResponderLayoutTest {
  static Responder responder;

  @BeforeAll
  static void loadZone() {
    responder = ProtocolZone.responder();
  }

  private static byte[] udp(byte[] packet) {
    return responder.respond(packet, Transport.UDP);
  }

  /** A TSIG record in wire form, as a client holding key {@code k1.} would append it. */
  private static byte[] tsig() {
    TSIGRecord r = new TSIGRecord(Wire.name("k1."), DClass.ANY, 0, TSIG.HMAC_SHA256,
        Instant.ofEpochSecond(1_795_494_183L), Duration.ofSeconds(300), new byte[32], 0x1234, 0, new byte[0]);
    return r.toWire(Section.ADDITIONAL);
  }

  private static byte[] append(byte[] packet, byte[]... tails) {
    byte[] out = packet;
    for (byte[] tail : tails) {
      int at = out.length;
      out = Arrays.copyOf(out, at + tail.length);
      System.arraycopy(tail, 0, out, at, tail.length);
    }
    return out;
  }

  private static byte[] optWire() {
    return new OPTRecord(1232, 0, 0).toWire(Section.ADDITIONAL);
  }

  /** FORMERR, AA clear, the question echoed byte for byte, no other record, no OPT (as Knot). */
  private static void assertFormErrWithTheQuestionEchoed(byte[] query, byte[] reply) {
    assertThat(reply).as("a reply, not a drop").isNotNull();
    assertThat(id(reply)).isEqualTo(id(query));
    assertThat(Rcode.string(headerRcode(reply))).as("rcode").isEqualTo("FORMERR");
    assertThat(flags(reply) & (QR | AA | RD)).as("QR set, AA clear, RD copied").isEqualTo(QR | (flags(query) & RD));
    assertThat(count(reply, Section.QUESTION)).isEqualTo(1);
    int questionEnd = Wire.questionLength(query);
    assertThat(Arrays.copyOfRange(reply, 12, reply.length)).as("the question and nothing else")
        .isEqualTo(Arrays.copyOfRange(query, 12, 12 + questionEnd));
    for (int section = Section.ANSWER; section <= Section.ADDITIONAL; section++) {
      assertThat(count(reply, section)).isZero();
    }
  }

  @Test
  void octetsAfterTheQuestionAreFormErrWithTheQuestionEchoed() {
    byte[] valid = bytes(query("www.example.com.", Type.A));
    setFlags(valid, RD);
    for (byte[] tail : new byte[][] {{0}, {0, 0}, {(byte) 0xDE, (byte) 0xAD, (byte) 0xBE, (byte) 0xEF}}) {
      byte[] packet = append(valid, tail);
      for (Transport transport : Transport.values()) {
        assertFormErrWithTheQuestionEchoed(packet, responder.respond(packet, transport));
      }
    }
  }

  @Test
  void octetsAfterTheOptAreFormErrWithoutAnOpt() {
    byte[] packet = append(bytes(withEdns(query("www.example.com.", Type.A), new OPTRecord(1232, 0, 0))),
        new byte[] {0});

    assertFormErrWithTheQuestionEchoed(packet, udp(packet));
  }

  @Test
  void octetsAfterAQueryOfEdnsVersionOneAreFormErrNotBadvers() {
    // Knot checks the packet's length while parsing, before it looks at the OPT.
    byte[] packet = append(bytes(withEdns(query("www.example.com.", Type.A), new OPTRecord(1232, 0, 1))),
        new byte[] {0});

    assertFormErrWithTheQuestionEchoed(packet, udp(packet));
  }

  @Test
  void tsigBeforeTheOptIsFormErrWithTheQuestionEchoedAndNoOpt() {
    // RFC 8945 §5.1: the TSIG record must be the last record of the additional section.
    byte[] packet = append(bytes(query("www.example.com.", Type.A)), tsig(), optWire());
    setCount(packet, Section.ADDITIONAL, 2);

    assertFormErrWithTheQuestionEchoed(packet, udp(packet));
  }

  @Test
  void twoTsigRecordsAreFormErr() {
    byte[] packet = append(bytes(query("www.example.com.", Type.A)), tsig(), tsig());
    setCount(packet, Section.ADDITIONAL, 2);

    assertFormErrWithTheQuestionEchoed(packet, udp(packet));
  }

  @Test
  void tsigInTheAnswerOrAuthoritySectionIsFormErr() {
    for (int section : new int[] {Section.ANSWER, Section.AUTHORITY}) {
      byte[] packet = append(bytes(query("www.example.com.", Type.A)), tsig());
      setCount(packet, section, 1);

      assertFormErrWithTheQuestionEchoed(packet, udp(packet));
    }
  }

  @Test
  void tsigLastAfterTheOptIsStillAnsweredNotauth() {
    byte[] packet = append(bytes(query("www.example.com.", Type.A)), optWire(), tsig());
    setCount(packet, Section.ADDITIONAL, 2);

    Message reply = parse(udp(packet));

    assertThat(Rcode.string(reply.getRcode())).isEqualTo("NOTAUTH");
    assertThat(reply.getOPT()).isNotNull();
    assertThat(reply.getTSIG()).isNotNull();
  }

  @Test
  void wellFormedQueriesWithTcAndTrailingOctetsAreFormErrToo() {
    byte[] packet = append(bytes(query("www.example.com.", Type.A)), new byte[] {0});
    setFlags(packet, Wire.TC);

    assertFormErrWithTheQuestionEchoed(packet, udp(packet));
  }

  @Test
  void qtypeZeroIsNotimpWithTheQuestionEchoed() {
    // Type 0 is reserved (RFC 6895 §3.1); Knot answers NOTIMP whatever the name, even outside its zones.
    for (String name : new String[] {"www.example.com.", "nothere.example.com.", "www.example.net."}) {
      byte[] query = bytes(query(name, 0));
      for (Transport transport : Transport.values()) {
        byte[] reply = responder.respond(query, transport);

        assertThat(Rcode.string(headerRcode(reply))).as("%s over %s", name, transport).isEqualTo("NOTIMP");
        assertThat(flags(reply) & AA).as("AA").isZero();
        assertThat(Arrays.copyOfRange(reply, 12, reply.length)).as("the question and nothing else")
            .isEqualTo(Arrays.copyOfRange(query, 12, 12 + Wire.questionLength(query)));
      }
    }
  }

  @Test
  void qtypeZeroWithEdnsIsNotimpWithAnOpt() {
    Message reply = parse(udp(bytes(withEdns(query("www.example.com.", 0), new OPTRecord(4096, 0, 0)))));

    assertThat(Rcode.string(reply.getRcode())).isEqualTo("NOTIMP");
    assertThat(reply.getOPT()).isNotNull();
    assertThat(reply.getOPT().getPayloadSize()).isEqualTo(Responder.ADVERTISED_UDP_SIZE);
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    assertThat(reply.getSection(Section.AUTHORITY)).isEmpty();
  }

  @Test
  void qtypeZeroWithEdnsVersionOneIsBadvers() {
    Message reply = parse(udp(bytes(withEdns(query("www.example.com.", 0), new OPTRecord(1232, 0, 1)))));

    assertThat(Rcode.string(reply.getRcode())).isEqualTo("BADVERS");
  }

  @Test
  void qtypeZeroSignedWithTsigIsNotimpWithoutTsig() {
    // Knot decides on the query type before it looks at the TSIG.
    byte[] packet = append(bytes(query("www.example.com.", 0)), tsig());
    setCount(packet, Section.ADDITIONAL, 1);

    Message reply = parse(udp(packet));

    assertThat(Rcode.string(reply.getRcode())).isEqualTo("NOTIMP");
    assertThat(reply.getTSIG()).isNull();
  }
}
