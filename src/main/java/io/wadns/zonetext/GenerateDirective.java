package io.wadns.zonetext;

import java.io.IOException;
import java.util.Arrays;
import org.xbill.DNS.Type;

/**
 * BIND's {@code $GENERATE start-stop[/step] lhs [ttl] [class] type rhs}: one record for each number
 * in the range, with {@code $} in lhs and rhs replaced by the number.
 *
 * <p>The substitution is dnsjava's {@code Generator}: {@code $$} is a literal {@code $}, {@code
 * ${offset,width,base}} adds an offset and pads to a width in base d, o, x or X. Other escapes are
 * kept for the name and RDATA parsers, as BIND does ({@code \$} so stays a literal {@code $}). The
 * types are dnsjava's: A, AAAA, CNAME, DNAME, NS and PTR.
 */
final class GenerateDirective {
  /** Each generated record is held only while the sink sees it, but a range still costs time. */
  static final long MAX_RECORDS = 1_000_000;
  /**
   * The longest a pattern and each of its expansions may be, as BIND's {@code $GENERATE} buffers: a
   * record is far shorter, and without it a pattern of many {@code ${0,255}} makes megabytes per record.
   */
  static final int MAX_EXPANSION = 2048;

  private GenerateDirective() {}

  static void read(ZoneFileParser p, int line) throws IOException, EntryError {
    ZoneLexer lexer = p.lexer;
    Directives.word(p, "$GENERATE", "range", line);
    long[] range = range(lexer.token(), lexer.tokenLength(), lexer.tokenLine());
    Directives.word(p, "$GENERATE", "owner pattern", line);
    byte[] lhs = Arrays.copyOf(lexer.token(), lexer.tokenLength());
    p.readTypeAndTtl(line);
    int type = p.entryType;
    long ttl = p.entryTtl;
    if (!(type == Type.A || type == Type.AAAA || type == Type.CNAME || type == Type.DNAME || type == Type.NS
        || type == Type.PTR)) {
      throw new EntryError(line, "$GENERATE makes only A, AAAA, CNAME, DNAME, NS and PTR records, not " + Type.string(type));
    }
    Directives.word(p, "$GENERATE", "RDATA pattern", line);
    byte[] rhs = Arrays.copyOf(lexer.token(), lexer.tokenLength());
    Directives.end(p, "$GENERATE");
    if (lhs.length > MAX_EXPANSION || rhs.length > MAX_EXPANSION) {
      throw new EntryError(line, "$GENERATE pattern longer than " + MAX_EXPANSION + " characters");
    }
    long start = range[0];
    long stop = range[1];
    long step = range[2];
    long count = (stop - start) / step + 1;
    if (count > MAX_RECORDS) {
      throw new EntryError(line, "$GENERATE would make " + count + " records; at most " + MAX_RECORDS);
    }
    byte[] owner = new byte[WireName.MAX_NAME + 1];
    Substitution name = new Substitution();
    Substitution data = new Substitution();
    for (long n = start; n <= stop; n += step) {
      name.expand(lhs, n, line);
      int ownerLength = WireName.parse(name.text, 0, name.length, p.origin, p.originLength, owner, 0, line);
      data.expand(rhs, n, line);
      ZoneLexer generated = new ZoneLexer(data.text, 0, data.length, line);
      ZoneFileParser one =
          new ZoneFileParser(p.state, generated, p.fileName, p.path, p.depth, p.origin, p.defaultTtl, p.lastTtl);
      one.record(owner, ownerLength, type, ttl, line);
    }
  }

  /** {@code start-stop[/step]}: unsigned 32-bit numbers, start no greater than stop, step above zero. */
  private static long[] range(byte[] token, int length, int line) throws EntryError {
    String text = ZoneFileParser.text(token, length);
    int dash = text.indexOf('-');
    int slash = text.indexOf('/');
    long start = -1;
    long stop = -1;
    long step = 1;
    if (dash > 0) {
      start = unsigned(text.substring(0, dash));
      stop = unsigned(slash > dash ? text.substring(dash + 1, slash) : text.substring(dash + 1));
      step = slash > dash ? unsigned(text.substring(slash + 1)) : 1;
    }
    if (start < 0 || stop < 0 || start > stop || step <= 0) {
      throw new EntryError(line, "$GENERATE range '" + Excerpt.of(token, 0, length) + "' is not START-STOP or START-STOP/STEP");
    }
    return new long[] {start, stop, step};
  }

