package io.wadns.transfer;

import io.wadns.text.AddressPrefix;
import static io.wadns.transfer.TransferTesting.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.zone.RecordTypes;
import io.wadns.zone.Zone;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/** AXFR out (RFC 5936): what the stream of messages holds, who gets it, and its TSIG. */
class AxfrOutTest {
  private static final TransferAcl LOOPBACK_OR_KEY = new TransferAcl(List.of(
      new TransferAcl.Rule(new AddressPrefix(LOOPBACK.getAddress(), 8), null), new TransferAcl.Rule(null, XFR)));

  private static Set<String> texts(List<Record> records) {
    return records.stream().map(Record::toString).collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void aZoneGoesOutWholeBetweenTwoSoasInSeveralCompressedMessages() {
    Zone zone = zone(7, 3000, "");
    List<byte[]> messages = drain(transfers(zone, LOOPBACK_OR_KEY).answer(request("example.com.", Type.AXFR)
        .toWire(), LOOPBACK));
    assertThat(messages.size()).isGreaterThan(3);
    List<Record> all = answers(messages);
    assertThat(all.get(0)).isInstanceOf(SOARecord.class);
    assertThat(all.get(all.size() - 1)).isEqualTo(all.get(0));
    assertThat(((SOARecord) all.get(0)).getSerial()).isEqualTo(7);
    // every record once, the configuration records (ALIAS, HEALTHCHECK) included
    List<Record> inner = all.subList(1, all.size() - 1);
    assertThat(inner).noneMatch(r -> r.getType() == Type.SOA);
    assertThat(inner).hasSize(5 + 3000 + 2 + 1); // NS, ns1, a, b, mail; the hosts; www ALIAS twice; HEALTHCHECK
    assertThat(inner.stream().filter(r -> r.getType() == RecordTypes.ALIAS)).hasSize(2);
    assertThat(inner.stream().filter(r -> r.getType() == RecordTypes.HEALTHCHECK)).hasSize(1);
    assertThat(texts(inner)).contains("host2999.example.com.\t3600\tIN\tAAAA\t2001:db8:0:0:0:0:0:2999").hasSize(inner.size());
    long uncompressed = 0;
    for (int i = 0; i < messages.size(); i++) {
      Message m = parse(messages.get(i));
      assertThat(m.getHeader().getID()).isEqualTo(4242);
      assertThat(m.getHeader().getFlag(Flags.QR)).isTrue();
      assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
      assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(m.getHeader().getCount(Section.QUESTION)).isEqualTo(i == 0 ? 1 : 0);
      assertThat(messages.get(i).length).isLessThanOrEqualTo(TransferStream.MESSAGE_TARGET);
      for (Record r : m.getSection(Section.ANSWER)) {
        uncompressed += r.toWire(Section.ANSWER).length;
      }
    }
    long sent = messages.stream().mapToLong(m -> m.length).sum();
    assertThat(sent).as("owner names compressed").isLessThan(uncompressed * 4 / 5);
  }

  @Test
  void aliasRecordsTravelInWireFormWithTheirTargetUncompressed() {
    Zone zone = zone(7, 0, "");
    List<byte[]> messages = drain(transfers(zone, LOOPBACK_OR_KEY).answer(request("example.com.", Type.AXFR)
        .toWire(), LOOPBACK));
    byte[] wire = messages.get(0);
    // www ALIAS 2 b id=blue: weight 2, then b.example.com. in full, then the option string
    byte[] rdata = concat(new byte[] {2}, name("b.example.com.").toWire(), new byte[] {7}, "id=blue".getBytes());
    assertThat(indexOf(wire, rdata)).isPositive();
  }

  @Test
  void signedRequestsGetEveryMessageSigned() throws Exception {
    Zone zone = zone(7, 3000, "");
    Message q = request("example.com.", Type.AXFR);
    TSIG key = KEY.signer(java.time.Clock.systemUTC());
    key.apply(q, null);
    byte[] request = q.toWire();
    List<byte[]> messages = drain(transfers(zone, new TransferAcl(List.of(new TransferAcl.Rule(null, XFR))))
        .answer(request, ELSEWHERE));
    assertThat(messages.size()).isGreaterThan(1);
    TSIG.StreamVerifier verifier = new TSIG.StreamVerifier(key, new Message(request).getTSIG());
    for (int i = 0; i < messages.size(); i++) {
      Message m = parse(messages.get(i));
      assertThat(m.getTSIG()).as("message %d", i).isNotNull();
      assertThat(verifier.verify(m, messages.get(i), i == messages.size() - 1)).as("message %d", i)
          .isEqualTo(Rcode.NOERROR);
    }
  }

  @Test
  void onlyTheAccessListGetsTheZone() throws Exception {
    Zone zone = zone(7, 0, "");
    OutboundTransfers keyOnly = transfers(zone, new TransferAcl(List.of(new TransferAcl.Rule(null, XFR))));
    Message refused = parse(drain(keyOnly.answer(request("example.com.", Type.AXFR).toWire(), LOOPBACK)).get(0));
    assertThat(refused.getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(refused.getSection(Section.ANSWER)).isEmpty();
    Message elsewhere = parse(drain(transfers(zone, LOOPBACK_OR_KEY).answer(request("example.com.", Type.AXFR)
        .toWire(), ELSEWHERE)).get(0));
    assertThat(elsewhere.getRcode()).isEqualTo(Rcode.REFUSED);
    Message nobody = parse(drain(transfers(zone, TransferAcl.NOBODY).answer(request("example.com.", Type.AXFR)
        .toWire(), LOOPBACK)).get(0));
    assertThat(nobody.getRcode()).isEqualTo(Rcode.REFUSED);
    Message notOurs = parse(drain(transfers(zone, LOOPBACK_OR_KEY).answer(request("example.net.", Type.AXFR)
        .toWire(), LOOPBACK)).get(0));
    assertThat(notOurs.getRcode()).isEqualTo(Rcode.NOTAUTH);
    Message below = parse(drain(transfers(zone, LOOPBACK_OR_KEY).answer(request("www.example.com.", Type.AXFR)
        .toWire(), LOOPBACK)).get(0));
    assertThat(below.getRcode()).isEqualTo(Rcode.NOTAUTH);
    assertThat(keyOnly.stats().refused()).containsEntry("REFUSED", 1L);
  }

  @Test
  void aRequestWithTcSetIsParsedStrictly() throws Exception {
    // ARCOUNT 1 with no additional record: dnsjava forgives that when TC is set, and getTSIG() then failed
    byte[] wire = request("example.com.", Type.AXFR).toWire();
    wire[2] |= 0x02;
    wire[11] = 1;
    Message reply = parse(drain(transfers(zone(7, 0, ""), LOOPBACK_OR_KEY).answer(wire, LOOPBACK)).get(0));
    assertThat(reply.getRcode()).isEqualTo(Rcode.FORMERR);
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
  }

  @Test
  void aBadSignatureIsNotAuthWithItsTsigError() throws Exception {
    Zone zone = zone(7, 0, "");
    OutboundTransfers transfers = transfers(zone, LOOPBACK_OR_KEY);
    Message unknownKey = request("example.com.", Type.AXFR);
    new TSIG(TSIG.HMAC_SHA256, name("other."), SECRET).apply(unknownKey, null);
    Message badKey = parse(drain(transfers.answer(unknownKey.toWire(), LOOPBACK)).get(0));
    assertThat(badKey.getRcode()).isEqualTo(Rcode.NOTAUTH);
    assertThat(badKey.getTSIG().getError()).isEqualTo(Rcode.BADKEY);
    Message wrongSecret = request("example.com.", Type.AXFR);
    new TSIG(TSIG.HMAC_SHA256, XFR, "another secret of 32 bytes!!!!!!".getBytes()).apply(wrongSecret, null);
    Message badSig = parse(drain(transfers.answer(wrongSecret.toWire(), LOOPBACK)).get(0));
    assertThat(badSig.getRcode()).isEqualTo(Rcode.NOTAUTH);
    TSIGRecord tsig = badSig.getTSIG();
    assertThat(tsig.getError()).isEqualTo(Rcode.BADSIG);
    assertThat(tsig.getSignature()).isEmpty();
    assertThat(badSig.getSection(Section.ANSWER)).isEmpty();
  }

  @Test
  void ixfrFromOurOwnSerialIsTheSoaAloneAndFromAnOlderOneTheWholeZone() throws Exception {
    Zone zone = zone(7, 10, "");
    OutboundTransfers transfers = transfers(zone, LOOPBACK_OR_KEY);
    List<Record> upToDate = answers(drain(transfers.answer(ixfr(7), LOOPBACK)));
    assertThat(upToDate).singleElement().isInstanceOf(SOARecord.class);
    List<Record> whole = answers(drain(transfers.answer(ixfr(6), LOOPBACK)));
    assertThat(whole).hasSize(zone.recordCount() + 1); // the SOA twice
  }

  static byte[] ixfr(long serial) throws Exception {
    Message q = request("example.com.", Type.IXFR);
    q.addRecord(new SOARecord(name("example.com."), org.xbill.DNS.DClass.IN, 0, name("ns1.example.com."),
        name("hostmaster.example.com."), serial, 0, 0, 0, 0), Section.AUTHORITY);
    return q.toWire();
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] in, byte[] what) {
    outer:
    for (int i = 0; i + what.length <= in.length; i++) {
      for (int k = 0; k < what.length; k++) {
        if (in[i + k] != what[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
