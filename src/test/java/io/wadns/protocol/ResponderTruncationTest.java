package io.wadns.protocol;

import static io.wadns.protocol.Wire.AA;
import static io.wadns.protocol.Wire.TC;
import static io.wadns.protocol.Wire.bytes;
import static io.wadns.protocol.Wire.count;
import static io.wadns.protocol.Wire.flags;
import static io.wadns.protocol.Wire.headerRcode;
import static io.wadns.protocol.Wire.parse;
import static io.wadns.protocol.Wire.query;
import static io.wadns.protocol.Wire.withEdns;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Reply size limits: 512 octets over UDP without EDNS (RFC 1035 §4.2.1), min(client size, 1232)
 * with it (RFC 6891 §6.2.5), 65535 over TCP; TC when the answer does not fit, not when optional
 * additional data does not, and when required glue does not (RFC 9471).
 */
class ResponderTruncationTest {
  static Responder responder;

  @BeforeAll
  static void loadZone() {
    responder = ProtocolZone.responder();
  }

  private static byte[] udp(Message query) {
    return responder.respond(bytes(query), Transport.UDP);
  }

  private static byte[] tcp(Message query) {
    return responder.respond(bytes(query), Transport.TCP);
  }

  private static Message edns(String name, int type, int size) {
    return withEdns(query(name, type), new OPTRecord(size, 0, 0));
  }

  @Test
  void answerOver512WithoutEdnsIsTruncatedToFit512() {
    byte[] reply = udp(query("big.example.com.", Type.A));

    assertThat(flags(reply) & TC).isEqualTo(TC);
    assertThat(reply.length).isLessThanOrEqualTo(512);
    assertThat(count(reply, Section.ANSWER)).isLessThan(40);
    assertThat(parse(reply).getQuestion().getName()).isEqualTo(Wire.name("big.example.com."));
  }

  @Test
  void answerOver512FitsWithEdnsOf1232() {
    byte[] reply = udp(edns("big.example.com.", Type.A, 1232));

    assertThat(flags(reply) & TC).isZero();
    assertThat(reply.length).isGreaterThan(512).isLessThanOrEqualTo(1232);
    assertThat(count(reply, Section.ANSWER)).isEqualTo(40);
  }

  @Test
  void clientSizeBelow1232IsTheLimit() {
    byte[] reply = udp(edns("big.example.com.", Type.A, 600));

    assertThat(flags(reply) & TC).isEqualTo(TC);
    assertThat(reply.length).isLessThanOrEqualTo(600);
  }

  @Test
  void clientSizeBetween512AndTheReplyLengthIsEnough() {
    byte[] reply = udp(edns("big.example.com.", Type.A, 700));

    assertThat(flags(reply) & TC).isZero();
    assertThat(reply.length).isLessThanOrEqualTo(700);
    assertThat(count(reply, Section.ANSWER)).isEqualTo(40);
  }

  @Test
  void clientSizeAbove1232IsCappedAt1232() {
    byte[] reply = udp(edns("bigtxt.example.com.", Type.TXT, 4096));

    assertThat(flags(reply) & TC).isEqualTo(TC);
    assertThat(reply.length).isLessThanOrEqualTo(1232);
    assertThat(count(reply, Section.ANSWER)).isLessThan(6);
  }

  @Test
  void clientSizeBelow512IsTreatedAs512() {
    // mid: a 364-octet reply, more than the 300 the client offers but within 512.
    byte[] reply = udp(edns("mid.example.com.", Type.A, 300));

    assertThat(reply.length).isGreaterThan(300).isLessThanOrEqualTo(512);
    assertThat(flags(reply) & TC).isZero();
    assertThat(count(reply, Section.ANSWER)).isEqualTo(20);
  }

  @Test
  void clientSizeBelow512StillTruncatesAt512() {
    byte[] reply = udp(edns("big.example.com.", Type.A, 100));

    assertThat(flags(reply) & TC).isEqualTo(TC);
    assertThat(reply.length).isLessThanOrEqualTo(512);
  }

  @Test
  void truncatedReplyStillCarriesOpt() {
    byte[] reply = udp(edns("bigtxt.example.com.", Type.TXT, 1232));

    assertThat(flags(reply) & TC).isEqualTo(TC);
    Message m = parse(reply);
    assertThat(m.getOPT()).isNotNull();
    assertThat(m.getOPT().getPayloadSize()).isEqualTo(1232);
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
  }

  @Test
  void truncatedReplyKeepsAaAndRcode() {
    byte[] reply = udp(query("big.example.com.", Type.A));

    assertThat(flags(reply) & AA).isEqualTo(AA);
    assertThat(headerRcode(reply)).isEqualTo(Rcode.NOERROR);
  }

