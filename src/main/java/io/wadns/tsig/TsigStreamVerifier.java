package io.wadns.tsig;

import io.wadns.wire.Wire;
import io.wadns.zone.NameTable;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import javax.crypto.Mac;
import org.xbill.DNS.Rcode;

/**
 * Checks the TSIG records of an answer of many messages (a zone transfer) on the messages' wire bytes,
 * so that a signed transfer is read in place like an unsigned one, without a parsed message per
 * message (RFC 8945 §5.3.1). The first message's MAC covers the request's MAC, the message and all TSIG
 * variables; each later signed message's covers the previous MAC, every unsigned message since, the
 * message and the timers. The first and the last message must be signed, and no more than 99 in a row
 * may go unsigned. One HMAC runs across the whole stream, so a message is hashed once, as it comes.
 *
 * <p>Made by {@link TsigKey#streamVerifier}; one per transfer, not shared between threads.
 */
public final class TsigStreamVerifier {
  /** TSIG's RR type (RFC 8945 §4.2). */
  static final int TYPE_TSIG = 250;
  /** TSIG's class: ANY (RFC 8945 §4.2). */
  static final int CLASS_ANY = 255;
  /** RFC 8945 §5.3.1: a client must accept up to 99 messages in a row without a TSIG. */
  static final int MAX_UNSIGNED_IN_A_ROW = 99;
  /** Pointers followed at most in one name: bounds the work a hostile message can ask for. */
  private static final int MAX_HOPS = 128;

  private final Mac mac;
  private final byte[] keyName;
  private final byte[] algorithm;
  private final Clock clock;
  private final int minimumMacLength;
  private int messages;
  private int unsignedInARow;
  private boolean lastSigned;

  /**
   * @param mac an HMAC initialized with the key's secret
   * @param keyName the key's name in canonical wire form (RFC 4034 §6.2: lower case, uncompressed)
   * @param algorithm the algorithm's name in canonical wire form
   * @param requestMac the MAC of the signed request
   */
  TsigStreamVerifier(Mac mac, byte[] keyName, byte[] algorithm, byte[] requestMac, Clock clock) {
    this.mac = mac;
    this.keyName = keyName;
    this.algorithm = algorithm;
    this.clock = clock;
    // RFC 8945 §5.2.2.1: a MAC cut shorter than half the hash's output, or than 10 octets, is not taken.
    this.minimumMacLength = Math.max(10, mac.getMacLength() / 2);
    addPriorMac(requestMac, 0, requestMac.length);
  }

  /**
   * Checks the next message of the answer.
   *
   * @return the offset of the message's TSIG record (where what it signs ends), or the message's length
   *     when it carries none, which the stream allows for a message between two signed ones
   * @throws Failure when the message is malformed (so its TSIG cannot be found: {@link Failure#malformed}),
   *     or its TSIG does not verify: {@link Failure#rcode} is the TSIG error (RFC 8945 §5.2) or FORMERR
   */
  public int check(byte[] wire) throws Failure {
    messages++;
    int length = wire.length;
    int tsigAt = tsigOffset(wire, length);
    if (tsigAt == length) {
      lastSigned = false;
      if (messages == 1) {
        throw new Failure(Rcode.FORMERR, "the first message is not signed");
      }
      if (++unsignedInARow > MAX_UNSIGNED_IN_A_ROW) {
        throw new Failure(Rcode.FORMERR, "more than " + MAX_UNSIGNED_IN_A_ROW + " messages in a row not signed");
      }
      mac.update(wire, 0, length); // covered by the next signed message's MAC (§5.3.1)
      return length;
    }
    verify(wire, tsigAt, length);
    unsignedInARow = 0;
    lastSigned = true;
    return tsigAt;
  }

  /** True when the last message checked was signed, as the last message of an answer must be (§5.3.1). */
  public boolean endsSigned() {
    return lastSigned;
  }

