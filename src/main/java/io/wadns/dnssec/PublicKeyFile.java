package io.wadns.dnssec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TTL;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A {@code K<zone>.+<alg>+<tag>.key} file: one DNSKEY record in presentation form, as BIND's
 * {@code dnssec-keygen}, {@code ldns-keygen} and Knot's {@code keymgr} write it, with {@code ;} comments.
 * BIND repeats the key's timing metadata in comments ({@code ; Activate: 20250101000000 (...)}); they
 * are read too, and the .private file's values win where both have one.
 *
 * @param line the line of the DNSKEY record, for later errors about it
 */
record PublicKeyFile(DNSKEYRecord dnskey, int line, KeyTiming timing) {
  static PublicKeyFile read(Path file) throws KeyFileException {
    return parse(file, KeyFileText.readPublic(file));
  }

  static PublicKeyFile parse(Path file, List<String> lines) throws KeyFileException {
    DNSKEYRecord found = null;
    int foundLine = 0;
    KeyTiming timing = KeyTiming.ALWAYS;
    for (int i = 0; i < lines.size(); i++) {
      int lineNo = i + 1;
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith(";")) {
        timing = timingComment(line.substring(1).strip(), timing);
        continue;
      }
      if (found != null) {
        throw new KeyFileException(file, lineNo, "a second record; a .key file holds one DNSKEY record");
      }
      found = dnskey(file, lineNo, withoutComment(line));
      foundLine = lineNo;
    }
    if (found == null) {
      throw new KeyFileException(file, 0, "no DNSKEY record");
    }
    return new PublicKeyFile(found, foundLine, timing);
  }

  private static KeyTiming timingComment(String comment, KeyTiming timing) {
    int colon = comment.indexOf(':');
    if (colon <= 0) {
      return timing;
    }
    Optional<KeyTiming.Field> field = KeyTiming.Field.ofLabel(comment.substring(0, colon));
    Optional<java.time.Instant> t = KeyTiming.parseBindTime(comment.substring(colon + 1));
    return field.isPresent() && t.isPresent() ? timing.with(field.get(), t.get()) : timing;
  }

  /** ldns-keygen ends the record line with {@code ;{id = 8863 (ksk), size = 256b}}. */
  private static String withoutComment(String line) {
    int semicolon = line.indexOf(';');
    return (semicolon >= 0 ? line.substring(0, semicolon) : line).strip();
  }

  /** Parses {@code owner [ttl] [class] DNSKEY flags protocol algorithm key}. */
  private static DNSKEYRecord dnskey(Path file, int line, String text) throws KeyFileException {
    if (text.contains("(")) {
      throw new KeyFileException(file, line, "the DNSKEY record must be on one line");
    }
    String[] tokens = text.split("\\s+");
    Name owner;
    try {
      owner = Name.fromString(tokens[0], Name.root);
    } catch (TextParseException e) {
      throw new KeyFileException(file, line, "invalid owner name: " + e.getMessage());
    }
    long ttl = 0;
    int i = 1;
    for (; i < tokens.length; i++) {
      if (DClass.value(tokens[i]) == DClass.IN) {
        continue;
      }
      Optional<Long> t = parseTtl(tokens[i]);
      if (t.isEmpty()) {
        break;
      }
      ttl = t.get();
    }
    if (i >= tokens.length || !tokens[i].equalsIgnoreCase("DNSKEY")) {
      throw new KeyFileException(file, line, "expected 'OWNER [TTL] [IN] DNSKEY FLAGS 3 ALGORITHM KEY'");
    }
    String rdata = String.join(" ", List.of(tokens).subList(i + 1, tokens.length));
    try {
      return (DNSKEYRecord) Record.fromString(owner, Type.DNSKEY, DClass.IN, ttl, rdata, Name.root);
    } catch (IOException e) {
      throw new KeyFileException(file, line, "invalid DNSKEY record: " + e.getMessage());
    }
  }

  private static Optional<Long> parseTtl(String token) {
    if (token.isEmpty() || !Character.isDigit(token.charAt(0))) {
      return Optional.empty();
    }
    try {
      return Optional.of(TTL.parseTTL(token));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
