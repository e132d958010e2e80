package io.wadns.dnssec;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.Name;

/**
 * The base name BIND gives a key's two files, {@code K<zone>.+<alg>+<tag>} (three-digit algorithm,
 * five-digit key tag), to which {@code .key} and {@code .private} are appended.
 */
record KeyFileName(String zone, int algorithm, int tag) {
  private static final Pattern BASE = Pattern.compile("K(.*\\.)\\+(\\d{3})\\+(\\d{5})");

  /** The base name of {@code zone}'s key; the zone is written in lower case, as BIND does. */
  static KeyFileName of(Name zone, int algorithm, int tag) {
    return new KeyFileName(zone.toString().toLowerCase(Locale.ROOT), algorithm, tag);
  }

  /** Parses a base name (without extension); empty when it is not a key file name. */
  static Optional<KeyFileName> parse(String base) {
    Matcher m = BASE.matcher(base);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new KeyFileName(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
  }

  /** Whether this is a key of {@code zone}; DNS names compare without regard to case (RFC 4343). */
  boolean isFor(Name zone) {
    return this.zone.equalsIgnoreCase(zone.toString());
  }

  String base() {
    return String.format(Locale.ROOT, "K%s+%03d+%05d", zone, algorithm, tag);
  }

  String publicFile() {
    return base() + ".key";
  }

  String privateFile() {
    return base() + ".private";
  }
}
