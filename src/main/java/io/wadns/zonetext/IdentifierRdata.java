package io.wadns.zonetext;

import java.io.IOException;
import org.xbill.DNS.Type;

/**
 * The RDATA of the identifier and locator types that dnsjava names but cannot read from text, read as
 * BIND, Knot and NSD read them: EUI48 and EUI64 (RFC 7043 §3.2, §4.2: hyphen-separated hex octets), NID,
 * L64 (RFC 6742 §2.3, §2.4: a preference and four colon-separated groups of four hex digits), L32 (an IPv4
 * address), LP (a name) and CSYNC (RFC 7477 §2.2: a serial, flags and a type bit map).
 */
final class IdentifierRdata {
  private IdentifierRdata() {}

  static boolean handles(int type) {
    return type == Type.EUI48 || type == Type.EUI64 || type == Type.NID || type == Type.L32 || type == Type.L64
        || type == Type.LP || type == Type.CSYNC;
  }

  static void parse(int type, RdataScanner s) throws IOException, EntryError {
    switch (type) {
      case Type.EUI48 -> groups(s, "address", 6, 2, '-');
      case Type.EUI64 -> groups(s, "address", 8, 2, '-');
      case Type.NID -> {
        s.u16("preference");
        groups(s, "node ID", 4, 4, ':');
      }
      case Type.L64 -> {
        s.u16("preference");
        groups(s, "locator", 4, 4, ':');
      }
      case Type.L32 -> {
        s.u16("preference");
        NativeRdata.ipv4(s, "locator");
      }
      case Type.LP -> {
        s.u16("preference");
        s.name("locator name");
      }
      case Type.CSYNC -> {
        s.u32("SOA serial");
        s.u16("flags");
        TypeBitmap.write(s);
      }
      default -> throw new IllegalArgumentException("not an identifier type: " + type);
    }
  }

  /**
   * {@code count} groups of hex digits joined by {@code separator}, each making {@code digits / 2} octets:
   * EUI groups have exactly two digits (RFC 7043 §3.2: "all 6 octets"); the four 16-bit groups of a node ID
   * or locator may drop leading zeros, as BIND writes them ({@code 14:4fff:ff20:ee64}), up to four digits.
   */
  private static void groups(RdataScanner s, String what, int count, int digits, char separator)
      throws IOException, EntryError {
    s.field(what);
    byte[] t = s.lexer.token();
    int length = s.lexer.tokenLength();
    int at = 0;
    for (int g = 0; g < count; g++) {
      if (g > 0) {
        if (at >= length || t[at] != separator) {
          throw s.invalid(what, expected(count, digits, separator));
        }
        at++;
      }
      int start = at;
      long value = 0;
      while (at < length && t[at] != separator && at - start < digits) {
        int d = Character.digit(t[at], 16);
        if (d < 0) {
          throw s.invalid(what, expected(count, digits, separator));
        }
        value = value << 4 | d;
        at++;
      }
      int found = at - start;
      if (found == 0 || (digits == 2 && found != 2)) {
        throw s.invalid(what, expected(count, digits, separator));
      }
      for (int shift = (digits / 2 - 1) * 8; shift >= 0; shift -= 8) {
        s.out.u8((int) (value >>> shift) & 0xFF);
      }
    }
    if (at != length) {
      throw s.invalid(what, expected(count, digits, separator));
    }
  }

  private static String expected(int count, int digits, char separator) {
    String group = "x".repeat(digits);
    return "is not " + count + " groups of " + (digits == 2 ? "2" : "1 to " + digits) + " hex digits ("
        + (group + separator).repeat(count - 1) + group + ")";
  }
}
