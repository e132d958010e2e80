package io.wadns.zonetext;

import java.io.IOException;
import java.util.Arrays;

/** The control entries of RFC 1035 §5.1 ({@code $ORIGIN}, {@code $INCLUDE}), RFC 2308 §4 ({@code $TTL}) and BIND's {@code $GENERATE}. */
final class Directives {
  private Directives() {}

  /** Reads the directive whose name is the lexer's current token. */
  static void read(ZoneFileParser p, int line) throws IOException, EntryError {
    ZoneLexer lexer = p.lexer;
    String name = ZoneFileParser.text(lexer.token(), lexer.tokenLength());
    if (name.equalsIgnoreCase("$ORIGIN")) {
      origin(p, line);
    } else if (name.equalsIgnoreCase("$TTL")) {
      ttl(p, line);
    } else if (name.equalsIgnoreCase("$INCLUDE")) {
      include(p, line);
    } else if (name.equalsIgnoreCase("$GENERATE")) {
      GenerateDirective.read(p, line);
    } else {
      throw new EntryError(line, "unknown directive '" + Excerpt.of(lexer.token(), 0, lexer.tokenLength()) + "'");
    }
  }

  /** {@code $ORIGIN name}: a relative name is relative to the current origin. */
  private static void origin(ZoneFileParser p, int line) throws IOException, EntryError {
    String directive = "$ORIGIN";
    word(p, directive, "domain name", line);
    byte[] wire = new byte[WireName.MAX_NAME + 1];
    ZoneLexer lexer = p.lexer;
    int length =
        WireName.parse(lexer.token(), 0, lexer.tokenLength(), p.origin, p.originLength, wire, 0, lexer.tokenLine());
    end(p, directive);
    p.setOrigin(Arrays.copyOf(wire, length));
  }

  /** {@code $TTL ttl} (RFC 2308 §4): the TTL of the records that give none. */
  private static void ttl(ZoneFileParser p, int line) throws IOException, EntryError {
    word(p, "$TTL", "TTL", line);
    ZoneLexer lexer = p.lexer;
    long ttl = TtlText.parse(lexer.token(), lexer.tokenLength(), "$TTL", lexer.tokenLine());
    int ttlLine = lexer.tokenLine();
    end(p, "$TTL");
    p.defaultTtl = p.checkTtl(ttl, ttlLine);
  }

  /** {@code $INCLUDE file [origin]}: reads another file here, through the include policy. */
  private static void include(ZoneFileParser p, int line) throws IOException, EntryError {
    word(p, "$INCLUDE", "file name", line);
    ZoneLexer lexer = p.lexer;
    String file = ZoneFileParser.text(lexer.token(), lexer.tokenLength());
    byte[] includeOrigin = p.origin;
    lexer.next();
    if (lexer.isString()) {
      byte[] wire = new byte[WireName.MAX_NAME + 1];
      int length =
          WireName.parse(lexer.token(), 0, lexer.tokenLength(), p.origin, p.originLength, wire, 0, lexer.tokenLine());
      includeOrigin = Arrays.copyOf(wire, length);
    } else {
      lexer.pushBack();
    }
    end(p, "$INCLUDE");
    p.state.include(p, file, includeOrigin, line);
  }

  static void word(ZoneFileParser p, String directive, String what, int line) throws IOException, EntryError {
    int kind = p.lexer.next();
    if (kind == ZoneLexer.BROKEN) {
      throw new EntryError(p.lexer.brokenLine(), p.lexer.brokenMessage());
    }
    if (!p.lexer.isString()) {
      throw new EntryError(line, directive + " has no " + what);
    }
  }

  static void end(ZoneFileParser p, String directive) throws IOException, EntryError {
    int kind = p.lexer.next();
    if (kind == ZoneLexer.BROKEN) {
      throw new EntryError(p.lexer.brokenLine(), p.lexer.brokenMessage());
    }
    if (kind != ZoneLexer.END_OF_ENTRY && kind != ZoneLexer.END_OF_FILE) {
      throw new EntryError(
          p.lexer.tokenLine(),
          directive + " has an extra field '" + Excerpt.of(p.lexer.token(), 0, p.lexer.tokenLength()) + "'");
    }
  }
}
