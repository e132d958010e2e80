package io.wadns.zonetext;

import io.wadns.zone.RecordTypes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Tokenizer;

/**
 * Reads the RDATA of every type without a native parser with dnsjava's own parser for it, so each
 * type dnsjava knows (and each type registered with it, such as wadns' ALIAS and HEALTHCHECK) is read.
 *
 * <p>The entry's remaining tokens are handed over as text inside parentheses, one source line per
 * line, so a line number in dnsjava's message still points into the zone file. The result is the
 * record's uncompressed, non-canonical wire form: names keep the case they were written in.
 */
final class FallbackRdata {
  private static final Pattern TOKENIZER_MESSAGE = Pattern.compile("^.*?:(\\d+): (.*)$", Pattern.DOTALL);
  /** dnsjava's own messages may quote a token; this much of them is kept. */
  private static final int MAX_MESSAGE = 120;
  /**
   * The most text an entry's RDATA is collected to: RDATA is at most 65,535 octets (RFC 1035 §3.2.1), which
   * even as {@code \DDD} escapes is under 300 KB; an entry longer than this is an error, read past (its
   * tokens are not kept), so no entry can make the reader hold more.
   */
  static final int MAX_TEXT = 1 << 20;

  private byte[] text = new byte[256];
  private int textLength;
  /** The entry's tokens as collected: how many, whether any was quoted, where the first two are in {@link #text}. */
  private int tokens;
  private boolean anyQuoted;
  private final int[] tokenStart = new int[2];
  private final int[] tokenEnd = new int[2];
  private final byte[] name = new byte[255]; // RFC 1035 §3.1: a name is at most 255 octets

  /** Reads the rest of the entry as {@code type} RDATA into {@code s.out}. */
  void parse(int type, byte[] owner, int ownerLength, long ttl, RdataScanner s) throws IOException, EntryError {
    int firstLine = collect(s);
    if (type == RecordTypes.ALIAS && simpleAlias(s, firstLine)) {
      return;
    }
    Record record;
    try {
      Name ownerName = new Name(Arrays.copyOf(owner, ownerLength));
      Name origin = s.origin() == null ? null : new Name(Arrays.copyOf(s.origin(), s.originLength()));
      Tokenizer tokenizer = new Tokenizer(new ByteArrayInputStream(text, 0, textLength));
      record = Record.fromString(ownerName, type, DClass.IN, Math.min(ttl, TtlText.MAX_TTL), tokenizer, origin);
    } catch (TextParseException e) {
      throw fromDnsjava(s.typeName(), e.getMessage(), firstLine);
    } catch (IOException | RuntimeException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (e instanceof org.xbill.DNS.RelativeNameException) {
        message = "relative name '" + message + "', but no $ORIGIN is set";
      }
      throw new EntryError(firstLine, prefixed(s.typeName(), message));
    }
    byte[] wire = record.toWire(Section.ANSWER);
    int rdataStart = ownerLength + 10; // owner, type, class, TTL, RDLENGTH (RFC 1035 §4.1.3)
    s.out.bytes(wire, rdataStart, wire.length - rdataStart);
  }

  /**
   * The common ALIAS, a weight and a target with no options, read here: a weighted zone has a few
   * percent of these, and through dnsjava's parser they cost more than the rest of the zone's
   * records, and the JIT compiled that parser into the reader's hot method. Anything else (options,
   * a weight or a name that does not read) is left to dnsjava, whose messages say what is wrong.
   * The RDATA is what {@code AliasRecord} writes: the weight octet, then the target uncompressed.
   */
  private boolean simpleAlias(RdataScanner s, int line) throws EntryError {
    if (tokens != 2 || anyQuoted) {
      return false;
    }
    int weight = 0;
    int digits = tokenEnd[0] - tokenStart[0];
    if (digits < 1 || digits > 3) {
      return false;
    }
    for (int i = tokenStart[0]; i < tokenEnd[0]; i++) {
      int d = text[i] - '0';
      if (d < 0 || d > 9) {
        return false;
      }
      weight = weight * 10 + d;
    }
    if (weight > 255) {
      return false;
    }
    int nameLength;
    try {
      nameLength = WireName.parse(text, tokenStart[1], tokenEnd[1] - tokenStart[1], s.origin(), s.originLength(),
          name, 0, line);
    } catch (EntryError e) {
      return false;
    }
    s.out.u8(weight);
    s.out.bytes(name, 0, nameLength);
    return true;
  }

  /** Copies the entry's remaining tokens into {@link #text}; returns the line of the first. */
  private int collect(RdataScanner s) throws IOException, EntryError {
    ZoneLexer lexer = s.lexer;
    textLength = 0;
    overflow = false;
    tokens = 0;
    anyQuoted = false;
    append((byte) '(');
    int firstLine = -1;
    int line = -1;
    while (!s.atEnd()) {
      s.field("data");
      if (firstLine < 0) {
        firstLine = line = lexer.tokenLine();
      }
      for (; line < lexer.tokenLine(); line++) {
        append((byte) '\n');
      }
      append((byte) ' ');
      boolean quoted = lexer.kind() == ZoneLexer.QUOTED;
      anyQuoted |= quoted;
      if (quoted) {
        append((byte) '"');
      }
      if (tokens < 2) {
        tokenStart[tokens] = textLength;
      }
      for (int i = 0; i < lexer.tokenLength(); i++) {
        append(lexer.token()[i]);
      }
      if (tokens < 2) {
        tokenEnd[tokens] = textLength;
      }
      tokens++;
      if (quoted) {
        append((byte) '"');
      }
    }
    s.end();
    append((byte) ' ');
    append((byte) ')');
    if (overflow) {
      throw new EntryError(firstLine, prefixed(s.typeName(), "RDATA longer than " + MAX_TEXT / 1024
          + " KB of text; no record is that long"));
    }
    return firstLine < 0 ? lexer.tokenLine() : firstLine;
  }

  /** Set when an entry's text passes {@link #MAX_TEXT}: the rest of it is read past, not kept. */
  private boolean overflow;

  private void append(byte b) {
    if (textLength >= MAX_TEXT) {
      overflow = true;
      return;
    }
    if (textLength == text.length) {
      text = Arrays.copyOf(text, text.length * 2);
    }
    text[textLength++] = b;
  }

  private static EntryError fromDnsjava(String typeName, String message, int firstLine) {
    Matcher m = TOKENIZER_MESSAGE.matcher(message == null ? "" : message);
    if (m.matches()) {
      int line = firstLine + Integer.parseInt(m.group(1)) - 1;
      return new EntryError(line, prefixed(typeName, m.group(2)));
    }
    return new EntryError(firstLine, prefixed(typeName, String.valueOf(message)));
  }

  /** "A record: Invalid address ...", unless the message names its type already ("ALIAS weight ..."). */
  private static String prefixed(String typeName, String message) {
    String bounded = Excerpt.message(message, MAX_MESSAGE);
    return message.contains(typeName) ? bounded : typeName + " record: " + bounded;
  }
}
