package io.wadns.tsig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wadns.wire.Wire;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSOutput;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;

/**
 * The stream verifier against dnsjava's: streams signed by dnsjava's generator, and streams with unsigned
 * messages between signed ones (signed here as RFC 8945 §5.3.1 says, and accepted by dnsjava's own
 * verifier too), then each way a stream can fail.
 */
class TsigStreamVerifierTest {
  private static final Name KEY = Name.fromConstantString("xfr.example.");
  private static final Name ORIGIN = Name.fromConstantString("example.");
  private static final byte[] SECRET = "a shared secret of 32 bytes!!!!!".getBytes(StandardCharsets.US_ASCII);
  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final int ID = 0x4242;

  private final TsigKey key = new TsigKey(KEY, TSIG.HMAC_SHA256, SECRET);
  private final TSIG dnsjava = key.signer(CLOCK);
  private final Message request = request();

  @Test
  void aStreamSignedByDnsjavaVerifiesMessageByMessage() throws Exception {
    List<byte[]> stream = signedByDnsjava(5);
    TsigStreamVerifier v = verifier();
    for (byte[] wire : stream) {
      int at = v.check(wire);
      assertThat(at).as("the TSIG starts where the message without it ended").isEqualTo(tsigStart(wire));
      assertThat(v.endsSigned()).isTrue();
    }
    assertThat(dnsjavaAccepts(stream)).as("dnsjava's verifier agrees").isTrue();
  }

  @Test
  void unsignedMessagesBetweenSignedOnesAreCoveredByTheNextMac() throws Exception {
    boolean[] signed = {true, false, false, true, false, true};
    List<byte[]> stream = signedHere(signed, -1);
    assertThat(dnsjavaAccepts(stream)).as("the stream is right by dnsjava's verifier").isTrue();
    TsigStreamVerifier v = verifier();
    for (int i = 0; i < stream.size(); i++) {
      byte[] wire = stream.get(i);
      assertThat(v.check(wire)).isEqualTo(signed[i] ? tsigStart(wire) : wire.length);
      assertThat(v.endsSigned()).isEqualTo(signed[i]);
    }
  }

  @Test
  void aChangedUnsignedMessageFailsTheNextSignedOne() throws Exception {
    boolean[] signed = {true, false, true};
    List<byte[]> stream = signedHere(signed, 1);
    assertThat(dnsjavaAccepts(stream)).as("dnsjava's verifier refuses it too").isFalse();
    TsigStreamVerifier v = verifier();
    v.check(stream.get(0));
    assertThat(v.check(stream.get(1))).isEqualTo(stream.get(1).length);
    assertFails(v, stream.get(2), Rcode.BADSIG);
  }

  @Test
  void aChangedSignedMessageOrAnotherSecretIsBadsig() throws Exception {
    List<byte[]> stream = signedByDnsjava(2);
    byte[] changed = stream.get(1).clone();
    changed[Wire.HEADER_LENGTH + 20] ^= 1;
    TsigStreamVerifier v = verifier();
    v.check(stream.get(0));
    assertFails(v, changed, Rcode.BADSIG);

    TsigKey other = new TsigKey(KEY, TSIG.HMAC_SHA256, "another secret of 32 bytes!!!!!!".getBytes(
        StandardCharsets.US_ASCII));
    assertFails(other.streamVerifier(request.getTSIG().getSignature(), CLOCK), stream.get(0), Rcode.BADSIG);
  }

  @Test
  void aMessageSignedWithAnotherKeyNameOrAlgorithmIsBadkey() throws Exception {
    byte[] first = signedByDnsjava(1).get(0);
    TsigKey otherName = new TsigKey(Name.fromConstantString("other.example."), TSIG.HMAC_SHA256, SECRET);
    assertFails(otherName.streamVerifier(request.getTSIG().getSignature(), CLOCK), first, Rcode.BADKEY);
    TsigKey otherAlgorithm = new TsigKey(KEY, TSIG.HMAC_SHA512, SECRET);
    assertFails(otherAlgorithm.streamVerifier(request.getTSIG().getSignature(), CLOCK), first, Rcode.BADKEY);
  }

