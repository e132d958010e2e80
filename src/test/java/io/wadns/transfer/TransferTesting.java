package io.wadns.transfer;

import io.wadns.testing.TestZones;
import io.wadns.tsig.TsigKey;
import io.wadns.tsig.TsigKeyring;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;

/** Zones, keys and requests shared by the transfer tests. */
final class TransferTesting {
  static final Name XFR = name("xfr.");
  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();
  static final TsigKey KEY = new TsigKey(XFR, TSIG.HMAC_SHA256, SECRET);
  static final TsigKeyring KEYS = TsigKeyring.of(List.of(KEY), Clock.systemUTC());
  static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 40000);
  static final InetSocketAddress ELSEWHERE = new InetSocketAddress("192.0.2.99", 40000);

  private TransferTesting() {}

  static Name name(String s) {
    try {
      return Name.fromString(s);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** example.com with weighted aliases, a health check and {@code hosts} generated addresses. */
  static Zone zone(long serial, int hosts, String extra) {
    String text = TestZones.HEAD.replace(" 1 7200 ", " " + serial + " 7200 ") + """
        www ALIAS 1 a
        www ALIAS 2 b id=blue
        a A 192.0.2.1
        b A 192.0.2.2
        b HEALTHCHECK tcp port=80
        mail MX 10 ns1
        """ + (hosts > 0 ? "$GENERATE 1-" + hosts + " host$ AAAA 2001:db8::$\n" : "") + extra;
    ZoneSet set = TestZones.parse("example.com.zone", text);
    return set.zones().get(0);
  }

  /** Every message of a reply, in order. */
  static List<byte[]> drain(TransferReply reply) {
    List<byte[]> out = new ArrayList<>();
    if (reply instanceof TransferReply.Single s) {
      out.add(s.wire());
      return out;
    }
    MessageStream stream = ((TransferReply.Stream) reply).messages();
    for (byte[] m; (m = stream.next()) != null; ) {
      out.add(m);
    }
    stream.finished(true);
    return out;
  }

  static Message parse(byte[] wire) {
    try {
      return new Message(wire);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static Message request(String zone, int type) {
    Message q = Message.newQuery(Record.newRecord(name(zone), type, DClass.IN));
    q.getHeader().setID(4242);
    return q;
  }

  static OutboundTransfers transfers(Zone zone, TransferAcl acl) {
    return new OutboundTransfers(Map.of(zone.origin(), zone)::get, acl, KEYS, new TransferStats());
  }

  static List<Record> answers(List<byte[]> messages) {
    List<Record> out = new ArrayList<>();
    for (byte[] m : messages) {
      out.addAll(parse(m).getSection(Section.ANSWER));
    }
    return out;
  }
}