  @Test
  void tcpGivesTheWholeAnswerWithoutTc() {
    for (Message q : new Message[] {
        query("big.example.com.", Type.A),
        query("bigtxt.example.com.", Type.TXT),
        edns("bigtxt.example.com.", Type.TXT, 512)}) {
      byte[] reply = tcp(q);

      assertThat(flags(reply) & TC).as("%s", q.getQuestion()).isZero();
      assertThat(reply.length).as("%s", q.getQuestion()).isGreaterThan(512);
    }
    assertThat(count(tcp(query("big.example.com.", Type.A)), Section.ANSWER)).isEqualTo(40);
    assertThat(count(tcp(query("bigtxt.example.com.", Type.TXT)), Section.ANSWER)).isEqualTo(6);
    assertThat(count(tcp(edns("bigtxt.example.com.", Type.TXT, 512)), Section.ANSWER)).isEqualTo(6);
  }

  @Test
  void additionalThatDoesNotFitIsDroppedWithoutTc() {
    Message q = query("mail.example.com.", Type.MX);
    byte[] full = tcp(q);
    byte[] reply = udp(q);

    assertThat(full.length).as("the whole reply needs more than 512").isGreaterThan(512);
    assertThat(count(full, Section.ADDITIONAL)).isEqualTo(42);
    assertThat(flags(reply) & TC).isZero();
    assertThat(reply.length).isLessThanOrEqualTo(512);
    assertThat(count(reply, Section.ANSWER)).isEqualTo(2);
    assertThat(count(reply, Section.ADDITIONAL)).isLessThan(42);
    Message m = parse(reply);
    assertThat(m.getSection(Section.ANSWER)).extracting(Record::getType).containsOnly(Type.MX);
    assertThat(m.getSection(Section.ADDITIONAL)).extracting(Record::getType).containsOnly(Type.A);
  }

  @Test
  void additionalThatFitsInTheEdnsSizeIsKept() {
    byte[] reply = udp(edns("mail.example.com.", Type.MX, 1232));

    assertThat(flags(reply) & TC).isZero();
    assertThat(count(reply, Section.ADDITIONAL)).as("42 addresses and the OPT").isEqualTo(43);
  }

  @Test
  void referralWhoseInDomainGlueDoesNotFitIsTruncated() {
    byte[] reply = udp(query("www.sub.example.com.", Type.A));

    assertThat(headerRcode(reply)).isEqualTo(Rcode.NOERROR);
    assertThat(flags(reply) & AA).as("referral").isZero();
    assertThat(flags(reply) & TC).as("RFC 9471 §3").isEqualTo(TC);
    assertThat(reply.length).isLessThanOrEqualTo(512);
  }

  @Test
  void referralWithAllGlueInTheEdnsSizeIsNotTruncated() {
    byte[] reply = udp(edns("www.sub.example.com.", Type.A, 1232));

    assertThat(flags(reply) & TC).isZero();
    assertThat(flags(reply) & AA).isZero();
    assertThat(count(reply, Section.AUTHORITY)).isEqualTo(13);
    assertThat(count(reply, Section.ADDITIONAL)).as("52 glue addresses and the OPT").isEqualTo(53);
    assertThat(parse(reply).getSection(Section.AUTHORITY)).extracting(Record::getType)
        .containsOnly(Type.NS);
  }

  @Test
  void referralOverTcpCarriesAllGlue() {
    byte[] reply = tcp(query("www.sub.example.com.", Type.A));

    assertThat(flags(reply) & TC).isZero();
    assertThat(count(reply, Section.AUTHORITY)).isEqualTo(13);
    assertThat(count(reply, Section.ADDITIONAL)).isEqualTo(52);
  }

  @Test
  void siblingGlueThatDoesNotFitIsDroppedWithoutTc() {
    Message q = query("www.side.example.com.", Type.A);
    byte[] full = tcp(q);
    byte[] reply = udp(q);

    assertThat(full.length).isGreaterThan(512);
    assertThat(count(full, Section.ADDITIONAL)).isEqualTo(1 + 13 * 4);
    assertThat(flags(reply) & TC).as("only in-domain glue is required").isZero();
    assertThat(reply.length).isLessThanOrEqualTo(512);
    assertThat(count(reply, Section.AUTHORITY)).isEqualTo(14);
    assertThat(count(reply, Section.ADDITIONAL)).isBetween(1, 1 + 13 * 4 - 1);
    assertThat(parse(reply).getSection(Section.ADDITIONAL).get(0).getName())
        .as("the in-domain glue comes first").isEqualTo(Wire.name("ns.side.example.com."));
  }
}
