package io.wadns.zonetext;

import java.nio.charset.StandardCharsets;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Type;

/**
 * Recognises type and class mnemonics in the bytes of a token without making a String.
 *
 * <p>Names of up to eight characters (all the common ones) are packed, upper-cased, into a long
 * and found in a small open-addressing table; anything else asks dnsjava, which also knows the
 * types registered with it after start-up and the RFC 3597 {@code TYPEnnn} and {@code CLASSnnn}
 * forms.
 */
final class TypeNames {
  static final int NOT_FOUND = -1;
  private static final int TABLE_SIZE = 512;
  private static final long[] KEYS = new long[TABLE_SIZE];
  private static final int[] VALUES = new int[TABLE_SIZE];
  private static final long IN = pack("IN".getBytes(StandardCharsets.US_ASCII), 2);
  private static final long CLASS1 = pack("CLASS1".getBytes(StandardCharsets.US_ASCII), 6);

  /**
   * Where types have names: IANA's assignments (1-262 so far, and TA and DLV at 32768-32769) and the
   * private-use range, where this server's own types are. Asking dnsjava for all 65,535 made as many
   * {@code TYPEnnn} strings, some 60 ms of every start on one CPU; a type named outside these ranges
   * is still found, through dnsjava, as any longer name is.
   */
  private static final int[][] NAMED_RANGES = {{1, 4095}, {32768, 33023}, {65280, 65535}};

  static {
    for (int[] range : NAMED_RANGES) {
      for (int type = range[0]; type <= range[1]; type++) {
        String name = Type.string(type);
        if (!name.startsWith("TYPE") && name.length() <= 8) {
          put(pack(name.getBytes(StandardCharsets.US_ASCII), name.length()), type);
        }
      }
    }
  }

  private TypeNames() {}

  /** The type a token names, or {@link #NOT_FOUND}. */
  static int type(byte[] token, int length) {
    if (length <= 8) {
      long key = pack(token, length);
      if (key != 0) {
        for (int i = slot(key); KEYS[i] != 0; i = (i + 1) & (TABLE_SIZE - 1)) {
          if (KEYS[i] == key) {
            return VALUES[i];
          }
        }
      }
    }
    int type = Type.value(new String(token, 0, length, StandardCharsets.ISO_8859_1));
    return type > 0 ? type : NOT_FOUND;
  }

  /** True when the token is {@code IN} (or {@code CLASS1}). */
  static boolean isClassIn(byte[] token, int length) {
    return length == 2 && pack(token, 2) == IN || length == 6 && pack(token, 6) == CLASS1;
  }

  /** The class a token names, or {@link #NOT_FOUND}. */
  static int classValue(byte[] token, int length) {
    if (length == 2 && pack(token, 2) == IN) {
      return DClass.IN;
    }
    int c = token[0] | 0x20;
    if (c < 'a' || c > 'z') {
      return NOT_FOUND;
    }
    int value = DClass.value(new String(token, 0, length, StandardCharsets.ISO_8859_1));
    return value >= 0 ? value : NOT_FOUND;
  }

  static String typeName(int type) {
    return Type.string(type);
  }

  /** Packs up to eight ASCII bytes, upper-cased; 0 when a byte cannot be in a mnemonic. */
  private static long pack(byte[] token, int length) {
    long key = 0;
    for (int i = 0; i < length; i++) {
      int c = token[i];
      if (c >= 'a' && c <= 'z') {
        c -= 32;
      } else if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
        return 0;
      }
      key = key << 8 | c;
    }
    return key;
  }

  private static int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 55) & (TABLE_SIZE - 1);
  }

  private static void put(long key, int value) {
    int i = slot(key);
    while (KEYS[i] != 0) {
      i = (i + 1) & (TABLE_SIZE - 1);
    }
    KEYS[i] = key;
    VALUES[i] = value;
  }
}