  @Test
  void theFirstMessageMustBeSignedAndTheLastIsToldApart() throws Exception {
    List<byte[]> stream = signedHere(new boolean[] {true, false}, -1);
    TsigStreamVerifier v = verifier();
    assertFails(v, stream.get(1), Rcode.FORMERR);

    TsigStreamVerifier w = verifier();
    w.check(stream.get(0));
    w.check(stream.get(1));
    assertThat(w.endsSigned()).as("a stream that ends on an unsigned message").isFalse();
  }

  @Test
  void ninetyNineUnsignedInARowPassAndAHundredthDoesNot() throws Exception {
    boolean[] signed = new boolean[102];
    signed[0] = true;
    signed[100] = true; // after 99 unsigned
    List<byte[]> stream = signedHere(signed, -1);
    TsigStreamVerifier v = verifier();
    for (int i = 0; i <= 100; i++) {
      v.check(stream.get(i));
    }
    assertThat(v.endsSigned()).isTrue();

    boolean[] tooMany = new boolean[102];
    tooMany[0] = true;
    List<byte[]> unsigned = signedHere(tooMany, -1);
    TsigStreamVerifier w = verifier();
    for (int i = 0; i < 100; i++) {
      w.check(unsigned.get(i));
    }
    assertFails(w, unsigned.get(100), Rcode.FORMERR);
  }

  @Test
  void aMessageSignedOutsideTheFudgeIsBadtimeAfterItsMacVerifies() throws Exception {
    byte[] first = signedByDnsjava(1).get(0); // signed at NOW, fudge 300 s
    Clock late = Clock.fixed(NOW.plusSeconds(301), ZoneOffset.UTC);
    assertFails(key.streamVerifier(request.getTSIG().getSignature(), late), first, Rcode.BADTIME);
    Clock inTime = Clock.fixed(NOW.minusSeconds(300), ZoneOffset.UTC);
    assertThat(key.streamVerifier(request.getTSIG().getSignature(), inTime).check(first)).isEqualTo(tsigStart(first));
    byte[] forged = first.clone();
    forged[Wire.HEADER_LENGTH + 20] ^= 1;
    assertFails(key.streamVerifier(request.getTSIG().getSignature(), late), forged, Rcode.BADSIG);
  }

  @Test
  void thePrimarysOwnTsigErrorEndsTheStreamWhateverItsValue() throws Exception {
    for (int error : new int[] {Rcode.BADTIME, 0xFFFF}) {
      byte[] message = message(0);
      byte[] mac = hmac(request.getTSIG().getSignature(), List.of(), message, true, NOW);
      byte[] wire = TsigErrors.append(message, new TSIGRecord(KEY, DClass.ANY, 0, TSIG.HMAC_SHA256, NOW,
          Duration.ofSeconds(300), mac, ID, error, null));
      assertThatThrownBy(() -> verifier().check(wire)).isInstanceOfSatisfying(TsigStreamVerifier.Failure.class,
          e -> {
            assertThat(e.rcode).isEqualTo(error);
            assertThat(e.getMessage()).contains(TsigErrors.name(error));
          });
    }
    assertThat(TsigErrors.name(0xFFFF)).isEqualTo("65535");
    assertThat(TsigErrors.name(Rcode.BADSIG)).isEqualTo("BADSIG");
  }

