package io.wadns.secondary;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The in-place reader of transfer messages reads a message as dnsjava reads it, record for record and
 * byte for byte, or leaves it to dnsjava: never a record dnsjava would not give, and never one that the
 * transfer's checks would refuse.
 */
class WireAnswersTest {
  private static final Name ORIGIN = Name.fromConstantString("example.com.");
  private static final Record QUESTION = Record.newRecord(ORIGIN, Type.AXFR, DClass.IN);
  private static final int ID = 0x5A17;
  private static final int[] TYPES = {Type.A, Type.AAAA, Type.NS, Type.CNAME, Type.PTR, Type.DNAME, Type.MX,
      Type.SRV, Type.TXT, Type.SPF, Type.DS, Type.CDS, Type.DNSKEY, Type.CDNSKEY, Type.RRSIG, Type.CAA, Type.NSEC,
      Type.NSEC3, Type.NSEC3PARAM};

  /**
   * Whether {@code reader} read {@code wire}; where it did, that dnsjava reads the same message without an
   * error of the transfer's (TransferClient.parse), to the same records, each of class IN, in the zone,
   * and an SOA only at the apex.
   */
  static boolean readsAsDnsjava(WireAnswers reader, byte[] wire, boolean first) throws Exception {
    if (!reader.read(wire, ID, first ? Type.AXFR : -1)) {
      return false;
    }
    Message m = TransferClient.parse(wire, ID, first, QUESTION);
    List<Record> answers = m.getSection(Section.ANSWER);
    assertThat(reader.count()).isEqualTo(answers.size());
    for (int i = 0; i < answers.size(); i++) {
      Record r = answers.get(i);
      assertThat(reader.wireOf(i)).as("record %d, %s", i, r).isEqualTo(r.toWire(Section.ANSWER));
      assertThat(reader.isSoa(i)).isEqualTo(r.getType() == Type.SOA);
      assertThat(r.getDClass()).isEqualTo(DClass.IN);
      assertThat(r.getName().subdomain(ORIGIN)).as("in the zone: %s", r.getName()).isTrue();
      if (r.getType() == Type.SOA) {
        assertThat(r.getName()).isEqualTo(ORIGIN);
      }
    }
    return true;
  }

  @Test
  void everyRecordOfTheTypesItKnowsIsReadAsDnsjavaReadsIt() throws Exception {
    Random random = new Random(1);
    WireAnswers reader = new WireAnswers(ORIGIN);
    int[] seen = new int[65536];
    for (int n = 0; n < 2000; n++) {
      boolean first = n % 3 == 0;
      List<Record> records = records(random, 1 + random.nextInt(40));
      byte[] wire = message(records, first || random.nextBoolean());
      assertThat(readsAsDnsjava(reader, wire, first)).as("message %d: %s", n, records).isTrue();
      records.forEach(r -> seen[r.getType()]++);
    }
    for (int type : TYPES) {
      assertThat(seen[type]).as(Type.string(type)).isGreaterThan(100);
    }
    assertThat(seen[Type.SOA]).isGreaterThan(100);
  }

  @Test
  void aMangledMessageIsReadAsDnsjavaReadsItOrLeftToIt() throws Exception {
    Random random = new Random(2);
    WireAnswers reader = new WireAnswers(ORIGIN);
    int read = 0;
    int left = 0;
    for (int n = 0; n < 40_000; n++) {
      boolean first = n % 2 == 0;
      byte[] wire = message(records(random, 1 + random.nextInt(6)), true);
      for (int k = 1 + random.nextInt(3); k > 0; k--) {
        wire = mangle(random, wire);
      }
      if (readsAsDnsjava(reader, wire, first)) {
        read++;
      } else {
        left++;
      }
    }
    // Both outcomes are common, so both are tested.
    assertThat(read).isGreaterThan(5000);
    assertThat(left).isGreaterThan(5000);
  }

