package io.wadns.secondary;

import static io.wadns.secondary.IncomingTransferTest.ORIGIN;
import static io.wadns.secondary.IncomingTransferTest.rr;
import static io.wadns.secondary.IncomingTransferTest.soa;
import static io.wadns.secondary.IncomingTransferTest.WHOLE_ZONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wadns.zonefile.ZoneLoader;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Record;

/** Every amount of work of an incoming transfer is bounded: a primary is a peer, not a trusted party. */
class TransferClientTest {
  static final TransferLimits LIMITS = new TransferLimits(Duration.ofSeconds(2), Duration.ofSeconds(2), 1000, 50,
      64 << 10);

  /** A zone sent one record a message, without end (or {@code n} messages). */
  static List<List<Record>> endless(int n) {
    List<List<Record>> out = new ArrayList<>();
    out.add(List.of(soa(1)));
    for (int i = 0; i < n; i++) {
      out.add(List.of(rr("a" + i + ".example.com. 60 A 192.0.2.1")));
    }
    return out;
  }

  @Test
  void theBytesOfOneTransferAreCappedByTheHeap() {
    long gib = 1L << 30;
    assertThat(TransferLimits.of(10_000_000, gib).maxBytes()).as("a quarter of -Xmx1g").isEqualTo(256L << 20);
    assertThat(TransferLimits.of(10_000_000, 64 * gib).maxBytes()).as("1 GiB at most").isEqualTo(gib);
    assertThat(TransferLimits.of(1000, 64 * gib).maxBytes()).as("64 MiB at least").isEqualTo(64L << 20);
    assertThat(TransferLimits.of(10_000_000, 128L << 20).maxBytes()).isEqualTo(64L << 20);
  }

  /** A message of one record at the root whose rdata is {@code strings} counted, typed {@code type}. */
  static byte[] countedStrings(int type, String... strings) throws Exception {
    org.xbill.DNS.Message m = new org.xbill.DNS.Message(1);
    m.addRecord(new org.xbill.DNS.TXTRecord(org.xbill.DNS.Name.root, org.xbill.DNS.DClass.IN, 60, List.of(strings)),
        org.xbill.DNS.Section.ANSWER);
    byte[] wire = m.toWire();
    wire[13] = (byte) (type >> 8); // header (12), the root's name (1), then the type
    wire[14] = (byte) type;
    return wire;
  }

  @Test
  void controlBytesOfAPeerInAnErrorAreEscaped() throws Exception {
    io.wadns.zone.RecordTypes.register();
    byte[] wire = countedStrings(65301, "tcp", "port=80", "path=/\r\n12:00:00 ERROR forged\u001b[2J");
    assertThatThrownBy(() -> new org.xbill.DNS.Message(wire))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\r", "\n", "\u001b").contains("\\013\\010"));
    // ALIAS: a weight, a target, then options
    byte[] alias = countedStrings(65300, "x", "id=\n\u001b[2J");
    alias[alias.length - 11] = 1; // the first string, "x" counted: now weight 1, then the root as the target
    alias[alias.length - 10] = 0;
    assertThatThrownBy(() -> new org.xbill.DNS.Message(alias))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\u001b"));
  }

  @Test
  void aZoneInSeveralMessagesIsRead() throws Exception {
    try (FakePrimary p = new FakePrimary(q -> {
      List<List<Record>> m = endless(10);
      m.add(List.of(soa(1)));
      return m;
    })) {
      TransferClient.Fetched f = new TransferClient(LIMITS).fetch(p.address(), ORIGIN, null, null, WHOLE_ZONE);
      assertThat(f.messages()).isEqualTo(12);
      assertThat(((Transferred.Full) f.transferred()).records()).isEqualTo(11);
    }
  }

  @Test
  void aZoneReadInPlaceIsTheZoneThatDnsjavasRecordsMake() throws Exception {
    readInPlaceAsDnsjavaReadsIt(null);
  }