  @Test
  void aTsigOfAnotherClassOrTtlOrWithBytesAfterItIsFormerr() throws Exception {
    byte[] first = signedByDnsjava(1).get(0);
    int at = tsigStart(first);
    int fixed = at + KEY.length();
    byte[] otherClass = first.clone();
    otherClass[fixed + 3] = 1; // class IN
    assertFails(verifier(), otherClass, Rcode.FORMERR);
    byte[] otherTtl = first.clone();
    otherTtl[fixed + 7] = 1;
    assertFails(verifier(), otherTtl, Rcode.FORMERR);
    assertFails(verifier(), Arrays.copyOf(first, first.length + 1), Rcode.FORMERR);
  }

  @Test
  void aTsigInTheAnswerSectionIsFormerr() throws Exception {
    byte[] first = signedByDnsjava(1).get(0);
    byte[] moved = first.clone();
    Wire.put16(moved, 6, Wire.answerCount(moved) + 1); // the TSIG counted as the last answer
    Wire.put16(moved, 10, 0);
    assertFails(verifier(), moved, Rcode.FORMERR);
  }

  @Test
  void aTsigWhoseOwnerIsCompressedVerifies() throws Exception {
    byte[] first = signedByDnsjava(1).get(0);
    int at = tsigStart(first);
    // "xfr" then a pointer to the question's "example." at offset 12: the MAC covers the canonical name.
    byte[] owner = {3, 'x', 'f', 'r', (byte) 0xC0, Wire.HEADER_LENGTH};
    byte[] wire = new byte[first.length - KEY.length() + owner.length];
    System.arraycopy(first, 0, wire, 0, at);
    System.arraycopy(owner, 0, wire, at, owner.length);
    System.arraycopy(first, at + KEY.length(), wire, at + owner.length, first.length - at - KEY.length());
    assertThat(verifier().check(wire)).isEqualTo(at);
  }

  @Test
  void aMalformedMessageSaysSo() throws Exception {
    byte[] first = signedByDnsjava(1).get(0);
    assertThatThrownBy(() -> verifier().check(Arrays.copyOf(first, first.length - 3)))
        .isInstanceOfSatisfying(TsigStreamVerifier.Failure.class, e -> assertThat(e.malformed).isTrue());
    assertThatThrownBy(() -> verifier().check(Arrays.copyOf(first, first.length - 3 - 2 * Wire.HEADER_LENGTH)))
        .isInstanceOfSatisfying(TsigStreamVerifier.Failure.class, e -> assertThat(e.malformed).isTrue());
  }

  @Test
  void mangledMessagesFailOnlyAsFailures() throws Exception {
    List<byte[]> stream = signedHere(new boolean[] {true, false, true, true}, -1);
    java.util.Random random = new java.util.Random(8945);
    int refused = 0;
    for (int n = 0; n < 5000; n++) {
      TsigStreamVerifier v = verifier();
      int which = random.nextInt(stream.size());
      for (int i = 0; i < which; i++) {
        v.check(stream.get(i));
      }
      byte[] wire = stream.get(which).clone();
      if (random.nextInt(4) == 0) {
        wire = Arrays.copyOf(wire, random.nextInt(wire.length + 1));
      }
      for (int k = 1 + random.nextInt(3); k > 0 && wire.length > 0; k--) {
        wire[random.nextInt(wire.length)] = (byte) random.nextInt(256);
      }
      try {
        v.check(wire); // a changed octet the MAC does not cover (the TSIG's own owner case, say) may pass
      } catch (TsigStreamVerifier.Failure e) {
        refused++;
      }
    }
    assertThat(refused).as("most mangled messages are refused").isGreaterThan(4000);
  }

