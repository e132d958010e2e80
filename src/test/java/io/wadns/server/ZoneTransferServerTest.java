package io.wadns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.protocol.QueryObserver;
import io.wadns.protocol.Responder;
import io.wadns.resolve.Resolver;
import io.wadns.testing.TestZones;
import io.wadns.text.AddressPrefix;
import io.wadns.transfer.OutboundTransfers;
import io.wadns.transfer.TransferAcl;
import io.wadns.transfer.TransferStats;
import io.wadns.tsig.TsigKey;
import io.wadns.tsig.TsigKeyring;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferIn;

/** AXFR over the real server: TCP streams the zone, UDP refuses it, TSIG on every message, queries after it. */
@Timeout(60)
class ZoneTransferServerTest {
  private static final Name XFR = name("xfr.");
  private static final TsigKey KEY = new TsigKey(XFR, TSIG.HMAC_SHA256, "0123456789abcdef0123456789abcdef".getBytes());
  private static final TsigKeyring KEYS = TsigKeyring.of(List.of(KEY), Clock.systemUTC());

  private DnsServer server;
  private InetSocketAddress address;

  private static Name name(String s) {
    try {
      return Name.fromString(s);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private void start(TransferAcl acl) throws Exception {
    ZoneSet zones = TestZones.parse("example.com.zone", TestZones.exampleCom("""
        www ALIAS 1 a
        a A 192.0.2.1
        $GENERATE 1-20000 a-rather-long-host-name-$ CNAME www
        """));
    Zone zone = zones.zones().get(0);
    OutboundTransfers transfers = new OutboundTransfers(Map.of(zone.origin(), zone)::get, acl, KEYS,
        new TransferStats());
    Responder responder = new Responder(new Resolver(() -> zones, bound -> 0), QueryObserver.NONE, KEYS);
    server = new DnsServer(responder, new ServerOptions(List.of(new InetSocketAddress("127.0.0.1", 0)), 1,
        Duration.ofSeconds(5), 16), null, transfers);
    server.start();
    address = server.boundAddresses().get(0);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private List<Record> axfr(TSIG key) throws Exception {
    ZoneTransferIn xfr = ZoneTransferIn.newAXFR(name("example.com."), address, key);
    xfr.setTimeout(Duration.ofSeconds(20));
    xfr.run();
    return xfr.getAXFR();
  }

  @Test
  void aSignedAxfrOverTcpBringsTheWholeZone() throws Exception {
    start(new TransferAcl(List.of(new TransferAcl.Rule(null, XFR))));
    List<Record> records = axfr(KEY.signer(Clock.systemUTC()));
    assertThat(records).hasSize(20000 + 6); // SOA, NS, ns1, www ALIAS, a, the TXT records, SOA
    assertThat(records.get(0)).isInstanceOf(SOARecord.class);
    assertThat(records.get(records.size() - 1)).isInstanceOf(SOARecord.class);
  }

  @Test
  void anUnsignedAxfrIsRefusedWhenTheListAsksForAKey() throws Exception {
    start(new TransferAcl(List.of(new TransferAcl.Rule(null, XFR))));
    Message reply = tcp(query(Type.AXFR)).get(0);
    assertThat(reply.getRcode()).isEqualTo(Rcode.REFUSED);
  }

  @Test
  void axfrAndIxfrOverUdpAreRefused() throws Exception {
    start(new TransferAcl(List.of(new TransferAcl.Rule(new AddressPrefix(InetAddress.getByName("127.0.0.0"), 8),
        null))));
    assertThat(udp(query(Type.AXFR)).getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(udp(query(Type.IXFR)).getRcode()).isEqualTo(Rcode.REFUSED);
  }

  @Test
  void aQueryBehindATransferIsAnsweredAfterIt() throws Exception {
    start(new TransferAcl(List.of(new TransferAcl.Rule(new AddressPrefix(InetAddress.getByName("127.0.0.0"), 8),
        null))));
    Message axfr = query(Type.AXFR);
    axfr.getHeader().setID(1);
    Message soa = Message.newQuery(Record.newRecord(name("example.com."), Type.SOA, DClass.IN));
    soa.getHeader().setID(2);
    List<Message> replies = tcp(axfr, soa);
    Message last = replies.get(replies.size() - 1);
    assertThat(last.getHeader().getID()).isEqualTo(2);
    assertThat(last.getSection(Section.ANSWER)).singleElement().isInstanceOf(SOARecord.class);
    assertThat(replies.subList(0, replies.size() - 1)).allMatch(m -> m.getHeader().getID() == 1);
    long records = replies.subList(0, replies.size() - 1).stream()
        .mapToLong(m -> m.getSection(Section.ANSWER).size()).sum();
    assertThat(records).isEqualTo(20000 + 6);
  }

  @Test
  void aClientThatEndsItsSideAfterItsQueriesGetsTheWholeTransfer() throws Exception {
    start(new TransferAcl(List.of(new TransferAcl.Rule(new AddressPrefix(InetAddress.getByName("127.0.0.0"), 8),
        null))));
    // RFC 7766 §6.2.1: a client may close its side after its last query; 16 queries first fill the
    // in-flight cap, so the transfer starts from a resumed read
    List<Message> replies = new ArrayList<>();
    try (Socket s = new Socket(address.getAddress(), address.getPort())) {
      s.setSoTimeout(10_000);
      // one write for all of it, so the end of input arrives with the queries
      DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(s.getOutputStream(), 1 << 16));
      for (int i = 0; i < 20; i++) {
        Message soa = query(Type.SOA);
        soa.getHeader().setID(100 + i);
        byte[] wire = soa.toWire();
        out.writeShort(wire.length);
        out.write(wire);
      }
      Message axfr = query(Type.AXFR);
      axfr.getHeader().setID(1);
      byte[] wire = axfr.toWire();
      out.writeShort(wire.length);
      out.write(wire);
      out.flush();
      s.shutdownOutput();
      DataInputStream in = new DataInputStream(s.getInputStream());
      while (true) {
        int length;
        try {
          length = in.readUnsignedShort();
        } catch (java.io.EOFException e) {
          break; // the server closed once every reply was out
        }
        byte[] reply = new byte[length];
        in.readFully(reply);
        replies.add(new Message(reply));
      }
    }
    assertThat(replies.stream().filter(m -> m.getHeader().getID() >= 100)).hasSize(20);
    long records = replies.stream().filter(m -> m.getHeader().getID() == 1)
        .mapToLong(m -> m.getSection(Section.ANSWER).size()).sum();
    assertThat(records).as("every record of the zone, then the close").isEqualTo(20000 + 6);
  }

  @Test
  void aSignedSoaQueryGetsASignedReply() throws Exception {
    start(TransferAcl.NOBODY);
    SimpleResolver udp = new SimpleResolver(address);
    udp.setTimeout(Duration.ofSeconds(3));
    udp.setTSIGKey(KEY.signer(Clock.systemUTC()));
    Message reply = udp.send(Message.newQuery(Record.newRecord(name("example.com."), Type.SOA, DClass.IN)));
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.isVerified()).as("dnsjava verified the reply's TSIG").isTrue();
  }

  /** One datagram out and one in: dnsjava's resolver would turn an AXFR into a TCP transfer by itself. */
  private Message udp(Message query) throws Exception {
    try (java.net.DatagramSocket socket = new java.net.DatagramSocket()) {
      socket.setSoTimeout(3000);
      byte[] wire = query.toWire();
      socket.send(new java.net.DatagramPacket(wire, wire.length, address));
      java.net.DatagramPacket in = new java.net.DatagramPacket(new byte[65535], 65535);
      socket.receive(in);
      return new Message(java.util.Arrays.copyOf(in.getData(), in.getLength()));
    }
  }

  private static Message query(int type) {
    return Message.newQuery(Record.newRecord(name("example.com."), type, DClass.IN));
  }

  /**
   * Sends the queries in one write and reads replies until the last query's ID answers: the transfer's
   * messages first, then the rest.
   */
  private List<Message> tcp(Message... queries) throws Exception {
    List<Message> replies = new ArrayList<>();
    try (Socket s = new Socket(address.getAddress(), address.getPort())) {
      s.setSoTimeout(10_000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      for (Message q : queries) {
        byte[] wire = q.toWire();
        out.writeShort(wire.length);
        out.write(wire);
      }
      out.flush();
      DataInputStream in = new DataInputStream(s.getInputStream());
      int lastId = queries[queries.length - 1].getHeader().getID();
      while (true) {
        byte[] wire = new byte[in.readUnsignedShort()];
        in.readFully(wire);
        Message m = new Message(wire);
        replies.add(m);
        if (m.getHeader().getID() == lastId && queries.length > 1
            || queries.length == 1 && (m.getRcode() != Rcode.NOERROR || isLastSoa(replies))) {
          return replies;
        }
      }
    }
  }

  private static boolean isLastSoa(List<Message> replies) {
    long soas = replies.stream().flatMap(m -> m.getSection(Section.ANSWER).stream())
        .filter(r -> r.getType() == Type.SOA).count();
    return soas >= 2;
  }
}