  @Test
  void namesCompressedWhereDnsjavaWouldNotCompressThemAreReadAsDnsjavaReadsThem() throws Exception {
    WireAnswers reader = new WireAnswers(ORIGIN);
    byte[] toQuestion = {(byte) 0xC0, 12}; // the question's name, example.com.
    byte[] origin = ORIGIN.toWire();
    byte[] srv = {0, 1, 0, 2, 0, 53};
    byte[] www = {3, 'w', 'w', 'w'};
    byte[] signature = {9, 9, 9};
    int[] types = {Type.SRV, Type.RRSIG, Type.DNAME};
    byte[][] sent = {concat(srv, toQuestion), concat(new byte[18], www, toQuestion, signature), toQuestion};
    byte[][] read = {concat(srv, origin), concat(new byte[18], www, origin, signature), origin};
    for (int i = 0; i < types.length; i++) {
      byte[] wire = handMade(types[i], sent[i]);
      assertThat(readsAsDnsjava(reader, wire, true)).as(Type.string(types[i])).isTrue();
      byte[] rr = reader.wireOf(0);
      assertThat(Arrays.copyOfRange(rr, rr.length - read[i].length, rr.length)).as("decompressed")
          .isEqualTo(read[i]);
    }
    // A signer's name that points back into its own RDATA, its labels running on over the pointer into the
    // signature, as dnsjava reads them (its jump lifts the RDATA's bound).
    assertThat(readsAsDnsjava(reader, selfPointingSigner(1000), true)).isTrue();
    int owner = 4 + ORIGIN.toWire().length; // www, decompressed
    assertThat(reader.wireOf(0)).as("a 250-octet signer for a 2-octet pointer").hasSize(owner + 10 + 1000 + 248);
    byte[] ttl = handMade(Type.A, new byte[4]);
    ttl[ttl.length - 10] = (byte) 0x80; // a TTL of 2^31, which dnsjava passes on (the draft reads it as 0)
    assertThat(readsAsDnsjava(reader, ttl, true)).isTrue();
    byte[] ixfr = message(List.of(rr("www.example.com. 60 A 192.0.2.1")), true);
    ixfr[12 + ORIGIN.toWire().length + 1] = (byte) Type.IXFR;
    assertThat(reader.read(ixfr, ID, Type.IXFR)).as("the question of an IXFR").isTrue();
  }

  @Test
  void namesAreReadUpTo255OctetsAndPointerChainsUpToABound() throws Exception {
    WireAnswers reader = new WireAnswers(ORIGIN);
    assertThat(readsAsDnsjava(reader, handMade(Type.CNAME, longName(255)), true)).isTrue();
    assertThat(reader.wireOf(0)).hasSize(4 + ORIGIN.toWire().length + 10 + 255);
    byte[] tooLong = handMade(Type.CNAME, longName(256));
    assertThat(reader.read(tooLong, ID, Type.AXFR)).isFalse();
    assertThat(dnsjavaRefuses(tooLong)).isTrue();
    assertThat(readsAsDnsjava(reader, pointerChain(100), true)).as("100 pointers").isTrue();
    byte[] chain = pointerChain(140);
    assertThat(reader.read(chain, ID, Type.AXFR)).as("140 pointers, left to dnsjava").isFalse();
    assertThat(dnsjavaRefuses(chain)).as("which reads them").isFalse();
  }