  @Test
  void macsCutTooShortOrTooLongAreFormerr() throws Exception {
    byte[] message = message(0);
    for (int length : new int[] {15, 33}) { // HMAC-SHA256: at least 16 octets (half), at most 32
      byte[] mac = Arrays.copyOf(hmac(request.getTSIG().getSignature(), List.of(), message, true, NOW), length);
      byte[] wire = TsigErrors.append(message, new TSIGRecord(KEY, DClass.ANY, 0, TSIG.HMAC_SHA256, NOW,
          Duration.ofSeconds(300), mac, ID, Rcode.NOERROR, null));
      assertFails(verifier(), wire, Rcode.FORMERR); // RFC 8945 §5.2.2.1
    }
    byte[] cut = Arrays.copyOf(hmac(request.getTSIG().getSignature(), List.of(), message, true, NOW), 16);
    byte[] wire = TsigErrors.append(message, new TSIGRecord(KEY, DClass.ANY, 0, TSIG.HMAC_SHA256, NOW,
        Duration.ofSeconds(300), cut, ID, Rcode.NOERROR, null));
    assertThat(verifier().check(wire)).as("a MAC cut to half the hash is taken").isEqualTo(message.length);
  }

  @Test
  void theOriginalIdIsWhatWasSigned() throws Exception {
    byte[] first = signedByDnsjava(1).get(0);
    byte[] renumbered = first.clone();
    Wire.put16(renumbered, 0, ID + 1); // as a forwarder may (RFC 8945 §4.3.2: the MAC covers the original ID)
    assertThat(verifier().check(renumbered)).isEqualTo(tsigStart(first));
  }

  @Test
  void aTsigThatIsNotLastOrAMalformedMessageIsFormerr() throws Exception {
    byte[] first = signedByDnsjava(1).get(0);
    byte[] a = new ARecord(ORIGIN, DClass.IN, 60, InetAddress.getByName("192.0.2.9")).toWire(Section.ADDITIONAL);
    byte[] after = Arrays.copyOf(first, first.length + a.length);
    System.arraycopy(a, 0, after, first.length, a.length);
    Wire.put16(after, 10, Wire.additionalCount(after) + 1);
    assertFails(verifier(), after, Rcode.FORMERR);
    assertFails(verifier(), Arrays.copyOf(first, first.length - 3), Rcode.FORMERR);
    assertFails(verifier(), new byte[5], Rcode.FORMERR);
  }

  @Test
  void theKeyNameMatchesCaseAsideAndThroughAPointer() {
    byte[] canonical = KEY.toWireCanonical();
    byte[] upper = Name.fromConstantString("XFR.Example.").toWire();
    assertThat(TsigStreamVerifier.nameEquals(upper, 0, upper.length, canonical)).isTrue();
    // "xfr" then a pointer to "example." at offset 0 of this buffer.
    byte[] pointed = new byte[] {7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0, 3, 'x', 'f', 'r', (byte) 0xC0, 0};
    assertThat(TsigStreamVerifier.nameEquals(pointed, 9, pointed.length, canonical)).isTrue();
    assertThat(TsigStreamVerifier.nameEquals(pointed, 0, pointed.length, canonical)).isFalse();
    byte[] loop = new byte[] {(byte) 0xC0, 0};
    assertThat(TsigStreamVerifier.nameEquals(loop, 0, loop.length, canonical)).as("a pointer loop ends").isFalse();
  }

  // ------------------------------------------------------------------------------------------ streams

  private TsigStreamVerifier verifier() {
    return key.streamVerifier(request.getTSIG().getSignature(), CLOCK);
  }

  private static void assertFails(TsigStreamVerifier v, byte[] wire, int rcode) {
    assertThatThrownBy(() -> v.check(wire)).isInstanceOfSatisfying(TsigStreamVerifier.Failure.class,
        e -> assertThat(e.rcode).as(e.getMessage()).isEqualTo(rcode));
  }

  private Message request() {
    Message q = Message.newQuery(Record.newRecord(ORIGIN, Type.AXFR, DClass.IN));
    q.getHeader().setID(ID);
    dnsjava.apply(q, null);
    return q;
  }

