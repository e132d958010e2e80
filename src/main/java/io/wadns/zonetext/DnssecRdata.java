package io.wadns.zonetext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.Type;

/** RDATA of the DNSSEC types: RFC 4034 (DS, DNSKEY, RRSIG, NSEC), RFC 5155 (NSEC3), RFC 7344 (CDS, CDNSKEY). */
final class DnssecRdata {
  private DnssecRdata() {}

  static boolean handles(int type) {
    switch (type) {
      case Type.DS:
      case Type.CDS:
      case Type.DNSKEY:
      case Type.CDNSKEY:
      case Type.RRSIG:
      case Type.NSEC:
      case Type.NSEC3:
      case Type.NSEC3PARAM:
        return true;
      default:
        return false;
    }
  }

  static void parse(int type, RdataScanner s) throws IOException, EntryError {
    switch (type) {
      case Type.DS:
      case Type.CDS:
        ds(s);
        break;
      case Type.DNSKEY:
      case Type.CDNSKEY:
        s.u16("flags");
        s.u8("protocol");
        algorithm(s);
        s.base64ToEnd("public key", false);
        break;
      case Type.RRSIG:
        rrsig(s);
        break;
      case Type.NSEC:
        s.name("next domain name");
        TypeBitmap.write(s);
        break;
      case Type.NSEC3:
        nsec3param(s);
        nextHashedOwner(s);
        TypeBitmap.write(s);
        break;
      case Type.NSEC3PARAM:
        nsec3param(s);
        break;
      default:
        throw new IllegalArgumentException("not a DNSSEC type: " + type);
    }
  }

  private static void ds(RdataScanner s) throws IOException, EntryError {
    // RFC 4034 §5.3
    s.u16("key tag");
    algorithm(s);
    int digestType = (int) s.number("digest type", 0xFF);
    s.out.u8(digestType);
    int start = s.out.length;
    int line = s.lexer.tokenLine();
    s.hexToEnd("digest", true);
    int expected = DNSSEC.Digest.algLength(digestType);
    int actual = s.out.length - start;
    if (expected > -1 && expected != actual) {
      throw new EntryError(
          line,
          s.typeName() + " digest has " + actual + " octets, but digest type " + digestType + " has " + expected);
    }
  }

  /** An algorithm number, or its mnemonic (RFC 4034 Appendix A.1). */
  private static void algorithm(RdataScanner s) throws IOException, EntryError {
    s.field("algorithm");
    byte[] token = s.lexer.token();
    int length = s.lexer.tokenLength();
    if (length > 0 && token[0] >= '0' && token[0] <= '9') {
      s.lexer.pushBack();
      s.u8("algorithm");
      return;
    }
    int value = DNSSEC.Algorithm.value(new String(token, 0, length, StandardCharsets.ISO_8859_1));
    if (value < 0 || value > 255) {
      throw s.invalid("algorithm", "is not a DNSSEC algorithm number or mnemonic");
    }
    s.out.u8(value);
  }

  private static void rrsig(RdataScanner s) throws IOException, EntryError {
    // RFC 4034 §3.2
    s.field("type covered");
    int covered = TypeNames.type(s.lexer.token(), s.lexer.tokenLength());
    if (covered == TypeNames.NOT_FOUND) {
      throw s.invalid("type covered", "is not a record type");
    }
    s.out.u16(covered);
    algorithm(s);
    s.u8("labels");
    s.duration("original TTL");
    time(s, "signature expiration");
    time(s, "signature inception");
    s.u16("key tag");
    s.name("signer's name");
    s.base64ToEnd("signature", true);
  }

  /** RFC 4034 §3.2: YYYYMMDDHHmmSS in UTC, or seconds since 1970; written modulo 2^32. */
  private static void time(RdataScanner s, String what) throws IOException, EntryError {
    s.field(what);
    byte[] t = s.lexer.token();
    int length = s.lexer.tokenLength();
    for (int i = 0; i < length; i++) {
      if (t[i] < '0' || t[i] > '9') {
        throw s.invalid(what, "is not YYYYMMDDHHmmSS or a number of seconds");
      }
    }
    long seconds;
    if (length == 14) {
      try {
        seconds =
            LocalDateTime.of(
                    digits(t, 0, 4), digits(t, 4, 2), digits(t, 6, 2), digits(t, 8, 2), digits(t, 10, 2), digits(t, 12, 2))
                .toEpochSecond(ZoneOffset.UTC);
      } catch (DateTimeException e) {
        throw s.invalid(what, "is not a valid date and time");
      }
    } else if (length > 0 && length <= 10) {
      seconds = digits(t, 0, length);
    } else {
      throw s.invalid(what, "is not YYYYMMDDHHmmSS or a number of seconds");
    }
    s.out.u32(seconds & TtlText.MAX_UNSIGNED_32);
  }

  private static int digits(byte[] t, int from, int count) {
    long value = 0;
    for (int i = from; i < from + count; i++) {
      value = value * 10 + (t[i] - '0');
    }
    return (int) Math.min(value, Integer.MAX_VALUE);
  }

  /** RFC 5155 §3.3 and §4.3: algorithm, flags, iterations, and a hex salt or "-" for none. */
  private static void nsec3param(RdataScanner s) throws IOException, EntryError {
    s.u8("hash algorithm");
    s.u8("flags");
    s.u16("iterations");
    s.field("salt");
    byte[] t = s.lexer.token();
    int length = s.lexer.tokenLength();
    int at = s.out.reserve(1);
    if (length == 1 && t[0] == '-') {
      s.out.data[at] = 0;
      return;
    }
    if ((length & 1) != 0 || length > 510) {
      throw s.invalid("salt", "is not up to 255 octets of hexadecimal, or '-'");
    }
    for (int i = 0; i < length; i += 2) {
      int high = BinaryText.hexValue(t[i]);
      int low = BinaryText.hexValue(t[i + 1]);
      if (high < 0 || low < 0) {
        throw s.invalid("salt", "is not up to 255 octets of hexadecimal, or '-'");
      }
      s.out.u8(high << 4 | low);
    }
    s.out.data[at] = (byte) (length / 2);
  }

  /** RFC 5155 §3.3: the next hashed owner name in base32hex (RFC 4648 §7), without padding. */
  private static void nextHashedOwner(RdataScanner s) throws IOException, EntryError {
    s.field("next hashed owner name");
    byte[] t = s.lexer.token();
    int length = s.lexer.tokenLength();
    int octets = length * 5 / 8;
    int remainder = length % 8;
    if (length == 0 || octets > 255 || remainder == 1 || remainder == 3 || remainder == 6) {
      throw s.invalid("next hashed owner name", "is not base32hex");
    }
    s.out.u8(octets);
    long bits = 0;
    int count = 0;
    for (int i = 0; i < length; i++) {
      int c = t[i] | 0x20;
      int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'v' ? c - 'a' + 10 : -1;
      if (v < 0) {
        throw s.invalid("next hashed owner name", "is not base32hex");
      }
      bits = bits << 5 | v;
      count += 5;
      if (count >= 8) {
        count -= 8;
        s.out.u8((int) (bits >>> count));
      }
    }
  }
}