  @Test
  void typeBitmapsAreWrittenAsDnsjavaWritesThem() throws Exception {
    WireAnswers reader = new WireAnswers(ORIGIN);
    byte[] next = concat(new byte[] {1, 'a'}, ORIGIN.toWire());
    // Window 1 (CAA) with a trailing zero octet, then window 0 twice (A, then NS and AAAA), and an empty
    // window 2; written as window 0 (A, NS, AAAA), then window 1 in one octet.
    byte[] sent = {1, 2, 0x40, 0, 0, 1, 0x40, 0, 4, 0x20, 0, 0, 0x08, 2, 0};
    byte[] written = {0, 4, 0x60, 0, 0, 0x08, 1, 1, 0x40};
    assertThat(readsAsDnsjava(reader, handMade(Type.NSEC, concat(next, sent)), true)).isTrue();
    byte[] rr = reader.wireOf(0);
    assertThat(Arrays.copyOfRange(rr, rr.length - written.length, rr.length)).isEqualTo(written);
    // A map of 33 octets in window 255 names types past 65535: dnsjava reads it, and writes it wrongly.
    byte[] beyond = new byte[35];
    beyond[0] = (byte) 255;
    beyond[1] = 33;
    beyond[34] = (byte) 0x80;
    byte[] wire = handMade(Type.NSEC, concat(next, beyond));
    assertThat(dnsjavaRefuses(wire)).isFalse();
    assertThat(reader.read(wire, ID, Type.AXFR)).isFalse();
    beyond[34] = 0; // the same map without that type
    assertThat(readsAsDnsjava(reader, handMade(Type.NSEC, concat(next, beyond)), true)).isTrue();
    byte[] nsec3 = {1, 0, 0, 10, 2, 'a', 'b', 3, 'x', 'y', 'z'};
    assertThat(readsAsDnsjava(reader, handMade(Type.NSEC3, concat(nsec3, sent)), true)).isTrue();
    assertThat(reader.read(handMade(Type.NSEC3, Arrays.copyOf(nsec3, 10)), ID, Type.AXFR)).as("next cut short")
        .isFalse();
    assertThat(reader.read(handMade(Type.NSEC, concat(next, new byte[] {0})), ID, Type.AXFR)).as("half a window")
        .isFalse();
    byte[] param = Arrays.copyOf(nsec3, 7);
    assertThat(readsAsDnsjava(reader, handMade(Type.NSEC3PARAM, param), true)).isTrue();
    for (byte[] wrong : List.of(Arrays.copyOf(nsec3, 6), Arrays.copyOf(nsec3, 8))) {
      byte[] refused = handMade(Type.NSEC3PARAM, wrong);
      assertThat(reader.read(refused, ID, Type.AXFR)).as("a salt cut short, or an octet after it").isFalse();
      assertThat(dnsjavaRefuses(refused)).isTrue();
    }
  }

  @Test
  void typeBitmapsOfEveryShapeAreWrittenAsDnsjavaWritesThem() throws Exception {
    // Straight into the message, not through a dnsjava record (whose parse would put them in its own form).
    Random random = new Random(4);
    WireAnswers reader = new WireAnswers(ORIGIN);
    byte[] next = concat(new byte[] {1, 'a'}, ORIGIN.toWire());
    int rewritten = 0;
    for (int n = 0; n < 3000; n++) {
      byte[] bitmap = typeBitmap(random);
      byte[] wire = handMade(Type.NSEC, concat(next, bitmap));
      assertThat(readsAsDnsjava(reader, wire, true)).as(Arrays.toString(bitmap)).isTrue();
      byte[] rr = reader.wireOf(0);
      int rdata = 4 + ORIGIN.toWire().length + 10; // after the owner, www decompressed, and the fixed fields
      rewritten += Arrays.equals(Arrays.copyOfRange(rr, rdata, rr.length), concat(next, bitmap)) ? 0 : 1;
    }
    assertThat(rewritten).as("bitmaps not in dnsjava's form as sent").isGreaterThan(1000);
  }

  @Test
  void aBitmapLeftToDnsjavaLeavesNothingBehindForTheNext() throws Exception {
    WireAnswers reader = new WireAnswers(ORIGIN);
    byte[] next = concat(new byte[] {1, 'a'}, ORIGIN.toWire());
    // Windows 0 and 1 with types set, then window 255 with a type past 65535.
    byte[] beyond = new byte[35];
    beyond[0] = (byte) 255;
    beyond[1] = 33;
    beyond[34] = 1;
    byte[] refused = handMade(Type.NSEC, concat(next, new byte[] {0, 1, (byte) 0xFF, 1, 1, 0x40}, beyond));
    assertThat(reader.read(refused, ID, Type.AXFR)).isFalse();
    // Then window 0 with NS alone: nothing of the refused one's windows may show.
    assertThat(readsAsDnsjava(reader, handMade(Type.NSEC, concat(next, new byte[] {0, 1, 0x20})), true)).isTrue();
    byte[] rr = reader.wireOf(0);
    assertThat(Arrays.copyOfRange(rr, rr.length - 3, rr.length)).containsExactly(0, 1, 0x20);
  }

