package io.wadns.zonetext;

/** Reads IPv4 (RFC 1035 §3.4.1) and IPv6 (RFC 4291 §2.2) addresses from token bytes. */
final class AddressText {
  private AddressText() {}

  /**
   * Writes the 4 octets of a dotted quad at {@code out[at]}. Like inet_pton, an octet has at most
   * three digits and no leading zero (so {@code 010} is not silently octal or decimal).
   */
  static boolean ipv4(byte[] text, int from, int to, byte[] out, int at) {
    int octets = 0;
    int value = 0;
    int digits = 0;
    for (int i = from; i < to; i++) {
      int c = text[i];
      if (c >= '0' && c <= '9') {
        if (digits == 3 || digits > 0 && value == 0) {
          return false;
        }
        value = value * 10 + (c - '0');
        digits++;
        if (value > 255) {
          return false;
        }
      } else if (c == '.') {
        if (digits == 0 || octets == 3) {
          return false;
        }
        out[at + octets++] = (byte) value;
        value = 0;
        digits = 0;
      } else {
        return false;
      }
    }
    if (octets != 3 || digits == 0) {
      return false;
    }
    out[at + 3] = (byte) value;
    return true;
  }

  /** Writes the 16 octets of an IPv6 address at {@code out[at]}; {@code ::} and a dotted-quad tail allowed. */
  static boolean ipv6(byte[] text, int length, byte[] out, int at) {
    int i = 0;
    int written = 0;
    int gap = -1;
    if (length >= 2 && text[0] == ':' && text[1] == ':') {
      gap = 0;
      i = 2;
    }
    while (i < length) {
      int groupStart = i;
      int value = 0;
      int digits = 0;
      while (i < length && digits <= 4) {
        int v = BinaryText.hexValue(text[i]);
        if (v < 0) {
          break;
        }
        value = value << 4 | v;
        digits++;
        i++;
      }
      if (i < length && text[i] == '.') {
        // RFC 4291 §2.2 form 3: the last 32 bits as a dotted quad.
        if (written > 12 || !ipv4(text, groupStart, length, out, at + written)) {
          return false;
        }
        written += 4;
        break;
      }
      if (digits == 0 || digits > 4 || written == 16) {
        return false;
      }
      out[at + written++] = (byte) (value >>> 8);
      out[at + written++] = (byte) value;
      if (i == length) {
        break;
      }
      if (text[i++] != ':' || i == length) {
        return false;
      }
      if (text[i] == ':') {
        if (gap >= 0) {
          return false;
        }
        gap = written;
        i++;
      }
    }
    if (gap < 0) {
      return written == 16;
    }
    if (written == 16) {
      return false; // "::" must stand for at least one group
    }
    int tail = written - gap;
    System.arraycopy(out, at + gap, out, at + 16 - tail, tail);
    java.util.Arrays.fill(out, at + gap, at + 16 - tail, (byte) 0);
    return true;
  }
}