  private static long unsigned(String s) {
    if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -1;
    }
    long value = Long.parseLong(s);
    return value <= TtlText.MAX_UNSIGNED_32 ? value : -1;
  }

  /** One expansion of a pattern, in a reusable buffer. */
  static final class Substitution {
    byte[] text = new byte[256];
    int length;
    private int line;

    void expand(byte[] pattern, long n, int line) throws EntryError {
      length = 0;
      this.line = line;
      for (int i = 0; i < pattern.length; i++) {
        byte c = pattern[i];
        if (c == '\\' && i + 1 < pattern.length) {
          append(c);
          append(pattern[++i]);
        } else if (c != '$') {
          append(c);
        } else if (i + 1 < pattern.length && pattern[i + 1] == '$') {
          append((byte) '$');
          i++;
        } else if (i + 1 < pattern.length && pattern[i + 1] == '{') {
          int close = indexOf(pattern, (byte) '}', i + 2);
          if (close < 0) {
            throw bad(pattern, line);
          }
          number(pattern, i + 2, close, n, line);
          i = close;
        } else {
          appendNumber(Long.toString(n), 0);
        }
      }
    }

    /** {@code offset[,width[,base]]} between the braces. */
    private void number(byte[] pattern, int from, int to, long n, int line) throws EntryError {
      String[] parts = ZoneFileParser.text(Arrays.copyOfRange(pattern, from, to), to - from).split(",", -1);
      if (parts.length > 3) {
        throw bad(pattern, line);
      }
      long offset;
      int width = 0;
      char base = 'd';
      try {
        String offsetText = parts[0];
        boolean negative = offsetText.startsWith("-");
        offset = offsetText.isEmpty() || offsetText.equals("-") ? 0 : Long.parseLong(offsetText.substring(negative ? 1 : 0));
        offset = negative ? -offset : offset;
        if (!offsetText.isEmpty() && !offsetText.substring(negative ? 1 : 0).chars().allMatch(Character::isDigit)) {
          throw bad(pattern, line);
        }
        if (parts.length > 1 && !parts[1].isEmpty()) {
          width = Integer.parseInt(parts[1]);
        }
      } catch (NumberFormatException e) {
        throw bad(pattern, line);
      }
      if (width > WireName.MAX_NAME) {
        throw bad(pattern, line);
      }
      if (parts.length == 3) {
        if (parts[2].length() != 1 || "doxX".indexOf(parts[2].charAt(0)) < 0) {
          throw bad(pattern, line);
        }
        base = parts[2].charAt(0);
      }
      long value = n + offset;
      if (value < 0) {
        throw new EntryError(line, "$GENERATE offset makes a negative number");
      }
      String digits;
      switch (base) {
        case 'o':
          digits = Long.toOctalString(value);
          break;
        case 'x':
          digits = Long.toHexString(value);
          break;
        case 'X':
          digits = Long.toHexString(value).toUpperCase(java.util.Locale.ROOT);
          break;
        default:
          digits = Long.toString(value);
          break;
      }
      appendNumber(digits, width);
    }

    private void appendNumber(String digits, int width) throws EntryError {
      for (int pad = width - digits.length(); pad > 0; pad--) {
        append((byte) '0');
      }
      for (int i = 0; i < digits.length(); i++) {
        append((byte) digits.charAt(i));
      }
    }

    private void append(byte b) throws EntryError {
      if (length == MAX_EXPANSION) {
        throw new EntryError(line, "$GENERATE pattern expands past " + MAX_EXPANSION + " characters");
      }
      if (length == text.length) {
        text = Arrays.copyOf(text, text.length * 2);
      }
      text[length++] = b;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
      for (int i = from; i < bytes.length; i++) {
        if (bytes[i] == b) {
          return i;
        }
      }
      return -1;
    }

    private static EntryError bad(byte[] pattern, int line) {
      return new EntryError(
          line, "$GENERATE pattern '" + Excerpt.of(pattern, 0, pattern.length) + "' has a bad ${offset,width,base}");
    }
  }
}
