package io.wadns.zonetext;

import java.io.IOException;

/** RDATA made of character strings: TXT and SPF (RFC 1035 §3.3.14, RFC 7208) and CAA (RFC 8659). */
final class TextRdata {
  private TextRdata() {}

  /** One or more character strings, each a word or a quoted string. */
  static void txt(RdataScanner s) throws IOException, EntryError {
    s.characterString("text");
    while (!s.atEnd()) {
      s.characterString("text");
    }
  }

  /** RFC 8659 §4.1: flags, a tag of letters and digits, and a value that fills the rest. */
  static void caa(RdataScanner s) throws IOException, EntryError {
    s.u8("flags");
    s.field("tag");
    byte[] token = s.lexer.token();
    int length = s.lexer.tokenLength();
    if (length == 0 || length > 255) {
      throw s.invalid("tag", "must have 1 to 255 letters and digits");
    }
    for (int i = 0; i < length; i++) {
      int c = token[i];
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
        throw s.invalid("tag", "must be letters and digits only");
      }
    }
    s.out.u8(length);
    s.out.bytes(token, 0, length);
    s.field("value");
    Escapes.decodeInto(s.lexer.token(), s.lexer.tokenLength(), s.out, s.lexer.tokenLine());
  }
}
