package io.wadns.protocol;

import static io.wadns.protocol.Wire.AA;
import static io.wadns.protocol.Wire.bytes;
import static io.wadns.protocol.Wire.count;
import static io.wadns.protocol.Wire.flags;
import static io.wadns.protocol.Wire.headerRcode;
import static io.wadns.protocol.Wire.id;
import static io.wadns.protocol.Wire.parse;
import static io.wadns.protocol.Wire.query;
import static io.wadns.protocol.Wire.withEdns;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** EDNS(0), RFC 6891: the OPT record of replies, BADVERS and malformed OPT use. */
class ResponderEdnsTest {
  static Responder responder;

  @BeforeAll
  static void loadZone() {
    responder = ProtocolZone.responder();
  }

  private static byte[] udp(Message query) {
    return responder.respond(bytes(query), Transport.UDP);
  }

  @Test
  void replyHasNoOptWhenTheQueryHadNone() {
    byte[] reply = udp(query("www.example.com.", Type.A));

    assertThat(count(reply, Section.ADDITIONAL)).isZero();
    assertThat(parse(reply).getOPT()).isNull();
  }

  @Test
  void replyHasOneOptWhenTheQueryHadOne() {
    byte[] reply = udp(withEdns(query("www.example.com.", Type.A), new OPTRecord(4096, 0, 0)));

    Message m = parse(reply);
    assertThat(count(reply, Section.ADDITIONAL)).isEqualTo(1);
    assertThat(m.getSection(Section.ADDITIONAL)).singleElement().extracting(Record::getType)
        .isEqualTo(Type.OPT);
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
  }

  @Test
  void optAdvertises1232WhateverTheClientOffers() {
    for (int offered : new int[] {0, 512, 1232, 4096, 65535}) {
      byte[] reply = udp(withEdns(query("www.example.com.", Type.A), new OPTRecord(offered, 0, 0)));

      OPTRecord opt = parse(reply).getOPT();
      assertThat(opt.getPayloadSize()).as("client offered %d", offered).isEqualTo(1232);
      assertThat(opt.getVersion()).isZero();
      assertThat(opt.getExtendedRcode()).isZero();
    }
  }

  @Test
  void doBitIsCopiedFromTheQuery() {
    byte[] withDo = udp(withEdns(query("www.example.com.", Type.A),
        new OPTRecord(1232, 0, 0, ExtendedFlags.DO)));
    byte[] withoutDo = udp(withEdns(query("www.example.com.", Type.A), new OPTRecord(1232, 0, 0, 0)));

    assertThat(parse(withDo).getOPT().getFlags() & ExtendedFlags.DO).isEqualTo(ExtendedFlags.DO);
    assertThat(parse(withoutDo).getOPT().getFlags() & ExtendedFlags.DO).isZero();
  }

  @Test
  void ednsFlagsOtherThanDoAreCleared() {
    // RFC 6891 §6.1.4: the Z flags are set to zero by senders.
    byte[] reply = udp(withEdns(query("www.example.com.", Type.A), new OPTRecord(1232, 0, 0, 0xFFFF)));

    assertThat(parse(reply).getOPT().getFlags()).isEqualTo(ExtendedFlags.DO);
  }

  @Test
  void unknownEdnsOptionsAreNotEchoed() {
    OPTRecord opt = new OPTRecord(1232, 0, 0, 0,
        new GenericEDNSOption(65001, new byte[] {1, 2, 3, 4}),
        new GenericEDNSOption(65002, new byte[0]));

    byte[] reply = udp(withEdns(query("www.example.com.", Type.A), opt));

    Message m = parse(reply);
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getOPT().getOptions()).isEmpty();
    assertThat(m.getSection(Section.ANSWER)).hasSize(1);
  }

  @Test
  void ednsVersion1IsBadversWithAVersion0Opt() {
    byte[] reply = udp(withEdns(query("www.example.com.", Type.A), new OPTRecord(1232, 0, 1)));

    assertThat(id(reply)).isEqualTo(0x1234);
    assertThat(headerRcode(reply)).as("low 4 bits of BADVERS (16)").isZero();
    Message m = parse(reply);
    OPTRecord opt = m.getOPT();
    assertThat(opt).isNotNull();
    assertThat(opt.getExtendedRcode()).as("high 8 bits of BADVERS (16)").isEqualTo(1);
    assertThat(opt.getVersion()).isZero();
    assertThat(m.getRcode()).isEqualTo(Rcode.BADVERS);
    assertThat(count(reply, Section.ANSWER)).isZero();
    assertThat(count(reply, Section.AUTHORITY)).isZero();
    assertThat(count(reply, Section.ADDITIONAL)).isEqualTo(1);
  }

  @Test
  void badversReplyIsNotAuthoritativeData() {
    byte[] reply = udp(withEdns(query("www.example.com.", Type.A), new OPTRecord(1232, 0, 255)));

    assertThat(parse(reply).getRcode()).isEqualTo(Rcode.BADVERS);
    assertThat(flags(reply) & AA).isZero();
  }

  @Test
  void twoOptRecordsAreFormErr() {
    Message q = withEdns(query("www.example.com.", Type.A), new OPTRecord(1232, 0, 0));
    q.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
    byte[] query = bytes(q);
    assertThat(count(query, Section.ADDITIONAL)).isEqualTo(2);

    byte[] reply = responder.respond(query, Transport.UDP);

    assertThat(id(reply)).isEqualTo(0x1234);
    assertThat(headerRcode(reply)).isEqualTo(Rcode.FORMERR);
    assertThat(count(reply, Section.ANSWER)).isZero();
    assertThat(count(reply, Section.AUTHORITY)).isZero();
  }

  @Test
  void optInTheAnswerSectionIsFormErr() {
    Message q = query("www.example.com.", Type.A);
    q.addRecord(new OPTRecord(1232, 0, 0), Section.ANSWER);
    byte[] query = bytes(q);
    assertThat(count(query, Section.ANSWER)).isEqualTo(1);

    byte[] reply = responder.respond(query, Transport.UDP);

    assertThat(id(reply)).isEqualTo(0x1234);
    assertThat(headerRcode(reply)).isEqualTo(Rcode.FORMERR);
    assertThat(count(reply, Section.ANSWER)).isZero();
  }

  @Test
  void optInTheAuthoritySectionIsFormErr() {
    Message q = query("www.example.com.", Type.A);
    q.addRecord(new OPTRecord(1232, 0, 0), Section.AUTHORITY);

    byte[] reply = udp(q);

    assertThat(headerRcode(reply)).isEqualTo(Rcode.FORMERR);
    assertThat(count(reply, Section.ANSWER)).isZero();
  }

  @Test
  void optWithANonRootOwnerIsFormErr() {
    byte[] query = bytes(withEdns(query("www.example.com.", Type.A), new OPTRecord(1232, 0, 0)));
    // The OPT is the last record: its owner is the root label, one zero octet 11 octets from the end.
    // Rewrite the whole packet with an owner "a." instead.
    byte[] bad = new byte[query.length + 2];
    int ownerAt = query.length - 11;
    System.arraycopy(query, 0, bad, 0, ownerAt);
    bad[ownerAt] = 1;
    bad[ownerAt + 1] = 'a';
    bad[ownerAt + 2] = 0;
    System.arraycopy(query, ownerAt + 1, bad, ownerAt + 3, 10);

    byte[] reply = responder.respond(bad, Transport.UDP);

    assertThat(headerRcode(reply)).isEqualTo(Rcode.FORMERR);
  }
}