  @Test
  void aSignedZoneIsReadInPlaceToo() throws Exception {
    readInPlaceAsDnsjavaReadsIt(new io.wadns.tsig.TsigKey(org.xbill.DNS.Name.fromConstantString("xfr."),
        org.xbill.DNS.TSIG.HMAC_SHA256, "a shared secret of 32 bytes!!!!!".getBytes(
        java.nio.charset.StandardCharsets.US_ASCII)));
  }

  @Test
  void unsignedMessagesBetweenSignedOnesAreTakenButNotAnUnsignedLastOne() throws Exception {
    io.wadns.tsig.TsigKey key = new io.wadns.tsig.TsigKey(org.xbill.DNS.Name.fromConstantString("xfr."),
        org.xbill.DNS.TSIG.HMAC_SHA256, "a shared secret of 32 bytes!!!!!".getBytes(
        java.nio.charset.StandardCharsets.US_ASCII));
    for (boolean lastUnsigned : new boolean[] {false, true}) {
      try (FakePrimary p = new FakePrimary(q -> {
        List<List<Record>> m = endless(6);
        m.add(List.of(soa(1)));
        return m;
      })) {
        p.key = key.signer(java.time.Clock.systemUTC());
        p.signEvery = 3; // the first, fourth and seventh of eight, and the last unless told
        p.lastUnsigned = lastUnsigned;
        if (!lastUnsigned) {
          TransferClient.Fetched f = new TransferClient(LIMITS).fetch(p.address(), ORIGIN, null, key, WHOLE_ZONE);
          assertThat(f.messages()).isEqualTo(8);
          assertThat(f.inPlace()).isEqualTo(8);
          assertThat(((Transferred.Full) f.transferred()).records()).isEqualTo(7);
        } else {
          assertThatThrownBy(() -> new TransferClient(LIMITS).fetch(p.address(), ORIGIN, null, key, WHOLE_ZONE))
              .isInstanceOfSatisfying(TransferException.class, e -> {
                assertThat(e.getMessage()).isEqualTo("TSIG FORMERR (the last message is not signed)");
                assertThat(e.tsig).isTrue();
              });
        }
      }
    }
  }

