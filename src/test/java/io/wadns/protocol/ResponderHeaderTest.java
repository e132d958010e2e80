package io.wadns.protocol;

import static io.wadns.protocol.Wire.AA;
import static io.wadns.protocol.Wire.AD;
import static io.wadns.protocol.Wire.CD;
import static io.wadns.protocol.Wire.QR;
import static io.wadns.protocol.Wire.RA;
import static io.wadns.protocol.Wire.RD;
import static io.wadns.protocol.Wire.TC;
import static io.wadns.protocol.Wire.Z;
import static io.wadns.protocol.Wire.bytes;
import static io.wadns.protocol.Wire.count;
import static io.wadns.protocol.Wire.flags;
import static io.wadns.protocol.Wire.headerRcode;
import static io.wadns.protocol.Wire.id;
import static io.wadns.protocol.Wire.opcode;
import static io.wadns.protocol.Wire.parse;
import static io.wadns.protocol.Wire.query;
import static io.wadns.protocol.Wire.setFlags;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/** Header flags, rcodes for unsupported questions and opcodes, and the question echo (RFC 1035 §4.1). */
class ResponderHeaderTest {
  static Responder responder;

  @BeforeAll
  static void loadZone() {
    responder = ProtocolZone.responder();
  }

  private static byte[] udp(byte[] query) {
    return responder.respond(query, Transport.UDP);
  }

  private static byte[] udp(Message query) {
    return udp(bytes(query));
  }

  @Test
  void answerHasQrAndAaAndTheQueryId() {
    Message q = query("www.example.com.", Type.A);
    q.getHeader().setID(0xBEEF);

    byte[] reply = udp(q);

    assertThat(id(reply)).isEqualTo(0xBEEF);
    assertThat(flags(reply) & QR).isEqualTo(QR);
    assertThat(flags(reply) & AA).isEqualTo(AA);
    assertThat(opcode(reply)).isEqualTo(Opcode.QUERY);
    assertThat(headerRcode(reply)).isEqualTo(Rcode.NOERROR);
    Message m = parse(reply);
    assertThat(m.getSection(Section.ANSWER)).singleElement()
        .isEqualTo(new ARecord(Wire.name("www.example.com."), DClass.IN, 3600, address("192.0.2.10")));
  }

  @Test
  void noDataReplyIsAuthoritative() {
    byte[] reply = udp(query("www.example.com.", Type.AAAA));

    assertThat(headerRcode(reply)).isEqualTo(Rcode.NOERROR);
    assertThat(flags(reply) & AA).isEqualTo(AA);
    assertThat(count(reply, Section.ANSWER)).isZero();
    assertThat(parse(reply).getSection(Section.AUTHORITY)).singleElement()
        .extracting(Record::getType).isEqualTo(Type.SOA);
  }

  @Test
  void nxdomainReplyIsAuthoritative() {
    byte[] reply = udp(query("nothere.example.com.", Type.A));

    assertThat(headerRcode(reply)).isEqualTo(Rcode.NXDOMAIN);
    assertThat(flags(reply) & AA).isEqualTo(AA);
    assertThat(count(reply, Section.ANSWER)).isZero();
    assertThat(parse(reply).getSection(Section.AUTHORITY)).singleElement()
        .extracting(Record::getType).isEqualTo(Type.SOA);
  }

  @Test
  void rdAndCdAreCopiedWhileZAdAndRaAreCleared() {
    byte[] query = bytes(query("www.example.com.", Type.A));
    setFlags(query, RD | CD | AD | Z | RA);

    int flags = flags(udp(query));

    assertThat(flags & RD).as("RD").isEqualTo(RD);
    assertThat(flags & CD).as("CD").isEqualTo(CD);
    assertThat(flags & Z).as("Z").isZero();
    assertThat(flags & AD).as("AD").isZero();
    assertThat(flags & RA).as("RA").isZero();
    assertThat(flags & TC).as("TC").isZero();
  }

  @Test
  void rdAndCdStayClearWhenTheQueryHasThemClear() {
    byte[] query = bytes(query("www.example.com.", Type.A));
    setFlags(query, 0);

    int flags = flags(udp(query));

    assertThat(flags & (RD | CD | RA | AD | Z)).isZero();
    assertThat(flags & (QR | AA)).isEqualTo(QR | AA);
  }