  @Test
  void rdataThatDecompressesPast65535OctetsIsLeftToDnsjava() throws Exception {
    WireAnswers reader = new WireAnswers(ORIGIN);
    byte[] wire = selfPointingSigner(65_300);
    assertThat(wire.length).isLessThanOrEqualTo(65_535);
    assertThat(dnsjavaRefuses(wire)).as("dnsjava parses it").isFalse();
    assertThat(reader.read(wire, ID, Type.AXFR)).isFalse();
  }

  /** A wire name of {@code length} octets, the root included, under no origin in particular. */
  static byte[] longName(int length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int left = length - 1;
    while (left > 0) {
      int label = Math.min(63, left - 1);
      out.write(label);
      out.writeBytes(new byte[label]);
      left -= label + 1;
    }
    out.write(0);
    return out.toByteArray();
  }

  /**
   * A message whose first record is a TXT of pointers, each to the one before (the first to the question's
   * name), and whose second is a CNAME to the last: a chain of {@code hops} pointers, the CNAME's own
   * included.
   */
  static byte[] pointerChain(int hops) {
    ByteArrayOutputStream txt = new ByteArrayOutputStream();
    int base = 12 + ORIGIN.toWire().length + 4 + 6 + 10; // where the TXT's RDATA starts
    int previous = 12;
    int last = 12;
    for (int left = hops - 1; left > 0; ) {
      int n = Math.min(left, 127);
      txt.write(2 * n);
      for (int i = 0; i < n; i++) {
        last = base + txt.size();
        txt.write(0xC0 | previous >> 8);
        txt.write(previous);
        previous = last;
      }
      left -= n;
    }
    byte[] first = handMade(Type.TXT, txt.toByteArray());
    byte[] cname = {3, 'w', 'w', 'w', (byte) 0xC0, 12, 0, (byte) Type.CNAME, 0, 1, 0, 0, 0, 60, 0, 2,
        (byte) (0xC0 | last >> 8), (byte) last};
    byte[] wire = concat(first, cname);
    wire[7] = 2; // two answers
    return wire;
  }

  /**
   * A message of one RRSIG of {@code rdlength} octets whose signer is a pointer to a label in the fixed
   * fields just before it; that label runs over the pointer into the signature, where more labels follow,
   * about 250 octets of name in all.
   */
  static byte[] selfPointingSigner(int rdlength) {
    byte[] rdata = new byte[rdlength];
    int rdataAt = 12 + ORIGIN.toWire().length + 4 + 6 + 10;
    rdata[16] = 5; // a label over rdata[17, 22): the pointer below is inside it
    rdata[18] = (byte) (0xC0 | (rdataAt + 16) >> 8);
    rdata[19] = (byte) (rdataAt + 16);
    byte[] more = longName(244); // from rdata[22], to the root
    System.arraycopy(more, 0, rdata, 22, more.length);
    return handMade(Type.RRSIG, rdata);
  }

  @Test
  void whatDnsjavaRefusesIsLeftToIt() throws Exception {
    WireAnswers reader = new WireAnswers(ORIGIN);
    byte[] forward = {(byte) 0xC0, 60};
    byte[] self = handMade(Type.CNAME, new byte[2]);
    int at = self.length - 2; // the CNAME's RDATA: a pointer to itself
    self[at] = (byte) (0xC0 | at >> 8);
    self[at + 1] = (byte) at;
    byte[] endless = new byte[256]; // labels that fill the RDATA, with no root
    for (int i = 0; i < 4; i++) {
      endless[i * 64] = 63;
    }
    List<byte[]> refused = List.of(
        handMade(Type.CNAME, forward),
        self,
        handMade(Type.CNAME, new byte[] {0x41, 'a', 0}), // an extended label type
        handMade(Type.CNAME, endless),
        concat(handMade(Type.CNAME, new byte[] {3, 'a', 'b'}), new byte[] {'c', 0}), // a label past its RDATA
        handMade(Type.A, new byte[5]),
        handMade(Type.AAAA, new byte[15]),
        handMade(Type.TXT, new byte[] {3, 'a', 'b'}),
        handMade(Type.MX, new byte[] {0}),
        handMade(Type.CAA, new byte[] {0, 5, 'i', 's'}),
        handMade(Type.RRSIG, new byte[17]),
        handMade(Type.DS, new byte[3]),
        handMadeAtApex(Type.SOA, concat(new byte[] {0, 0}, new byte[19])), // 19 octets, not 20
        handMade(Type.NS, new byte[] {1, 'a', 0, 0})); // a name, then an octet too many
    for (byte[] wire : refused) {
      assertThat(reader.read(wire, ID, Type.AXFR)).as(Arrays.toString(wire)).isFalse();
      assertThat(dnsjavaRefuses(wire)).as("dnsjava refuses %s", Arrays.toString(wire)).isTrue();
    }
    byte[] cut = message(List.of(rr("www.example.com. 60 A 192.0.2.1")), true);
    assertThat(reader.read(Arrays.copyOf(cut, cut.length - 1), ID, Type.AXFR)).isFalse();
  }