  /** The TSIG record at {@code at} checked, and its MAC made the prior MAC of the next one. */
  private void verify(byte[] wire, int at, int length) throws Failure {
    if (!nameEquals(wire, at, length, keyName)) {
      throw new Failure(Rcode.BADKEY, "signed with another key");
    }
    int fixed = Wire.nameEnd(wire, at, length);
    int end = Wire.recordEnd(wire, fixed, length);
    if (end != length || Wire.u16(wire, fixed + 2) != CLASS_ANY || Wire.u32(wire, fixed + 4) != 0) {
      throw new Failure(Rcode.FORMERR, "a malformed TSIG record");
    }
    int rdata = fixed + 10;
    if (!nameEquals(wire, rdata, end, algorithm)) {
      throw new Failure(Rcode.BADKEY, "signed with another algorithm");
    }
    int timers = Wire.nameEnd(wire, rdata, end);
    if (timers < 0 || timers + 10 > end) {
      throw new Failure(Rcode.FORMERR, "a malformed TSIG record");
    }
    int macLength = Wire.u16(wire, timers + 8);
    int macAt = timers + 10;
    int afterMac = macAt + macLength; // original ID, error, other length, other data
    if (afterMac + 6 > end || afterMac + 6 + Wire.u16(wire, afterMac + 4) != end) {
      throw new Failure(Rcode.FORMERR, "a malformed TSIG record");
    }
    int peerError = Wire.u16(wire, afterMac + 2);
    if (peerError != Rcode.NOERROR) {
      throw new Failure(peerError, "the primary's TSIG says " + TsigErrors.name(peerError));
    }
    if (macLength > mac.getMacLength() || macLength < minimumMacLength) {
      // RFC 8945 §5.2.2.1: longer than the hash, or cut shorter than it allows, is FORMERR.
      throw new Failure(Rcode.FORMERR, "a MAC of " + macLength + " octets");
    }
    // The message as signed (§4.3.2): its original ID, and ARCOUNT without the TSIG.
    byte[] header = new byte[Wire.HEADER_LENGTH];
    System.arraycopy(wire, 0, header, 0, Wire.HEADER_LENGTH);
    Wire.put16(header, 0, Wire.u16(wire, afterMac));
    Wire.put16(header, 10, Wire.additionalCount(wire) - 1);
    mac.update(header);
    mac.update(wire, Wire.HEADER_LENGTH, at - Wire.HEADER_LENGTH);
    if (messages == 1) {
      // All the variables (§4.3.3): name, class, TTL, algorithm, timers, error and other data.
      mac.update(keyName);
      mac.update(new byte[] {0, (byte) CLASS_ANY, 0, 0, 0, 0});
      mac.update(algorithm);
      mac.update(wire, timers, 8);
      mac.update(wire, afterMac + 2, end - afterMac - 2);
    } else {
      mac.update(wire, timers, 8); // the timers alone (§4.3.3, §5.3.1)
    }
    byte[] expected = mac.doFinal();
    if (!MessageDigest.isEqual(Arrays.copyOf(expected, macLength), Arrays.copyOfRange(wire, macAt, afterMac))) {
      throw new Failure(Rcode.BADSIG, null);
    }
    // The time only after the MAC (§5.2.3): a forged message's time says nothing.
    long signed = (long) Wire.u16(wire, timers) << 32 | Wire.u32(wire, timers + 2);
    long fudge = Wire.u16(wire, timers + 6);
    if (Math.abs(clock.instant().getEpochSecond() - signed) > fudge) {
      throw new Failure(Rcode.BADTIME, null);
    }
    addPriorMac(wire, macAt, macLength);
  }

  /** The next MAC starts with this one, its length first (§4.3.1, §5.3.1). */
  private void addPriorMac(byte[] b, int offset, int length) {
    mac.update(new byte[] {(byte) (length >>> 8), (byte) length});
    mac.update(b, offset, length);
  }

  /**
   * The offset of the TSIG record, the last of the additional section (§5.1), or {@code length} when
   * the message has none.
   *
   * @throws Failure when the message cannot be walked, or a TSIG record is not the last of the additional
   *     section (§5.2: FORMERR)
   */
  private static int tsigOffset(byte[] wire, int length) throws Failure {
    if (length < Wire.HEADER_LENGTH) {
      throw Failure.malformed();
    }
    int p = Wire.HEADER_LENGTH;
    for (int i = Wire.questionCount(wire); i > 0 && p >= 0; i--) {
      p = Wire.nameEnd(wire, p, length);
      p = p < 0 || p + 4 > length ? -1 : p + 4;
    }
    int additional = Wire.additionalCount(wire);
    int records = Wire.answerCount(wire) + Wire.authorityCount(wire) + additional;
    int last = length;
    for (int i = 0; i < records && p >= 0; i++) {
      int fixed = Wire.nameEnd(wire, p, length);
      int end = Wire.recordEnd(wire, fixed, length);
      if (end >= 0 && Wire.u16(wire, fixed) == TYPE_TSIG) {
        if (i != records - 1 || additional == 0) {
          throw new Failure(Rcode.FORMERR, "a TSIG record that is not the last of the additional section");
        }
        last = p;
      }
      p = end;
    }
    if (p < 0) {
      throw Failure.malformed();
    }
    return last;
  }

  /** True when the name at {@code p} (compressed or not) is {@code canonical}, case aside (RFC 4343). */
  static boolean nameEquals(byte[] wire, int p, int length, byte[] canonical) {
    int c = 0;
    for (int hops = 0; hops < MAX_HOPS && p >= 0 && p < length; ) {
      int len = wire[p] & 0xFF;
      if ((len & 0xC0) == 0xC0) {
        if (p + 1 >= length) {
          return false;
        }
        p = (len & 0x3F) << 8 | wire[p + 1] & 0xFF;
        hops++;
        continue;
      }
      if ((len & 0xC0) != 0 || p + len >= length || c + len >= canonical.length || canonical[c] != len) {
        return false;
      }
      for (int i = 1; i <= len; i++) {
        if (NameTable.lower(wire[p + i]) != (canonical[c + i] & 0xFF)) {
          return false;
        }
      }
      c += len + 1;
      p += len + 1;
      if (len == 0) {
        return c == canonical.length;
      }
    }
    return false;
  }

  /** A message of the stream that does not verify, or is malformed. */
  public static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    /**
     * The TSIG error (RFC 8945 §5.2: BADSIG, BADKEY, BADTIME; or the primary's own, any 16-bit value) or
     * FORMERR.
     */
    public final int rcode;
    /** The message could not be walked to find its TSIG: malformed, whatever its signature. */
    public final boolean malformed;

    Failure(int rcode, String why) {
      this(rcode, why, false);
    }

    private Failure(int rcode, String why, boolean malformed) {
      super(why == null ? "TSIG " + TsigErrors.name(rcode) : "TSIG " + TsigErrors.name(rcode) + " (" + why + ")",
          null, false, false);
      this.rcode = rcode;
      this.malformed = malformed;
    }

    static Failure malformed() {
      return new Failure(Rcode.FORMERR, "a malformed message", true);
    }
  }
}
