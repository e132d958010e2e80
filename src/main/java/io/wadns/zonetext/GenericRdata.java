package io.wadns.zonetext;

import java.io.IOException;
import java.util.Arrays;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * RFC 3597 §5 generic RDATA, {@code \# LENGTH HEX...}, accepted for every type.
 *
 * <p>For a type with a known layout, the octets must make sense for it (RFC 3597 §5: "the RDATA
 * must be valid"), as BIND checks; dnsjava's wire parser is the judge, since this is rare.
 */
final class GenericRdata {
  private GenericRdata() {}

  /** True when the current token is the {@code \#} marker. */
  static boolean isMarker(ZoneLexer lexer) {
    return lexer.kind() == ZoneLexer.WORD
        && lexer.tokenLength() == 2
        && lexer.token()[0] == '\\'
        && lexer.token()[1] == '#';
  }

  /** Reads {@code LENGTH HEX...} (the marker already read) and the end of the entry. */
  static void parse(int type, RdataScanner s) throws IOException, EntryError {
    int length = (int) s.number("generic data length", WireBuffer.MAX_RDATA);
    int line = s.lexer.tokenLine();
    int start = s.out.length;
    s.hexToEnd("generic data", length > 0);
    s.end();
    int actual = s.out.length - start;
    if (actual != length) {
      throw new EntryError(
          line, s.typeName() + " generic data has " + actual + " octets, but its length says " + length);
    }
    if (hasKnownLayout(type)) {
      byte[] data = Arrays.copyOfRange(s.out.data, start, start + length);
      Record record;
      try {
        record = Record.newRecord(Name.root, type, DClass.IN, 0, data);
      } catch (RuntimeException e) {
        record = null;
      }
      if (record == null) {
        throw new EntryError(line, s.typeName() + " generic data is not valid " + s.typeName() + " RDATA");
      }
    }
  }

  private static boolean hasKnownLayout(int type) {
    return !Type.string(type).startsWith("TYPE");
  }
}