  @Test
  void messagesOutsideWhatItReadsAreLeftToDnsjava() throws Exception {
    WireAnswers reader = new WireAnswers(ORIGIN);
    Record a = rr("www.example.com. 60 A 192.0.2.1");
    assertThat(reader.read(message(List.of(a), true), ID, Type.AXFR)).as("the ordinary case").isTrue();
    assertThat(reader.read(message(List.of(a), true), ID + 1, Type.AXFR)).as("another ID").isFalse();
    assertThat(reader.read(message(List.of(a), true), ID, Type.IXFR)).as("another question").isFalse();
    assertThat(reader.read(message(List.of(a), false), ID, Type.AXFR)).as("no question first").isFalse();
    assertThat(reader.read(message(List.of(a), false), ID, -1)).as("no question later").isTrue();
    assertThat(reader.read(message(List.of(), true), ID, Type.AXFR)).as("no answer first").isFalse();
    assertThat(reader.read(withHeader(a, h -> {
      h.setFlag(Flags.QR);
      h.setFlag(Flags.TC);
    }), ID, Type.AXFR)).as("TC").isFalse();
    assertThat(reader.read(withHeader(a, h -> {
      h.setFlag(Flags.QR);
      h.setRcode(Rcode.REFUSED);
    }), ID, Type.AXFR)).as("REFUSED").isFalse();
    assertThat(reader.read(withHeader(a, h -> {
      h.setFlag(Flags.QR);
      h.setOpcode(Opcode.NOTIFY);
    }), ID, Type.AXFR)).as("NOTIFY").isFalse();
    assertThat(reader.read(withHeader(a, h -> { }), ID, Type.AXFR)).as("QR clear").isFalse();
    Message withOpt = messageOf(List.of(a), true);
    withOpt.addRecord(new org.xbill.DNS.OPTRecord(1232, 0, 0), Section.ADDITIONAL);
    assertThat(reader.read(withOpt.toWire(), ID, Type.AXFR)).as("OPT").isFalse();
    Message withAuthority = messageOf(List.of(a), true);
    withAuthority.addRecord(rr("example.com. 60 NS ns.example.com."), Section.AUTHORITY);
    assertThat(reader.read(withAuthority.toWire(), ID, Type.AXFR)).as("authority").isFalse();
    List<Record> others = List.of(
        Record.newRecord(Name.fromConstantString("www.example.com."), Type.A, DClass.CH, 60, new byte[4]),
        rr("www.example.net. 60 A 192.0.2.1"),
        rr("sub.example.com. 60 SOA ns.example.com. h.example.com. 1 2 3 4 5"),
        rr("www.example.com. 60 HINFO \"a\" \"b\""),
        rr("www.example.com. 60 TYPE65280 \\# 1 00"));
    for (Record r : others) {
      assertThat(reader.read(message(List.of(a, r), true), ID, Type.AXFR)).as(r.toString()).isFalse();
      assertThat(reader.count()).isZero();
    }
  }

  // ---- messages

