package io.wadns.zonetext;

import java.io.IOException;

/**
 * Reads the fields of one record's RDATA from the lexer and writes them in wire form.
 *
 * <p>Every failure names the type and the field, and quotes a short excerpt of the token, so a
 * message says what is wrong with which value ({@code MX preference '70000' is not a number from
 * 0 to 65535}), never just "syntax error".
 */
final class RdataScanner {
  final ZoneLexer lexer;
  final WireBuffer out = new WireBuffer();
  private final BinaryText.Decoder hex = BinaryText.hex();
  private final BinaryText.Decoder base64 = BinaryText.base64();
  private byte[] origin;
  private int originLength;
  /** The type being read; its name starts messages. */
  private int type;

  RdataScanner(ZoneLexer lexer) {
    this.lexer = lexer;
  }

  void start(int type, byte[] origin, int originLength, int line) {
    this.type = type;
    this.origin = origin;
    this.originLength = originLength;
    out.reset(line);
  }

  String typeName() {
    return TypeNames.typeName(type);
  }

  byte[] origin() {
    return origin;
  }

  int originLength() {
    return originLength;
  }

  /** Moves to the next word or quoted string, or fails naming the missing field. */
  void field(String what) throws IOException, EntryError {
    int kind = lexer.next();
    if (kind == ZoneLexer.WORD || kind == ZoneLexer.QUOTED) {
      out.setLine(lexer.tokenLine());
      return;
    }
    if (kind == ZoneLexer.BROKEN) {
      throw new EntryError(lexer.brokenLine(), lexer.brokenMessage());
    }
    throw new EntryError(lexer.tokenLine(), typeName() + " has no " + what);
  }

  /** True (and nothing consumed) when the entry has no more fields. */
  boolean atEnd() throws IOException, EntryError {
    int kind = lexer.next();
    if (kind == ZoneLexer.BROKEN) {
      throw new EntryError(lexer.brokenLine(), lexer.brokenMessage());
    }
    lexer.pushBack();
    return kind == ZoneLexer.END_OF_ENTRY || kind == ZoneLexer.END_OF_FILE;
  }

  /** Consumes the end of the entry, or fails on a field too many. */
  void end() throws IOException, EntryError {
    int kind = lexer.next();
    if (kind == ZoneLexer.END_OF_ENTRY || kind == ZoneLexer.END_OF_FILE) {
      return;
    }
    if (kind == ZoneLexer.BROKEN) {
      throw new EntryError(lexer.brokenLine(), lexer.brokenMessage());
    }
    throw new EntryError(lexer.tokenLine(), typeName() + " has an extra field '" + excerpt() + "'");
  }

  String excerpt() {
    return Excerpt.of(lexer.token(), 0, lexer.tokenLength());
  }

  EntryError invalid(String what, String expected) {
    return new EntryError(lexer.tokenLine(), typeName() + " " + what + " '" + excerpt() + "' " + expected);
  }

  /** Reads an unsigned decimal number no larger than {@code max}. */
  long number(String what, long max) throws IOException, EntryError {
    field(what);
    byte[] t = lexer.token();
    int n = lexer.tokenLength();
    long value = 0;
    boolean ok = n > 0 && n <= 10;
    for (int i = 0; ok && i < n; i++) {
      int c = t[i] - '0';
      if (c < 0 || c > 9) {
        ok = false;
      } else {
        value = value * 10 + c;
      }
    }
    if (!ok || value > max) {
      throw invalid(what, "is not a number from 0 to " + max);
    }
    return value;
  }

  void u8(String what) throws IOException, EntryError {
    out.u8((int) number(what, 0xFF));
  }

  void u16(String what) throws IOException, EntryError {
    out.u16((int) number(what, 0xFFFF));
  }

  void u32(String what) throws IOException, EntryError {
    out.u32(number(what, TtlText.MAX_UNSIGNED_32));
  }

  /** A TTL-like duration (SOA timers, RRSIG original TTL): seconds or 1h30m. */
  void duration(String what) throws IOException, EntryError {
    field(what);
    out.u32(TtlText.parse(lexer.token(), lexer.tokenLength(), typeName() + " " + what, lexer.tokenLine()));
  }

  /** A domain name, relative to the origin unless it ends in a dot. */
  void name(String what) throws IOException, EntryError {
    field(what);
    int at = out.reserve(WireName.MAX_NAME + 1);
    int length =
        WireName.parse(
            lexer.token(), 0, lexer.tokenLength(), origin, originLength, out.data, at, lexer.tokenLine());
    out.length = at + length;
  }

  /** RFC 1035 §3.3 {@code <character-string>}: a length octet and up to 255 octets. */
  void characterString(String what) throws IOException, EntryError {
    field(what);
    currentCharacterString();
  }

  /** Writes the current token as a {@code <character-string>}. */
  void currentCharacterString() throws EntryError {
    int at = out.reserve(1);
    int length = Escapes.decodeInto(lexer.token(), lexer.tokenLength(), out, lexer.tokenLine());
    if (length > 255) {
      throw new EntryError(
          lexer.tokenLine(), typeName() + " string '" + excerpt() + "' is longer than 255 octets");
    }
    out.data[at] = (byte) length;
  }

  /** All remaining fields, joined, as hex (DS digest, TLSA data); none is an error when required. */
  void hexToEnd(String what, boolean required) throws IOException, EntryError {
    if (atEnd()) {
      if (required) {
        field(what);
      }
      return;
    }
    decodeToEnd(hex, what, "is not hexadecimal");
  }

  /** All remaining fields, joined, as base64 (keys, signatures). */
  void base64ToEnd(String what, boolean required) throws IOException, EntryError {
    if (atEnd()) {
      if (required) {
        field(what);
      }
      return;
    }
    decodeToEnd(base64, what, "is not base64");
  }

  private void decodeToEnd(BinaryText.Decoder decoder, String what, String expected)
      throws IOException, EntryError {
    decoder.reset();
    int firstLine = -1;
    while (!atEnd()) {
      field(what);
      if (firstLine < 0) {
        firstLine = lexer.tokenLine();
      }
      if (!decoder.feed(lexer.token(), lexer.tokenLength(), out)) {
        throw invalid(what, expected);
      }
    }
    if (!decoder.finish(out)) {
      throw new EntryError(firstLine, typeName() + " " + what + " " + expected + " (incomplete final group)");
    }
  }
}