  @Test
  void raIsNeverSetEvenOnErrors() {
    for (byte[] reply : new byte[][] {
        udp(query("www.example.com.", Type.A)),
        udp(query("nothere.example.com.", Type.A)),
        udp(query("www.example.org.", Type.A)),
        udp(query("www.example.com.", Type.AXFR)),
        udp(query("www.example.com.", Type.A, DClass.CH))}) {
      assertThat(flags(reply) & RA).isZero();
    }
  }

  @Test
  void nameOutsideOurZonesIsRefusedWithoutAaOrRecords() {
    byte[] reply = udp(query("www.example.org.", Type.A));

    assertThat(headerRcode(reply)).isEqualTo(Rcode.REFUSED);
    assertThat(flags(reply) & AA).isZero();
    assertThat(count(reply, Section.QUESTION)).isEqualTo(1);
    assertThat(count(reply, Section.ANSWER)).isZero();
    assertThat(count(reply, Section.AUTHORITY)).isZero();
    assertThat(count(reply, Section.ADDITIONAL)).as("no OPT without one in the query").isZero();
  }

  @Test
  void refusedReplyCarriesOptWhenTheQueryHadOne() {
    Message q = Wire.withEdns(query("www.example.org.", Type.A), new OPTRecord(1232, 0, 0));

    byte[] reply = udp(q);

    Message m = parse(reply);
    assertThat(m.getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(flags(reply) & AA).isZero();
    assertThat(count(reply, Section.ANSWER)).isZero();
    assertThat(count(reply, Section.AUTHORITY)).isZero();
    assertThat(count(reply, Section.ADDITIONAL)).isEqualTo(1);
    assertThat(m.getOPT()).isNotNull();
  }

  @ParameterizedTest(name = "opcode {0}")
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 15})
  void otherOpcodesGetAHeaderOnlyNotimpWithTheOpcodeEchoed(int opcode) {
    Message q = Wire.withEdns(query("www.example.com.", Type.A), new OPTRecord(1232, 0, 0));
    byte[] query = bytes(q);
    setFlags(query, opcode << 11 | AA | TC | RD | RA | Z | AD | CD);

    byte[] reply = udp(query);

    assertThat(reply).hasSize(12);
    assertThat(id(reply)).isEqualTo(0x1234);
    assertThat(opcode(reply)).isEqualTo(opcode);
    assertThat(headerRcode(reply)).isEqualTo(Rcode.NOTIMP);
    assertThat(flags(reply)).as("QR, opcode and rcode only").isEqualTo(QR | opcode << 11 | Rcode.NOTIMP);
    for (int section = 0; section < 4; section++) {
      assertThat(count(reply, section)).isZero();
    }
  }

  @Test
  void noQuestionIsFormErr() {
    Message q = new Message(0x4321);
    q.getHeader().setFlag(Flags.RD);

    byte[] reply = udp(q);

    assertThat(id(reply)).isEqualTo(0x4321);
    assertThat(flags(reply) & QR).isEqualTo(QR);
    assertThat(headerRcode(reply)).isEqualTo(Rcode.FORMERR);
    assertThat(flags(reply) & RD).as("RD copied").isEqualTo(RD);
    assertThat(count(reply, Section.QUESTION)).isZero();
    assertThat(count(reply, Section.ANSWER)).isZero();
  }

  @Test
  void twoQuestionsAreFormErr() {
    Message q = query("www.example.com.", Type.A);
    q.addRecord(Record.newRecord(Wire.name("mail.example.com."), Type.MX, DClass.IN), Section.QUESTION);
    byte[] query = bytes(q);
    assertThat(count(query, Section.QUESTION)).isEqualTo(2);

    byte[] reply = udp(query);

    assertThat(id(reply)).isEqualTo(0x1234);
    assertThat(headerRcode(reply)).isEqualTo(Rcode.FORMERR);
    assertThat(flags(reply) & AA).isZero();
    assertThat(count(reply, Section.ANSWER)).isZero();
    assertThat(count(reply, Section.AUTHORITY)).isZero();
  }

  @Test
  void chaosClassIsRefused() {
    byte[] reply = udp(query("www.example.com.", Type.TXT, DClass.CH));

    assertThat(headerRcode(reply)).isEqualTo(Rcode.REFUSED);
    assertThat(flags(reply) & AA).isZero();
    assertThat(count(reply, Section.ANSWER)).isZero();
    assertThat(parse(reply).getQuestion().getDClass()).isEqualTo(DClass.CH);
  }

  @Test
  void classAnyIsAnsweredLikeIn() {
    byte[] any = udp(query("www.example.com.", Type.A, DClass.ANY));
    byte[] in = udp(query("www.example.com.", Type.A, DClass.IN));

    assertThat(headerRcode(any)).isEqualTo(Rcode.NOERROR);
    assertThat(flags(any) & AA).isEqualTo(AA);
    Message m = parse(any);
    assertThat(m.getQuestion().getDClass()).as("question echoed as asked").isEqualTo(DClass.ANY);
    assertThat(m.getSection(Section.ANSWER)).isEqualTo(parse(in).getSection(Section.ANSWER)).hasSize(1);
  }

  @ParameterizedTest(name = "qtype {0}")
  @ValueSource(ints = {Type.OPT, Type.TSIG, Type.TKEY})
  void metaQtypesAreFormErr(int qtype) {
    byte[] reply = udp(query("www.example.com.", qtype));

    assertThat(id(reply)).isEqualTo(0x1234);
    assertThat(headerRcode(reply)).isEqualTo(Rcode.FORMERR);
    assertThat(count(reply, Section.ANSWER)).isZero();
    assertThat(count(reply, Section.AUTHORITY)).isZero();
  }

  @ParameterizedTest(name = "qtype {0}")
  @ValueSource(ints = {Type.AXFR, Type.IXFR})
  void zoneTransfersAreRefusedOverUdpAndTcp(int qtype) {
    byte[] query = bytes(query("example.com.", qtype));
    for (Transport transport : Transport.values()) {
      byte[] reply = responder.respond(query, transport);

      assertThat(headerRcode(reply)).as(transport.name()).isEqualTo(Rcode.REFUSED);
      assertThat(count(reply, Section.ANSWER)).as(transport.name()).isZero();
    }
  }

  @Test
  void tsigSignedQueryGetsNotauthWithAnUnsignedBadkeyTsig() {
    // RFC 8945 §5.2.1: an unknown key is answered with RCODE NOTAUTH and TSIG error BADKEY, in an
    // unsigned TSIG RR (§5.3.2) that names the client's key and algorithm.
    Message q = query("www.example.com.", Type.A);
    q.setTSIG(new TSIG(TSIG.HMAC_SHA256, Wire.name("unknown-key."), new byte[32]));
    byte[] query = q.toWire(65535);
    assertThat(count(query, Section.ADDITIONAL)).as("signed").isEqualTo(1);

    byte[] reply = udp(query);

    Message m = parse(reply);
    assertThat(Rcode.string(m.getRcode())).isEqualTo("NOTAUTH");
    assertThat(count(reply, Section.ANSWER)).isZero();
    assertThat(m.getTSIG()).as("a TSIG RR in the reply").isNotNull();
    assertThat(Rcode.TSIGstring(m.getTSIG().getError())).isEqualTo("BADKEY");
    assertThat(m.getTSIG().getName()).isEqualTo(Wire.name("unknown-key."));
    assertThat(m.getTSIG().getSignature()).as("unsigned").isEmpty();
  }

  @Test
  void questionIsEchoedByteForByteWithItsCase() {
    byte[] query = bytes(query("WwW.ExAmPlE.CoM.", Type.A));
    int length = Wire.questionLength(query);

    byte[] reply = udp(query);

    assertThat(headerRcode(reply)).isEqualTo(Rcode.NOERROR);
    assertThat(count(reply, Section.ANSWER)).isEqualTo(1);
    assertThat(Arrays.copyOfRange(reply, 12, 12 + length))
        .isEqualTo(Arrays.copyOfRange(query, 12, 12 + length));
    assertThat(parse(reply).getQuestion().getName().toString()).isEqualTo("WwW.ExAmPlE.CoM.");
  }

  @Test
  void questionCaseIsEchoedOnErrorsToo() {
    byte[] query = bytes(query("NoThErE.ExAmPlE.CoM.", Type.A));
    int length = Wire.questionLength(query);

    byte[] reply = udp(query);

    assertThat(headerRcode(reply)).isEqualTo(Rcode.NXDOMAIN);
    assertThat(Arrays.copyOfRange(reply, 12, 12 + length))
        .isEqualTo(Arrays.copyOfRange(query, 12, 12 + length));
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
