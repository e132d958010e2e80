package io.wadns.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.xbill.DNS.Name;

/**
 * The file name a zone's own files take in a folder wadns writes (a secondary's stored zone, a
 * primary's journal): {@code example.com}, the root {@code @}. It is one-to-one, so two zones never
 * share a file: octets outside letters, digits, {@code -}, {@code _} and {@code .} of the name's
 * presentation form (RFC 1035 §5.1, in lower case, since names compare without case, RFC 4343) are
 * written {@code %XX}, and {@code %} itself is one of them. A name can be 253 octets and each escape
 * triples an octet, while a file name stops at 255 bytes on common file systems (with the writer's
 * suffixes too): a longer result keeps its first {@link #KEPT} characters and adds {@code ~} and the
 * SHA-256 of the name (128 bits of it), a character no unshortened name contains. Stateless.
 */
public final class ZoneFileName {
  /** The longest name written whole; suffixes such as {@code .zone.tmp} and a leading dot fit after it. */
  static final int LONGEST = 200;

  /** Characters kept of a name that is shortened, before its digest. */
  static final int KEPT = 160;

  private ZoneFileName() {}

  /** The file name of {@code origin}, without a suffix. */
  public static String of(Name origin) {
    if (origin.equals(Name.root)) {
      return "@"; // not "root": that is the zone root.
    }
    StringBuilder b = new StringBuilder();
    String text = origin.toString(true).toLowerCase(Locale.ROOT);
    for (byte c : text.getBytes(StandardCharsets.UTF_8)) {
      if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
        b.append((char) c);
      } else {
        b.append('%').append(String.format("%02X", c & 0xFF));
      }
    }
    if (b.length() <= LONGEST) {
      return b.toString();
    }
    int cut = KEPT; // never inside an escape, so the kept part reads back as the name's start
    if (b.charAt(cut - 1) == '%') {
      cut -= 1;
    } else if (b.charAt(cut - 2) == '%') {
      cut -= 2;
    }
    return b.substring(0, cut) + "~" + digest(origin);
  }

  private static String digest(Name origin) {
    try {
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(origin.toWireCanonical());
      return HexFormat.of().formatHex(sha, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
