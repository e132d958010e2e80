package io.wadns.secondary;

import io.wadns.text.SafeText;
import io.wadns.wire.Wire;
import io.wadns.zone.NameTable;
import java.io.IOException;
import java.util.Arrays;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The answer records of one message of a transfer response, read straight from its wire form (RFC 1035
 * §4.1) into the form the zone-file reader hands over: owner and RDATA as uncompressed wire names in
 * the case they came, with no object per record. A million-record AXFR is mostly such messages, and
 * parsing each record into a dnsjava {@link Record} and writing it back out cost more than building the
 * zone from it.
 *
 * <p>Reads a message only where the result is exactly what dnsjava's parser and {@code toWire} give:
 * an ordinary response (our ID, QR, opcode QUERY, NOERROR, TC clear, a question and answers and nothing
 * else but a TSIG checked already, the first message echoing our question) whose answers are all of
 * class IN, in the zone, and of a type whose RDATA layout is known below (the address, name, text and
 * DNSSEC types a zone is made of: {@link #rdata}), with names that dnsjava would take (the same
 * compression rules: a pointer goes back before itself, RFC 1035 §4.1.4; at most 255 octets), and RDATA
 * as dnsjava writes it back (a type bitmap in its own form). Any other message is left to dnsjava
 * ({@link #read} says no), so that its errors and every other type stay as they were. {@code
 * WireAnswersTest} holds the two readers to the same records, message by message, over generated and
 * mangled messages.
 *
 * <p>Reused from message to message of one transfer; confined to its thread.
 */
final class WireAnswers {
  private static final int CLASS_IN = 1;
  /**
   * A bound on the pointers followed for one name, for the work a hostile message can make: dnsjava
   * follows any chain that goes backwards, so a longer one is left to it.
   */
  private static final int MAX_HOPS = 128;
  /** RDATA decompressed must still fit its 16-bit length (dnsjava fails writing a longer one out). */
  private static final int MAX_RDATA = 0xFFFF;
  private static final int MAX_NAME = 255;

  /** The zone's origin in wire form, lower case: every owner must be at or below it. */
  private final byte[] origin;

  /** The owners and RDATA of the records read, uncompressed, one after another. */
  private byte[] data = new byte[1 << 16];
  private int used;
  private int count;
  /** Where the message read ends for its records: its length, or where its TSIG starts. */
  private int messageEnd;
  private int[] ownerAt = new int[256];
  private int[] ownerLength = new int[256];
  private int[] rdataAt = new int[256];
  private int[] rdataLength = new int[256];
  private int[] types = new int[256];
  private long[] ttls = new long[256];

  /** A type bitmap being read: its octets by type / 8, which windows are set, and their numbers. */
  private final byte[] windowBits = new byte[65536 / 8];
  private final boolean[] windowSeen = new boolean[256];
  private final int[] windowsSet = new int[256];
  private int windowCount;

  /** Where a record is copied out for the sink, which takes arrays that start at 0. */
  private final byte[] owner = new byte[MAX_NAME];
  private byte[] rdata = new byte[1 << 10];

  WireAnswers(Name origin) {
    this.origin = origin.toWireCanonical(); // lower case (RFC 4034 §6.2)
  }

  /** The number of answers of the message last read. */
  int count() {
    return count;
  }

  /**
   * Reads {@code wire} as a message of the transfer asked with {@code id}; {@code questionType} is the
   * type asked (AXFR or IXFR) when this is the first message, which must echo the question (RFC 5936
   * §2.2), else -1. False when the message is not one this class reads (see the class comment): nothing
   * of it is kept, and dnsjava is to read it.
   */
  boolean read(byte[] wire, int id, int questionType) {
    return read(wire, wire.length, id, questionType, 0);
  }

  /**
   * As {@link #read(byte[], int, int)}, for a message whose last {@code signatures} records (0 or 1: its
   * TSIG, RFC 8945 §5.1) start at {@code length} and were checked already: they are the whole additional
   * section, and the answers are read up to {@code length}.
   */
  boolean read(byte[] wire, int length, int id, int questionType, int signatures) {
    count = 0;
    used = 0;
    messageEnd = length;
    if (length < Wire.HEADER_LENGTH || Wire.u16(wire, 0) != id) {
      return false;
    }
    // QR set, opcode QUERY, TC clear (dnsjava forgives a truncated message's errors), rcode NOERROR (no OPT
    // record, so no extended rcode: RFC 6891 §6.1.3).
    if ((Wire.flags(wire) & 0x8000) == 0 || Wire.opcode(wire) != 0 || Wire.truncated(wire)
        || Wire.rcode(wire) != 0) {
      return false;
    }
    int questions = Wire.questionCount(wire);
    int answers = Wire.answerCount(wire);
    if (Wire.authorityCount(wire) != 0 || Wire.additionalCount(wire) != signatures) {
      return false;
    }
    boolean first = questionType >= 0;
    if (first && (questions != 1 || answers == 0)) {
      return false;
    }
    int p = Wire.HEADER_LENGTH;
    for (int i = 0; i < questions; i++) {
      int at = used;
      p = name(wire, p, length);
      if (p < 0 || p + 4 > length) {
        return false;
      }
      if (first && (!isOrigin(at, used - at) || Wire.u16(wire, p) != questionType
          || Wire.u16(wire, p + 2) != CLASS_IN)) {
        return false;
      }
      used = at; // a question is checked, not kept
      p += 4;
    }
    for (int i = 0; i < answers; i++) {
      p = answer(wire, p, length);
      if (p < 0) {
        count = 0;
        used = 0;
        return false;
      }
    }
    return true; // bytes after the last section are passed over, as dnsjava passes them over
  }

  /**
   * Reads the record at {@code p} into the next slot; returns the offset after it, or -1 when it is not
   * one this class reads.
   */
  private int answer(byte[] wire, int p, int length) {
    grow();
    int at = used;
    p = name(wire, p, length);
    if (p < 0 || p + 10 > length) {
      return -1;
    }
    int nameLength = used - at;
    int type = Wire.u16(wire, p);
    int rrClass = Wire.u16(wire, p + 2);
    long ttl = (long) Wire.u16(wire, p + 4) << 16 | Wire.u16(wire, p + 6);
    int rdlength = Wire.u16(wire, p + 8);
    p += 10;
    // A TTL of 2^31 or more is passed on as dnsjava passes it on; the draft reads it as zero (RFC 2181 §8).
    if (rrClass != CLASS_IN || rdlength > length - p || !inZone(at, nameLength)
        || type == Type.SOA && !isOrigin(at, nameLength)) {
      return -1;
    }
    int rdAt = used;
    // A name in RDATA may point back into the RDATA itself, and so decompress to more than its rdlength.
    if (!rdata(wire, type, p, p + rdlength) || used - rdAt > MAX_RDATA) {
      return -1;
    }
    ownerAt[count] = at;
    ownerLength[count] = nameLength;
    rdataAt[count] = rdAt;
    rdataLength[count] = used - rdAt;
    types[count] = type;
    ttls[count] = ttl;
    count++;
    return p + rdlength;
  }

  /**
   * Copies the RDATA of a record of {@code type} in {@code wire[p, end)}, its names decompressed, as
   * dnsjava's {@code rrFromWire} of that type reads it and its {@code rrToWire} writes it back (every
   * field read, nothing left over); false for a type not read here or RDATA dnsjava would refuse.
   */
  private boolean rdata(byte[] wire, int type, int p, int end) {
    int rdlength = end - p;
    switch (type) {
      case Type.A:
        return rdlength == 4 && copy(wire, p, 4);
      case Type.AAAA:
        return rdlength == 16 && copy(wire, p, 16);
      case Type.NS, Type.CNAME, Type.PTR, Type.DNAME:
        return name(wire, p, end) == end;
      case Type.MX:
        return rdlength >= 2 && copy(wire, p, 2) && name(wire, p + 2, end) == end;
      case Type.SRV:
        return rdlength >= 6 && copy(wire, p, 6) && name(wire, p + 6, end) == end;
      case Type.SOA: {
        int q = name(wire, p, end);
        q = q < 0 ? -1 : name(wire, q, end);
        return q >= 0 && end - q == 20 && copy(wire, q, 20); // serial, refresh, retry, expire, minimum
      }
      case Type.TXT, Type.SPF: {
        int q = p;
        while (q < end) {
          q += 1 + (wire[q] & 0xFF); // counted strings, to the last octet
        }
        return q == end && copy(wire, p, rdlength);
      }
      case Type.DS, Type.CDS, Type.DNSKEY, Type.CDNSKEY:
        // key tag, algorithm, digest type, digest; or flags, protocol, algorithm, key
        return rdlength >= 4 && copy(wire, p, rdlength);
      case Type.RRSIG:
        // RFC 4034 §3.1: 18 octets of fixed fields, the signer's name, the signature
        if (rdlength < 18 || !copy(wire, p, 18)) {
          return false;
        }
        int q = name(wire, p + 18, end);
        return q >= 0 && copy(wire, q, end - q);
      case Type.CAA:
        // RFC 8659 §4.1: flags, the tag counted, the value to the end
        return rdlength >= 2 && 2 + (wire[p + 1] & 0xFF) <= rdlength && copy(wire, p, rdlength);
      case Type.NSEC: {
        // RFC 4034 §4.1: the next owner's name, the type bitmap
        int bitmap = name(wire, p, end);
        return bitmap >= 0 && typeBitmap(wire, bitmap, end);
      }
      case Type.NSEC3: {
        // RFC 5155 §3.2: hash algorithm, flags, iterations, the salt counted, the next hashed owner counted,
        // the type bitmap
        if (rdlength < 5) {
          return false;
        }
        int saltEnd = p + 5 + (wire[p + 4] & 0xFF);
        if (saltEnd >= end) {
          return false;
        }
        int nextEnd = saltEnd + 1 + (wire[saltEnd] & 0xFF);
        return nextEnd <= end && copy(wire, p, nextEnd - p) && typeBitmap(wire, nextEnd, end);
      }
      case Type.NSEC3PARAM:
        // RFC 5155 §4.2: hash algorithm, flags, iterations, the salt counted, nothing after
        return rdlength >= 5 && rdlength == 5 + (wire[p + 4] & 0xFF) && copy(wire, p, rdlength);
      default:
        return false;
    }
  }

  /**
   * Writes the type bitmap in {@code wire[p, end)} (RFC 4034 §4.1.2) as dnsjava writes the one it read: the
   * types it names, each window once, in order, each as long as its last type needs. dnsjava's reader takes
   * windows in any order, repeated or empty, and maps as long as 255 octets; false where it reads types
   * above 65535, which it writes out wrongly (as a window 0 again) or not at all.
   */
  private boolean typeBitmap(byte[] wire, int p, int end) {
    boolean fine = true;
    while (p < end && fine) {
      if (end - p < 2) {
        fine = false;
        break;
      }
      int window = wire[p] & 0xFF;
      int length = wire[p + 1] & 0xFF;
      p += 2;
      if (length > end - p) {
        fine = false;
        break;
      }
      for (int i = 0; i < length; i++) {
        int bits = wire[p + i] & 0xFF;
        if (bits != 0) {
          int type = window * 256 + i * 8; // past 255 octets of 8, into the next windows, as dnsjava counts
          if (type + 7 > 0xFFFF) {
            fine = false;
            break;
          }
          int w = type >> 8;
          if (!windowSeen[w]) {
            windowsSet[windowCount++] = w;
          }
          windowSeen[w] = true;
          windowBits[type >> 3] |= (byte) bits;
        }
      }
      p += length;
    }
    Arrays.sort(windowsSet, 0, windowCount);
    ensure(windowCount * 34);
    for (int k = 0; k < windowCount; k++) {
      int w = windowsSet[k];
      int last = 31;
      while (windowBits[w * 32 + last] == 0) {
        last--;
      }
      if (fine) {
        data[used++] = (byte) w;
        data[used++] = (byte) (last + 1);
        System.arraycopy(windowBits, w * 32, data, used, last + 1);
        used += last + 1;
      }
      Arrays.fill(windowBits, w * 32, w * 32 + 32, (byte) 0);
      windowSeen[w] = false;
    }
    windowCount = 0;
    return fine;
  }

  private boolean copy(byte[] wire, int p, int n) {
    ensure(n);
    System.arraycopy(wire, p, data, used, n);
    used += n;
    return true;
  }

  /**
   * Copies the name at {@code p} into {@link #data}, decompressed; returns the offset after it (after
   * its first pointer, where it has one), or -1 where dnsjava's {@code Name(DNSInput)} would refuse it.
   * Its labels up to the first pointer must end by {@code end} (a record's RDATA, or the message); after
   * a pointer, by the message's end, as dnsjava reads them (by its TSIG's start, when it has one: such a
   * name is left to dnsjava). A pointer must point before its own first octet, so that a chain of
   * pointers ends; a name over 255 octets is refused as dnsjava refuses it.
   */
  private int name(byte[] wire, int p, int end) {
    ensure(MAX_NAME);
    int start = used;
    int after = -1;
    int hops = 0;
    while (p < end) {
      int b = wire[p] & 0xFF;
      switch (b & 0xC0) {
        case 0x00:
          if (used - start + 1 + b > MAX_NAME) {
            return -1;
          }
          if (b == 0) {
            data[used++] = 0;
            return after < 0 ? p + 1 : after;
          }
          if (p + 1 + b > end) {
            return -1;
          }
          System.arraycopy(wire, p, data, used, 1 + b);
          used += 1 + b;
          p += 1 + b;
          break;
        case 0xC0:
          if (p + 2 > end || ++hops > MAX_HOPS) {
            return -1;
          }
          int target = (b & 0x3F) << 8 | wire[p + 1] & 0xFF;
          if (target >= p) {
            return -1;
          }
          if (after < 0) {
            after = p + 2;
          }
          end = messageEnd;
          p = target;
          break;
        default:
          return -1; // RFC 6891 §5: the extended label types are gone
      }
    }
    return -1;
  }

  /** Whether the name at {@code data[at, at + n)} is the origin or below it (case aside). */
  private boolean inZone(int at, int n) {
    return NameTable.endsWith(data, at, at + n, origin);
  }

  private boolean isOrigin(int at, int n) {
    return n == origin.length && inZone(at, n);
  }

  /** Whether record {@code i} is an SOA (the zone's: any other was refused). */
  boolean isSoa(int i) {
    return types[i] == Type.SOA;
  }

  /**
   * Hands record {@code i} to {@code transfer} as a record of the whole zone ({@link
   * IncomingTransfer#addToWholeZone}).
   */
  void addToWholeZone(int i, IncomingTransfer transfer) throws TransferException {
    int n = rdataLength[i];
    if (rdata.length < n) {
      rdata = new byte[Math.max(n, rdata.length * 2)];
    }
    System.arraycopy(data, ownerAt[i], owner, 0, ownerLength[i]);
    System.arraycopy(data, rdataAt[i], rdata, 0, n);
    transfer.addToWholeZone(owner, ownerLength[i], types[i], ttls[i], rdata, n);
  }

  /** Record {@code i} as a dnsjava record, for the parts of a transfer that keep records as objects. */
  Record record(int i) throws TransferException {
    try {
      return Record.fromWire(wireOf(i), Section.ANSWER);
    } catch (IOException e) {
      // Not expected: what was read here, dnsjava reads (WireAnswersTest).
      throw new TransferException("a malformed message: " + SafeText.of(e.getMessage()));
    }
  }

  /** Record {@code i} in wire form with no name compressed: owner, type, class, TTL, RDATA length, RDATA. */
  byte[] wireOf(int i) {
    int on = ownerLength[i];
    int rn = rdataLength[i];
    byte[] rr = new byte[on + 10 + rn];
    System.arraycopy(data, ownerAt[i], rr, 0, on);
    Wire.put16(rr, on, types[i]);
    Wire.put16(rr, on + 2, CLASS_IN);
    Wire.put16(rr, on + 4, (int) (ttls[i] >>> 16));
    Wire.put16(rr, on + 6, (int) ttls[i]);
    Wire.put16(rr, on + 8, rn);
    System.arraycopy(data, rdataAt[i], rr, on + 10, rn);
    return rr;
  }

  private void ensure(int n) {
    if (data.length - used < n) {
      data = Arrays.copyOf(data, Math.max(data.length * 2, used + n));
    }
  }

  private void grow() {
    if (count == types.length) {
      int n = count * 2;
      ownerAt = Arrays.copyOf(ownerAt, n);
      ownerLength = Arrays.copyOf(ownerLength, n);
      rdataAt = Arrays.copyOf(rdataAt, n);
      rdataLength = Arrays.copyOf(rdataLength, n);
      types = Arrays.copyOf(types, n);
      ttls = Arrays.copyOf(ttls, n);
    }
  }

}