  static Record rr(String text) {
    try {
      String[] f = text.split(" ", 4);
      return Record.fromString(Name.fromString(f[0]), Type.value(f[2]), DClass.IN, Long.parseLong(f[1]), f[3],
          ORIGIN);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Message messageOf(List<Record> answers, boolean withQuestion) {
    Message m = new Message(ID);
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setFlag(Flags.AA);
    if (withQuestion) {
      m.addRecord(QUESTION, Section.QUESTION);
    }
    for (Record r : answers) {
      m.addRecord(r, Section.ANSWER);
    }
    return m;
  }

  /** A message of our question and {@code answer}, its header as {@code set} leaves it (QR clear before). */
  static byte[] withHeader(Record answer, java.util.function.Consumer<org.xbill.DNS.Header> set) {
    Message m = new Message(ID);
    set.accept(m.getHeader());
    m.addRecord(QUESTION, Section.QUESTION);
    m.addRecord(answer, Section.ANSWER);
    return m.toWire();
  }

  /** {@code answers} as dnsjava writes them: owners and the names of NS, CNAME, PTR, MX and SOA compressed. */
  static byte[] message(List<Record> answers, boolean withQuestion) {
    return messageOf(answers, withQuestion).toWire();
  }

  /** A message of our question and one record at www.example.com. of {@code type}, its RDATA as given. */
  static byte[] handMade(int type, byte[] rdata) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) (ID >> 8), (byte) ID, (byte) 0x84, 0, 0, 1, 0, 1, 0, 0, 0, 0});
    out.writeBytes(ORIGIN.toWire());
    out.writeBytes(new byte[] {0, (byte) Type.AXFR, 0, 1});
    out.writeBytes(new byte[] {3, 'w', 'w', 'w', (byte) 0xC0, 12});
    out.writeBytes(new byte[] {(byte) (type >> 8), (byte) type, 0, 1, 0, 0, 0, 60});
    out.writeBytes(new byte[] {(byte) (rdata.length >> 8), (byte) rdata.length});
    out.writeBytes(rdata);
    return out.toByteArray();
  }

  /** As {@link #handMade}, the record at the apex (its owner a pointer to the question's name). */
  static byte[] handMadeAtApex(int type, byte[] rdata) {
    byte[] www = handMade(type, rdata);
    int owner = 12 + ORIGIN.toWire().length + 4;
    return concat(Arrays.copyOf(www, owner), Arrays.copyOfRange(www, owner + 4, www.length));
  }

  static boolean dnsjavaRefuses(byte[] wire) {
    try {
      new Message(wire);
      return false;
    } catch (java.io.IOException e) {
      return true;
    }
  }

  /** {@code wire} with one change that a broken or hostile primary might make. */
  static byte[] mangle(Random random, byte[] wire) {
    byte[] w = wire.clone();
    if (w.length == 0) {
      return w;
    }
    int at = random.nextInt(w.length);
    switch (random.nextInt(5)) {
      case 0 -> w[at] = (byte) random.nextInt(256);
      case 1 -> { // a compression pointer somewhere, to somewhere
        w[at] = (byte) (0xC0 | random.nextInt(2));
        if (at + 1 < w.length) {
          w[at + 1] = (byte) random.nextInt(256);
        }
      }
      case 2 -> w[at] = (byte) random.nextInt(70); // a length or a count off
      case 3 -> w = Arrays.copyOf(w, at); // cut short
      default -> w[at] ^= 0x20; // a letter's case, or a flag
    }
    return w;
  }

  // ---- records

  static List<Record> records(Random random, int n) {
    List<Record> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(random.nextInt(20) == 0 ? soa(random) : record(random, TYPES[random.nextInt(TYPES.length)]));
    }
    return out;
  }

  static Record soa(Random random) {
    byte[] rdata = concat(name(random, random.nextBoolean()), name(random, random.nextBoolean()), bytes(random, 20));
    return Record.newRecord(cased(random, ORIGIN), Type.SOA, DClass.IN, ttl(random), rdata);
  }

  static Record record(Random random, int type) {
    byte[] rdata = switch (type) {
      case Type.A -> bytes(random, 4);
      case Type.AAAA -> bytes(random, 16);
      case Type.NS, Type.CNAME, Type.PTR, Type.DNAME -> name(random, random.nextBoolean());
      case Type.MX -> concat(bytes(random, 2), name(random, random.nextBoolean()));
      case Type.SRV -> concat(bytes(random, 6), name(random, random.nextBoolean()));
      case Type.TXT, Type.SPF -> {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int k = random.nextInt(4); k > 0; k--) {
          byte[] s = bytes(random, random.nextInt(4) == 0 ? random.nextInt(256) : random.nextInt(20));
          out.write(s.length);
          out.writeBytes(s);
        }
        yield out.toByteArray();
      }
      case Type.DS, Type.CDS, Type.DNSKEY, Type.CDNSKEY -> bytes(random, 4 + random.nextInt(80));
      case Type.RRSIG -> concat(bytes(random, 18), name(random, random.nextBoolean()), bytes(random, random.nextInt(80)));
      case Type.CAA -> {
        byte[] tag = bytes(random, random.nextInt(16));
        yield concat(bytes(random, 1), new byte[] {(byte) tag.length}, tag, bytes(random, random.nextInt(40)));
      }
      case Type.NSEC -> concat(name(random, random.nextBoolean()), typeBitmap(random));
      case Type.NSEC3 -> {
        byte[] salt = bytes(random, random.nextInt(3) == 0 ? 0 : random.nextInt(12));
        byte[] next = bytes(random, random.nextInt(4) == 0 ? random.nextInt(40) : 20);
        yield concat(bytes(random, 4), new byte[] {(byte) salt.length}, salt, new byte[] {(byte) next.length}, next,
            typeBitmap(random));
      }
      case Type.NSEC3PARAM -> {
        byte[] salt = bytes(random, random.nextInt(3) == 0 ? 0 : random.nextInt(12));
        yield concat(bytes(random, 4), new byte[] {(byte) salt.length}, salt);
      }
      default -> throw new IllegalArgumentException(Type.string(type));
    };
    return Record.newRecord(owner(random), type, DClass.IN, ttl(random), rdata);
  }

  /**
   * A type bitmap as a primary might send it: mostly window 0, sometimes others, in any order, repeated,
   * empty, with trailing zero octets or longer than 32 octets (all of which dnsjava reads, and writes out in
   * its own form).
   */
  static byte[] typeBitmap(Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int k = random.nextInt(4); k > 0; k--) {
      int window = random.nextInt(3) == 0 ? random.nextInt(256) : 0;
      // (past 32 octets in window 255 the types go beyond 65535, which dnsjava cannot write: tested apart)
      int length = random.nextInt(8) == 0 && window < 255 ? random.nextInt(40) : 1 + random.nextInt(8);
      out.write(window);
      out.write(length);
      byte[] map = bytes(random, length);
      if (length > 0 && random.nextBoolean()) {
        map[length - 1] = 0;
      }
      out.writeBytes(map);
    }
    return out.toByteArray();
  }

  static long ttl(Random random) {
    return random.nextInt(4) == 0 ? random.nextInt() & 0x7FFFFFFFL : random.nextInt(86400);
  }

  /** An owner in the zone: the apex or up to three labels below it, the apex's case varied. */
  static Name owner(Random random) {
    try {
      return new Name(new DNSInput(concat(labels(random, random.nextInt(4)), cased(random, ORIGIN).toWire())));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A name in wire form, in the zone or out of it. */
  static byte[] name(Random random, boolean inZone) {
    byte[] suffix = inZone ? cased(random, ORIGIN).toWire() : Name.fromConstantString("example.NET.").toWire();
    return concat(labels(random, random.nextInt(3)), suffix);
  }

  /** Labels from a few common ones (so that compression finds them again) and a few of any octets. */
  static byte[] labels(Random random, int n) {
    String[] common = {"www", "mail", "WWW", "ns1", "_tcp", "_sip", "a", "b-2"};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < n; i++) {
      byte[] label = random.nextInt(4) == 0 ? bytes(random, 1 + random.nextInt(random.nextInt(8) == 0 ? 63 : 10))
          : common[random.nextInt(common.length)].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      out.write(label.length);
      out.writeBytes(label);
    }
    return out.toByteArray();
  }

  static Name cased(Random random, Name name) {
    char[] c = name.toString().toCharArray();
    for (int i = 0; i < c.length; i++) {
      if (random.nextBoolean()) {
        c[i] = Character.toUpperCase(c[i]);
      }
    }
    return Name.fromConstantString(new String(c));
  }

  static byte[] bytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static int indexOf(byte[] in, byte[] what) {
    for (int i = 0; i + what.length <= in.length; i++) {
      if (Arrays.equals(in, i, i + what.length, what, 0, what.length)) {
        return i;
      }
    }
    return -1;
  }
}
