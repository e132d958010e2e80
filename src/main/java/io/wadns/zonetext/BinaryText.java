package io.wadns.zonetext;

/**
 * Hexadecimal and base64 (RFC 4648) decoding that runs across several tokens, since keys,
 * signatures and digests may be split anywhere by blanks and line breaks (RFC 4034 §2.2).
 */
final class BinaryText {
  private static final byte[] HEX = new byte[256];
  private static final byte[] BASE64 = new byte[256];

  static {
    java.util.Arrays.fill(HEX, (byte) -1);
    java.util.Arrays.fill(BASE64, (byte) -1);
    for (int i = 0; i < 10; i++) {
      HEX['0' + i] = (byte) i;
    }
    for (int i = 0; i < 6; i++) {
      HEX['a' + i] = (byte) (10 + i);
      HEX['A' + i] = (byte) (10 + i);
    }
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 64; i++) {
      BASE64[alphabet.charAt(i)] = (byte) i;
    }
  }

  private BinaryText() {}

  static Decoder hex() {
    return new HexDecoder();
  }

  static Decoder base64() {
    return new Base64Decoder();
  }

  /** Value of a hex digit, or -1. */
  static int hexValue(byte c) {
    return HEX[c & 0xFF];
  }

  /** Turns text into octets, a token at a time. */
  interface Decoder {
    void reset();

    /** Decodes one more token; false if it holds a character that does not belong. */
    boolean feed(byte[] text, int length, WireBuffer out) throws EntryError;

    /** False if the text stopped in the middle of a group. */
    boolean finish(WireBuffer out);
  }

  private static final class HexDecoder implements Decoder {
    private int high = -1;

    @Override
    public void reset() {
      high = -1;
    }

    @Override
    public boolean feed(byte[] text, int length, WireBuffer out) throws EntryError {
      for (int i = 0; i < length; i++) {
        int v = HEX[text[i] & 0xFF];
        if (v < 0) {
          return false;
        }
        if (high < 0) {
          high = v;
        } else {
          out.u8(high << 4 | v);
          high = -1;
        }
      }
      return true;
    }

    @Override
    public boolean finish(WireBuffer out) {
      return high < 0;
    }
  }

  private static final class Base64Decoder implements Decoder {
    private final int[] group = new int[4];
    private int count;
    private int padding;
    private boolean ended;

    @Override
    public void reset() {
      count = 0;
      padding = 0;
      ended = false;
    }

    @Override
    public boolean feed(byte[] text, int length, WireBuffer out) throws EntryError {
      for (int i = 0; i < length; i++) {
        byte c = text[i];
        if (ended) {
          return false; // data after the padding
        }
        if (c == '=') {
          if (count < 2) {
            return false;
          }
          padding++;
          group[count++] = 0;
        } else {
          int v = BASE64[c & 0xFF];
          if (v < 0 || padding > 0) {
            return false;
          }
          group[count++] = v;
        }
        if (count == 4) {
          if (!emit(out)) {
            return false;
          }
          count = 0;
        }
      }
      return true;
    }

    private boolean emit(WireBuffer out) throws EntryError {
      int bits = group[0] << 18 | group[1] << 12 | group[2] << 6 | group[3];
      out.u8(bits >>> 16);
      if (padding == 0) {
        out.u8(bits >>> 8);
        out.u8(bits);
        return true;
      }
      ended = true;
      if (padding == 1) {
        out.u8(bits >>> 8);
        return (bits & 0xFF) == 0;
      }
      return (bits & 0xFFFF) == 0;
    }

    @Override
    public boolean finish(WireBuffer out) {
      return count == 0;
    }
  }
}