  /** Message {@code i} of an answer, unsigned: the question and two A records. */
  private static byte[] message(int i) throws IOException {
    Message m = new Message(ID);
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setFlag(Flags.AA);
    m.addRecord(Record.newRecord(ORIGIN, Type.AXFR, DClass.IN), Section.QUESTION);
    for (int j = 0; j < 2; j++) {
      m.addRecord(new ARecord(Name.fromConstantString("h" + i + "-" + j + ".example."), DClass.IN, 60,
          InetAddress.getByAddress(new byte[] {10, 0, (byte) i, (byte) j})), Section.ANSWER);
    }
    return m.toWire();
  }

  /** {@code n} messages, each signed by dnsjava's generator as a primary signs (first full, then timers). */
  private List<byte[]> signedByDnsjava(int n) throws IOException {
    List<byte[]> out = new ArrayList<>();
    TSIGRecord previous = request.getTSIG();
    for (int i = 0; i < n; i++) {
      byte[] wire = message(i);
      TSIGRecord tsig = dnsjava.generate(new Message(ID), wire, Rcode.NOERROR, previous, i == 0);
      previous = tsig;
      out.add(TsigErrors.append(wire, tsig));
    }
    return out;
  }

  /**
   * Messages signed where {@code signed} says, each signed one's MAC over the prior MAC, the unsigned
   * messages since and itself (RFC 8945 §5.3.1); message {@code changed} is altered after signing.
   */
  private List<byte[]> signedHere(boolean[] signed, int changed) throws Exception {
    List<byte[]> out = new ArrayList<>();
    List<byte[]> unsignedSince = new ArrayList<>();
    byte[] prior = request.getTSIG().getSignature();
    for (int i = 0; i < signed.length; i++) {
      byte[] wire = message(i);
      if (signed[i]) {
        byte[] mac = hmac(prior, unsignedSince, wire, i == 0, NOW);
        wire = TsigErrors.append(wire, new TSIGRecord(KEY, DClass.ANY, 0, TSIG.HMAC_SHA256, NOW,
            Duration.ofSeconds(300), mac, ID, Rcode.NOERROR, null));
        prior = mac;
        unsignedSince.clear();
      } else {
        unsignedSince.add(wire.clone());
      }
      if (i == changed) {
        wire[wire.length - 1] ^= 1; // the last address's last octet: after signing, before sending
      }
      out.add(wire);
    }
    return out;
  }

  private static byte[] hmac(byte[] prior, List<byte[]> unsigned, byte[] message, boolean first, Instant signed)
      throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
    mac.update(new byte[] {(byte) (prior.length >> 8), (byte) prior.length});
    mac.update(prior);
    unsigned.forEach(mac::update);
    mac.update(message);
    DNSOutput v = new DNSOutput();
    if (first) {
      KEY.toWireCanonical(v);
      v.writeU16(DClass.ANY);
      v.writeU32(0);
      TSIG.HMAC_SHA256.toWireCanonical(v);
    }
    v.writeU16((int) (signed.getEpochSecond() >>> 32));
    v.writeU32(signed.getEpochSecond() & 0xFFFFFFFFL);
    v.writeU16(300);
    if (first) {
      v.writeU16(Rcode.NOERROR);
      v.writeU16(0);
    }
    return mac.doFinal(v.toByteArray());
  }

  /** Whether dnsjava's stream verifier takes every message of {@code stream}, the last as the last. */
  private boolean dnsjavaAccepts(List<byte[]> stream) throws IOException {
    TSIG.StreamVerifier v = new TSIG.StreamVerifier(dnsjava, request.getTSIG());
    for (int i = 0; i < stream.size(); i++) {
      if (v.verify(new Message(stream.get(i)), stream.get(i), i == stream.size() - 1) != Rcode.NOERROR) {
        return false;
      }
    }
    return true;
  }

  /** Where the TSIG record of a signed message starts: its length without it. */
  private static int tsigStart(byte[] wire) throws IOException {
    Message m = new Message(wire);
    m.removeRecord(m.getTSIG(), Section.ADDITIONAL);
    return m.toWire().length;
  }
}
