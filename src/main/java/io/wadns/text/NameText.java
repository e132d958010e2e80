package io.wadns.text;

import java.nio.charset.StandardCharsets;
import org.xbill.DNS.Name;

/**
 * A name as dnsjava's {@link Name#toString()} writes it, made from its labels' octets when none needs an
 * escape, which is every name of an ordinary zone. dnsjava builds the text a character at a time: the
 * default ids of 20,000 weighted aliases made 570,000 {@code StringBuilder} appends at start, enough for C2
 * to compile them there. (Not from {@link Name#toWire()}, which makes a dnsjava name per label.)
 */
public final class NameText {
  private NameText() {}

  /** Exactly {@code name.toString()}. */
  public static String of(Name name) {
    int labels = name.labels();
    if (!name.isAbsolute() || labels == 1) {
      return name.toString(); // "@" or a relative name, and the root's "."
    }
    // The text is the wire form without its first length octet, each other one (and the root's 0) a dot:
    // 3www7example3com0 is www.example.com.
    byte[] text = new byte[name.length() - 1];
    int p = 0;
    for (int i = 0; i < labels - 1; i++) {
      byte[] label = name.getLabel(i); // its length octet, then its octets
      for (int k = 1; k < label.length; k++) {
        int b = label[k] & 0xFF;
        if (!plain(b)) {
          return name.toString(); // an escape: dnsjava's rules, as written there
        }
        text[p++] = (byte) b;
      }
      text[p++] = '.';
    }
    return new String(text, 0, p, StandardCharsets.ISO_8859_1);
  }

  /** An octet that dnsjava writes as itself (Name.byteString escapes the rest, RFC 1035 §5.1). */
  private static boolean plain(int b) {
    return b > 0x20 && b < 0x7F && b != '"' && b != '(' && b != ')' && b != '.' && b != ';' && b != '\\'
        && b != '@' && b != '$';
  }
}