  @Test
  void anAlteredUnsignedMessageFailsAtTheNextSignedOneAndAMalformedOneAsMalformed() throws Exception {
    io.wadns.tsig.TsigKey key = new io.wadns.tsig.TsigKey(org.xbill.DNS.Name.fromConstantString("xfr."),
        org.xbill.DNS.TSIG.HMAC_SHA256, "a shared secret of 32 bytes!!!!!".getBytes(
        java.nio.charset.StandardCharsets.US_ASCII));
    try (FakePrimary p = new FakePrimary(q -> {
      List<List<Record>> m = endless(6);
      m.add(List.of(soa(1)));
      return m;
    })) {
      p.key = key.signer(java.time.Clock.systemUTC());
      p.signEvery = 3;
      p.alteredMessage = 1; // unsigned: the fourth message's MAC covers it
      assertThatThrownBy(() -> new TransferClient(LIMITS).fetch(p.address(), ORIGIN, null, key, WHOLE_ZONE))
          .isInstanceOfSatisfying(TransferException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("TSIG BADSIG");
            assertThat(e.tsig).isTrue();
            assertThat(e.partway).as("a TSIG failure is not asked again").isFalse();
          });
      p.alteredMessage = -1;
      p.cutMessage = 2;
      assertThatThrownBy(() -> new TransferClient(LIMITS).fetch(p.address(), ORIGIN, soa(0), key, WHOLE_ZONE))
          .isInstanceOfSatisfying(TransferException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("a malformed message");
            assertThat(e.tsig).as("not a TSIG failure: an IXFR is asked again as AXFR (RFC 1995 §4)").isFalse();
            assertThat(e.partway).isTrue();
          });
    }
  }

  /** A transfer of many types, every message signed with {@code key} when there is one. */
  private static void readInPlaceAsDnsjavaReadsIt(io.wadns.tsig.TsigKey key) throws Exception {
    List<Record> records = new ArrayList<>(List.of(
        rr("example.com. 3600 NS ns1.example.com."),
        rr("ns1.example.com. 3600 A 192.0.2.53"),
        rr("www.example.com. 60 A 192.0.2.1"),
        rr("www.example.com. 60 AAAA 2001:db8::1"),
        rr("www.example.com. 60 TXT \"v=spf1 -all\" \"\""),
        rr("www.example.com. 60 SPF \"v=spf1 -all\""),
        rr("www.example.com. 60 CAA 0 issue \"ca.example.net\""),
        rr("example.com. 60 MX 10 mail.example.com."),
        rr("_sip._tcp.example.com. 60 SRV 0 5 5060 sip.example.com."),
        rr("alias.example.com. 60 CNAME www.example.com."),
        rr("1.2.example.com. 60 PTR www.example.com."),
        rr("old.example.com. 60 DNAME example.net."),
        rr("sub.example.com. 60 NS ns.sub.example.com."),
        rr("ns.sub.example.com. 60 A 192.0.2.54"),
        rr("sub.example.com. 60 DS 12345 13 2 " + "AB".repeat(32)),
        rr("example.com. 60 DNSKEY 257 3 13 " + java.util.Base64.getEncoder().encodeToString(new byte[64])),
        rr("example.com. 60 CDS 12345 13 2 " + "CD".repeat(32)),
        rr("example.com. 60 CDNSKEY 257 3 13 " + java.util.Base64.getEncoder().encodeToString(new byte[64])),
        rr("www.example.com. 60 RRSIG A 13 3 60 20270101000000 20261201000000 12345 example.com. "
            + java.util.Base64.getEncoder().encodeToString(new byte[64])),
        rr("www.example.com. 60 NSEC example.com. A AAAA TXT"),
        rr("www.example.com. 60 HINFO \"pc\" \"linux\"")));
    for (int i = 0; i < 500; i++) {
      records.add(rr("h" + i + ".example.com. 300 A 10.0." + i / 256 + "." + i % 256));
    }
    List<List<Record>> messages = new ArrayList<>();
    messages.add(new ArrayList<>(List.of(soa(7))));
    for (int i = 0; i < records.size(); i += 40) {
      messages.add(new ArrayList<>(records.subList(i, Math.min(records.size(), i + 40))));
    }
    messages.get(messages.size() - 1).add(soa(7));
    try (FakePrimary p = new FakePrimary(q -> messages)) {
      p.key = key == null ? null : key.signer(java.time.Clock.systemUTC());
      TransferClient.Fetched f = new TransferClient(LIMITS).fetch(p.address(), ORIGIN, null, key, WHOLE_ZONE);
      assertThat(p.requests.get(0).getTSIG() != null).as("the request signed").isEqualTo(key != null);
      // Every message but the one with the HINFO record, which dnsjava reads; the first, the SOA alone, too.
      assertThat(f.inPlace()).isEqualTo(f.messages() - 1);
      List<Record> all = new ArrayList<>();
      all.add(soa(7));
      all.addAll(records);
      all.add(soa(7));
      Transferred.Full byRecords = (Transferred.Full) IncomingTransferTest.feed(-1, all, 10_000);
      Transferred.Full inPlace = (Transferred.Full) f.transferred();
      assertThat(inPlace.records()).isEqualTo(records.size() + 1);
      io.wadns.health.HealthKeys health = new io.wadns.health.HealthKeys();
      ZoneLoader.FileLoad expected = byRecords.zone().build(health);
      ZoneLoader.FileLoad got = inPlace.zone().build(health);
      assertThat(got.problems()).isEqualTo(expected.problems());
      assertThat(SecondaryTest.text(expected.zone())).hasSizeGreaterThan(500);
      assertThat(SecondaryTest.text(got.zone())).containsExactlyElementsOf(SecondaryTest.text(expected.zone()));
    }
  }

  @Test
  void tooManyMessagesStopTheTransfer() throws Exception {
    try (FakePrimary p = new FakePrimary(q -> endless(200))) {
      assertThatThrownBy(() -> new TransferClient(LIMITS).fetch(p.address(), ORIGIN, null, null, WHOLE_ZONE))
          .hasMessageContaining("more than 50 messages");
    }
  }

  @Test
  void tooManyBytesStopTheTransfer() throws Exception {
    TransferLimits limits = new TransferLimits(Duration.ofSeconds(2), Duration.ofSeconds(2), 1000, 1000, 2000);
    try (FakePrimary p = new FakePrimary(q -> endless(200))) {
      assertThatThrownBy(() -> new TransferClient(limits).fetch(p.address(), ORIGIN, null, null, WHOLE_ZONE))
          .hasMessageContaining("more than 2000 bytes");
    }
  }

  @Test
  void recordsThatWouldFillTheHeapStopTheTransferWithAMessageThatSaysSo() throws Exception {
    // 2,000 records of about 30 bytes: about 300 KB as records, over a bound of 200 KB
    TransferLimits limits = new TransferLimits(Duration.ofSeconds(2), Duration.ofSeconds(5), 100_000, 100_000,
        64 << 20, 200 << 10);
    try (FakePrimary p = new FakePrimary(q -> endless(2000))) {
      assertThatThrownBy(() -> new TransferClient(limits).fetch(p.address(), ORIGIN, null, null, WHOLE_ZONE))
          .hasMessageContaining("more records than the heap can hold")
          .hasMessageContaining("a larger -Xmx takes bigger zones");
    }
  }

  @Test
  void theHeapEstimateOfARecordStaysAboveWhatItTakes() {
    // measured: A 114 bytes of heap for 26 on the wire, MX 161 for 26, NS and CNAME 163 for 24, TXT 160 for 59
    assertThat(TransferLimits.held(1, 26)).isGreaterThan(161);
    assertThat(TransferLimits.held(1, 24)).isGreaterThan(163);
    assertThat(TransferLimits.held(1, 59)).isGreaterThan(160);
    long gib = 1L << 30;
    assertThat(TransferLimits.of(10_000_000, gib).maxHeld()).as("a quarter of -Xmx1g").isEqualTo(256L << 20);
    // a zone of a million records of 40 bytes fits the quarter of a 1 GiB heap
    assertThat(TransferLimits.held(1_000_000, 40_000_000)).isLessThan(TransferLimits.of(10_000_000, gib).maxHeld());
  }

  /** A primary that reads the request and sends nothing for 4 s. */
  static FakePrimary stalling() throws IOException {
    return new FakePrimary(q -> {
      try {
        Thread.sleep(4000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return List.of();
    });
  }

  @Test
  void aPrimaryThatStallsIsCutOffAtTheDeadline() throws Exception {
    try (FakePrimary p = stalling()) {
      long started = System.nanoTime();
      assertThatThrownBy(() -> new TransferClient(LIMITS).fetch(p.address(), ORIGIN, null, null, WHOLE_ZONE))
          .hasMessageContaining("not done within 2 s");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    }
  }

  @Test
  void aPrimarySilentForLongerThanTheIdleTimeIsCutOffBeforeTheDeadline() throws Exception {
    try (FakePrimary p = stalling()) {
      TransferLimits limits = new TransferLimits(Duration.ofSeconds(2), Duration.ofSeconds(10), 1000, 50, 64 << 10);
      long started = System.nanoTime();
      assertThatThrownBy(() -> new TransferClient(limits, Duration.ofMillis(300)).fetch(p.address(), ORIGIN, null,
          null, WHOLE_ZONE)).hasMessageContaining("nothing from the primary for 0.3 s");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void aTsigErrorOfThePrimaryIsNamedAndNotAskedAgainAsAxfr() throws Exception {
    org.xbill.DNS.Name keyName = org.xbill.DNS.Name.fromConstantString("xfr.");
    try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Thread primary = new Thread(() -> {
        try (java.net.Socket s = server.accept()) {
          java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
          byte[] q = new byte[in.readUnsignedShort()];
          in.readFully(q);
          org.xbill.DNS.Message query = new org.xbill.DNS.Message(q);
          // RFC 8945 §5.2: a request whose MAC does not verify gets NOTAUTH and an unsigned TSIG RR with BADSIG.
          org.xbill.DNS.Message reply = new org.xbill.DNS.Message(query.getHeader().getID());
          reply.getHeader().setFlag(org.xbill.DNS.Flags.QR);
          reply.getHeader().setRcode(org.xbill.DNS.Rcode.NOTAUTH);
          reply.addRecord(query.getQuestion(), org.xbill.DNS.Section.QUESTION);
          reply.addRecord(new org.xbill.DNS.TSIGRecord(keyName, org.xbill.DNS.DClass.ANY, 0,
              org.xbill.DNS.TSIG.HMAC_SHA256, java.time.Instant.now(), Duration.ofSeconds(300), new byte[0],
              query.getHeader().getID(), org.xbill.DNS.Rcode.BADSIG, null), org.xbill.DNS.Section.ADDITIONAL);
          byte[] wire = reply.toWire();
          java.io.DataOutputStream out = new java.io.DataOutputStream(s.getOutputStream());
          out.writeShort(wire.length);
          out.write(wire);
          out.flush();
        } catch (IOException e) {
          // the client went away
        }
      });
      primary.setDaemon(true);
      primary.start();
      io.wadns.tsig.TsigKey key = new io.wadns.tsig.TsigKey(keyName, org.xbill.DNS.TSIG.HMAC_SHA256,
          "a shared secret of 32 bytes!!!!!".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      java.net.InetSocketAddress at = new java.net.InetSocketAddress(server.getInetAddress(), server.getLocalPort());
      assertThatThrownBy(() -> new TransferClient(LIMITS).fetch(at, ORIGIN, soa(1), key, WHOLE_ZONE))
          .isInstanceOfSatisfying(TransferException.class, e -> {
            assertThat(e.getMessage()).isEqualTo(
                "answered NOTAUTH, TSIG BADSIG (the primary has another secret under the key's name)");
            assertThat(e.tsig).isTrue();
            assertThat(e.partway).as("an IXFR failing so is not asked again as AXFR").isFalse();
            assertThat(e.rcode).isEqualTo(-1);
          });
    }
  }

  @Test
  void aPrimaryThatTricklesBytesIsCutOffAtTheDeadline() throws Exception {
    try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Thread trickler = new Thread(() -> {
        try (java.net.Socket s = server.accept()) {
          java.io.OutputStream out = s.getOutputStream();
          out.write(new byte[] {1, 0}); // a message of 256 bytes, then one byte every 100 ms for at most 6 s
          for (int i = 0; i < 60; i++) {
            out.write(0);
            out.flush();
            Thread.sleep(100);
          }
        } catch (IOException | InterruptedException e) {
          // the client went away: what the test wants
        }
      });
      trickler.setDaemon(true);
      trickler.start();
      TransferLimits limits = new TransferLimits(Duration.ofSeconds(2), Duration.ofSeconds(1), 1000, 50, 64 << 10);
      java.net.InetSocketAddress at = new java.net.InetSocketAddress(server.getInetAddress(), server.getLocalPort());
      long started = System.nanoTime();
      assertThatThrownBy(() -> new TransferClient(limits).fetch(at, ORIGIN, null, null, WHOLE_ZONE))
          .hasMessageContaining("not done within 1 s");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void anErrorRcodeAtOnceIsReportedWithIt() throws Exception {
    try (FakePrimary p = new FakePrimary(q -> List.of())) {
      p.refusedType = org.xbill.DNS.Type.AXFR;
      assertThatThrownBy(() -> new TransferClient(LIMITS).fetch(p.address(), ORIGIN, null, null, WHOLE_ZONE))
          .hasMessageContaining("answered REFUSED")
          .satisfies(e -> assertThat(((TransferException) e).rcode).isEqualTo(org.xbill.DNS.Rcode.REFUSED));
    }
  }

  @Test
  void aPrimaryThatClosesWithoutAnAnswerFails() throws Exception {
    try (FakePrimary p = new FakePrimary(q -> List.of())) {
      assertThatThrownBy(() -> new TransferClient(LIMITS).fetch(p.address(), ORIGIN, null, null, WHOLE_ZONE))
          .hasMessageContaining("closed the connection");
    }
  }
}
