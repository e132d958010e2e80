package io.wadns.text;

import java.nio.charset.StandardCharsets;
import org.xbill.DNS.Name;

/**
 * A name as dnsjava's {@link Name#toString()} writes it, made from the name's wire form in one copy when
 * no byte needs an escape, which is every name of an ordinary zone. dnsjava builds the text a character
 * at a time: the default ids of 20,000 weighted aliases made 570,000 {@code StringBuilder} appends at
 * start, enough for C2 to compile them there.
 */
public final class NameText {
  private NameText() {}

  /** Exactly {@code name.toString()}. */
  public static String of(Name name) {
    if (!name.isAbsolute() || name.labels() == 1) {
      return name.toString(); // "@" or a relative name, and the root's "."
    }
    byte[] wire = name.toWire();
    // The text is the wire form without its first length octet, every other length octet (and the
    // root's 0) written as a dot: 3www7example3com0 is www.example.com.
    byte[] text = new byte[wire.length - 1];
    int next = 0; // the length octet of the next label, in wire
    for (int i = 0; i < text.length; i++) {
      int b = wire[i + 1] & 0xFF;
      if (i + 1 == next + 1 + (wire[next] & 0xFF)) {
        text[i] = '.';
        next = i + 1;
      } else if (plain(b)) {
        text[i] = (byte) b;
      } else {
        return name.toString(); // an escape: dnsjava's rules, as written there
      }
    }
    return new String(text, StandardCharsets.ISO_8859_1);
  }

  /** A byte that dnsjava writes as itself (Name.byteString escapes the rest, RFC 1035 §5.1). */
  private static boolean plain(int b) {
    return b > 0x20 && b < 0x7F && b != '"' && b != '(' && b != ')' && b != '.' && b != ';' && b != '\\'
        && b != '@' && b != '$';
  }
}
