package io.wadns.zonetext;

import java.io.IOException;
import java.util.Arrays;

/** The type bit maps of NSEC and NSEC3 (RFC 4034 §4.1.2): the remaining fields, each a type. */
final class TypeBitmap {
  private TypeBitmap() {}

  static void write(RdataScanner s) throws IOException, EntryError {
    int[] types = new int[8];
    int count = 0;
    while (!s.atEnd()) {
      s.field("type");
      int type = TypeNames.type(s.lexer.token(), s.lexer.tokenLength());
      if (type == TypeNames.NOT_FOUND) {
        throw s.invalid("type", "is not a record type");
      }
      if (count == types.length) {
        types = Arrays.copyOf(types, count * 2);
      }
      types[count++] = type;
    }
    Arrays.sort(types, 0, count);
    int i = 0;
    while (i < count) {
      int window = types[i] >>> 8;
      int start = s.out.reserve(2);
      int bitmapStart = s.out.length;
      int octets = 0;
      for (; i < count && types[i] >>> 8 == window; i++) {
        int low = types[i] & 0xFF;
        int octet = low >>> 3;
        while (octets <= octet) {
          s.out.u8(0);
          octets++;
        }
        s.out.data[bitmapStart + octet] |= (byte) (0x80 >>> (low & 7));
      }
      s.out.data[start] = (byte) window;
      s.out.data[start + 1] = (byte) octets;
    }
  }
}
