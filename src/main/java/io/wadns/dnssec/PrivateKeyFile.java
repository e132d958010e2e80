package io.wadns.dnssec;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.DNSKEYRecord;

/**
 * A {@code K<zone>.+<alg>+<tag>.private} file in BIND's "Private-key-format: v1.2/v1.3" (the format
 * ldns and Knot write too): {@code Field: value} lines holding the key material in base64, and BIND's
 * timing metadata as {@code YYYYMMDDHHMMSS}. Errors name the line and field, never a value.
 *
 * @param privateKey the signing key, checked against the DNSKEY it belongs to
 */
record PrivateKeyFile(KeyAlgorithm algorithm, PrivateKey privateKey, KeyTiming timing) {
  /** Reads the file of the key whose public half is {@code dnskey}; refuses it if others may read it. */
  static PrivateKeyFile read(Path file, DNSKEYRecord dnskey) throws KeyFileException {
    return parse(file, KeyFileText.readPrivate(file), dnskey);
  }

  /** A value and the line it came from. */
  record Field(int line, String value) {
    @Override
    public String toString() {
      return "line " + line; // values may be secret
    }
  }

  static PrivateKeyFile parse(Path file, List<String> lines, DNSKEYRecord dnskey) throws KeyFileException {
    Map<String, Field> fields = new HashMap<>();
    KeyTiming timing = KeyTiming.ALWAYS;
    for (int i = 0; i < lines.size(); i++) {
      int lineNo = i + 1;
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new KeyFileException(file, lineNo, "expected 'Field: value'");
      }
      String name = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      if (!name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
        throw new KeyFileException(file, lineNo, "expected 'Field: value'");
      }
      if (fields.put(name, new Field(lineNo, value)) != null) {
        throw new KeyFileException(file, lineNo, name + " appears twice");
      }
      Optional<KeyTiming.Field> timeField = KeyTiming.Field.ofLabel(name);
      if (timeField.isPresent()) {
        Optional<java.time.Instant> t = KeyTiming.parseBindTime(value);
        if (t.isEmpty()) {
          throw new KeyFileException(file, lineNo, name + ": expected a time as YYYYMMDDHHMMSS (UTC)");
        }
        timing = timing.with(timeField.get(), t.get());
      }
    }
    checkFormat(file, fields);
    KeyAlgorithm algorithm = algorithm(file, fields, dnskey);
    PrivateKey key = PrivateKeys.decode(new Reader(file, fields), algorithm, dnskey);
    return new PrivateKeyFile(algorithm, key, timing);
  }

  private static void checkFormat(Path file, Map<String, Field> fields) throws KeyFileException {
    Field format = fields.get("Private-key-format");
    if (format == null) {
      throw new KeyFileException(file, 1, "missing 'Private-key-format: v1.3' (not a BIND private key file)");
    }
    // BIND reads any v1.x: minor versions only add fields (v1.3 added the timing metadata).
    if (!format.value().matches("v1\\.\\d+")) {
      throw new KeyFileException(file, format.line(), "unsupported Private-key-format (expected v1.2 or v1.3)");
    }
  }

  private static KeyAlgorithm algorithm(Path file, Map<String, Field> fields, DNSKEYRecord dnskey)
      throws KeyFileException {
    Field field = fields.get("Algorithm");
    if (field == null) {
      throw new KeyFileException(file, 0, "missing 'Algorithm:' line");
    }
    String number = field.value().split("\\s+", 2)[0];
    if (!number.matches("\\d{1,3}")) {
      throw new KeyFileException(file, field.line(), "Algorithm: expected a number such as 13");
    }
    int n = Integer.parseInt(number);
    Optional<KeyAlgorithm> algorithm = KeyAlgorithm.ofNumber(n);
    if (algorithm.isEmpty()) {
      throw new KeyFileException(file, field.line(),
          "unsupported algorithm " + n + " (wadns signs with 8 RSASHA256, 13 ECDSAP256SHA256, 15 ED25519)");
    }
    if (n != dnskey.getAlgorithm()) {
      throw new KeyFileException(file, field.line(),
          "algorithm " + n + " does not match the DNSKEY's algorithm " + dnskey.getAlgorithm());
    }
    return algorithm.get();
  }

  /** Gives the key decoder the base64 fields it asks for, with errors that name the line only. */
  static final class Reader {
    private final Path file;
    private final Map<String, Field> fields;

    Reader(Path file, Map<String, Field> fields) {
      this.file = file;
      this.fields = fields;
    }

    Path file() {
      return file;
    }

    byte[] base64(String name) throws KeyFileException {
      Field field = fields.get(name);
      if (field == null) {
        throw new KeyFileException(file, 0, "missing '" + name + ":' line");
      }
      try {
        return Base64.getDecoder().decode(field.value().replaceAll("\\s+", ""));
      } catch (IllegalArgumentException e) {
        // The decoder's message quotes the offending character: leave it out.
        throw new KeyFileException(file, field.line(), name + ": not valid base64");
      }
    }

    int line(String name) {
      Field field = fields.get(name);
      return field == null ? 0 : field.line();
    }

    @Override
    public String toString() {
      return "private key fields of " + file;
    }
  }

  @Override
  public String toString() {
    return "PrivateKeyFile[" + algorithm + ", " + timing + "]";
  }
}
