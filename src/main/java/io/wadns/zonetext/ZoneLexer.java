package io.wadns.zonetext;

import java.io.IOException;
import java.io.InputStream;

/**
 * Splits zone file bytes into the tokens of RFC 1035 §5.1: words, quoted strings and ends of
 * entries, with parentheses joining lines and {@code ;} starting a comment.
 *
 * <p>Tokens keep their escapes as written ({@code \.} and {@code \DDD} mean different things in a
 * name and in a string, so the field parser decodes them). The current token lives in one reusable
 * buffer, so reading a record allocates nothing. Memory is bounded whatever the input: a token past
 * {@link #MAX_TOKEN} bytes is reported and dropped, never buffered.
 */
final class ZoneLexer {
  /** An unquoted token. */
  static final int WORD = 1;
  /** A quoted string; the token holds what is between the quotes. */
  static final int QUOTED = 2;
  /** A newline outside parentheses, or the end of the last line. */
  static final int END_OF_ENTRY = 3;
  static final int END_OF_FILE = 4;
  /** A token that cannot be read; {@link #brokenMessage()} says why. */
  static final int BROKEN = 5;

  /** Longest token kept; see {@link TokenBytes#MAX}. */
  static final int MAX_TOKEN = TokenBytes.MAX;

  private static final byte ORDINARY = 0;
  private static final byte BLANK = 1;
  private static final byte NEWLINE = 2;
  private static final byte SEMICOLON = 3;
  private static final byte OPEN = 4;
  private static final byte CLOSE = 5;
  private static final byte QUOTE = 6;
  private static final byte BACKSLASH = 7;
  /** Control bytes and non-ASCII: allowed only inside quoted strings or after a backslash. */
  private static final byte FORBIDDEN = 8;
  private static final byte[] CLASSES = new byte[256];

  static {
    for (int c = 0; c < 256; c++) {
      CLASSES[c] = c < 0x20 || c >= 0x7F ? FORBIDDEN : ORDINARY;
    }
    CLASSES[' '] = BLANK;
    CLASSES['\t'] = BLANK;
    CLASSES['\r'] = BLANK;
    CLASSES['\n'] = NEWLINE;
    CLASSES[';'] = SEMICOLON;
    CLASSES['('] = OPEN;
    CLASSES[')'] = CLOSE;
    CLASSES['"'] = QUOTE;
    CLASSES['\\'] = BACKSLASH;
  }

  private final InputStream in;
  private final byte[] buffer;
  private int position;
  private int limit;
  private boolean inputEnded;
  private boolean sawNul;
  private int nulLine;

  private final TokenBytes text = new TokenBytes();
  private int tokenLine;
  private boolean tokenIndented;
  /** The token starts its line in column 0, outside parentheses: where a directive may be. */
  private boolean tokenInColumnZero;
  private int kind;
  private boolean pushedBack;
  private String brokenMessage;
  private int brokenLine;

  private int line = 1;
  private int parenDepth;
  private int parenLine;
  private boolean atLineStart = true;
  private boolean lineIndented;
  private boolean finished;

  ZoneLexer(InputStream in) {
    this.in = in;
    this.buffer = new byte[bufferSize(in)];
  }

  /** A read call per 16 KiB at most. */
  private static final int MAX_BUFFER = 1 << 14;

  /**
   * No more than the stream holds, when it says (a file's stream does): 10,000 zone files of 300
   * bytes should not make 160 MB of buffers that are mostly never written.
   */
  private static int bufferSize(InputStream in) {
    try {
      int available = in.available();
      return available <= 0 ? MAX_BUFFER : Math.max(256, Math.min(MAX_BUFFER, available));
    } catch (IOException e) {
      return MAX_BUFFER; // the first read reports the problem
    }
  }

  /**
   * A lexer over bytes already in memory: one expanded {@code $GENERATE} line, or one chunk of a
   * file read on several threads. A NUL byte is not looked for here.
   */
  ZoneLexer(byte[] text, int offset, int length, int firstLine) {
    this.in = null;
    this.buffer = text;
    this.position = offset;
    this.limit = offset + length;
    this.inputEnded = true;
    this.line = firstLine;
  }

  int kind() {
    return kind;
  }

  byte[] token() {
    return text.bytes;
  }

  int tokenLength() {
    return text.length;
  }

  /** The line the current token starts on (for an end of entry, the line it ends). */
  int tokenLine() {
    return tokenLine;
  }

  /** True when the token is the first of a line that starts with a blank: RFC 1035 §5.1's "blank owner". */
  boolean tokenIndented() {
    return tokenIndented;
  }

  /**
   * True when the token is the first of its line, in column 0 and outside parentheses: only there is a
   * {@code $} word a directive (RFC 1035 §5.1 puts control entries at the line start; Knot and NSD read
   * {@code ($ORIGIN x)} as no directive, and the chunked reader finds directives by the line's first byte).
   */
  boolean tokenInColumnZero() {
    return tokenInColumnZero;
  }

  boolean isString() {
    return kind == WORD || kind == QUOTED;
  }

  String brokenMessage() {
    return brokenMessage;
  }

  int brokenLine() {
    return brokenLine;
  }

  /**
   * True once the input showed a NUL byte: zone files are text and write a zero octet as {@code
   * \000}, so this is some other file (an {@code $INCLUDE} of {@code /proc/self/environ}, a binary);
   * the lexer then ends the input before any of its tokens is read, so no message can quote it.
   */
  boolean sawNul() {
    return sawNul;
  }

  /** The line of the NUL byte that ended the input. */
  int nulLine() {
    return nulLine;
  }

  int line() {
    return line;
  }

  /** Makes the next {@link #next()} return the current token again. */
  void pushBack() {
    pushedBack = true;
  }

  int next() throws IOException {
    if (pushedBack) {
      pushedBack = false;
      return kind;
    }
    return kind = scan();
  }

  /** Consumes tokens up to and including the end of the current entry; a broken token is not reported. */
  void skipEntry() throws IOException {
    while (kind != END_OF_ENTRY && kind != END_OF_FILE) {
      next();
    }
  }

  private int scan() throws IOException {
    while (true) {
      if (position == limit && !fill()) {
        return atEndOfInput();
      }
      byte b = buffer[position];
      switch (CLASSES[b & 0xFF]) {
        case BLANK:
          position++;
          if (atLineStart) {
            lineIndented = true;
          }
          continue;
        case NEWLINE:
          position++;
          tokenLine = line++;
          if (parenDepth > 0) {
            continue;
          }
          atLineStart = true;
          lineIndented = false;
          text.clear();
          return END_OF_ENTRY;
        case SEMICOLON:
          skipComment();
          continue;
        case OPEN:
          position++;
          if (parenDepth++ == 0) {
            parenLine = line;
          }
          continue;
        case CLOSE:
          position++;
          if (parenDepth == 0) {
            return broken(line, "')' without a matching '('");
          }
          parenDepth--;
          continue;
        case QUOTE:
          position++;
          return quoted();
        default:
          return word();
      }
    }
  }

  private int atEndOfInput() {
    if (parenDepth > 0) {
      int opened = parenLine;
      parenDepth = 0;
      return broken(opened, "'(' is not closed by the end of the file");
    }
    if (!finished) {
      // The last line had no newline: it still ends an entry.
      finished = true;
      tokenLine = line;
      text.clear();
      return END_OF_ENTRY;
    }
    text.clear();
    return END_OF_FILE;
  }

  private void skipComment() throws IOException {
    while (true) {
      if (position == limit && !fill()) {
        return;
      }
      if (buffer[position] == '\n') {
        return;
      }
      position++;
    }
  }

  private void startToken() {
    text.clear();
    tokenLine = line;
    tokenIndented = atLineStart && lineIndented && parenDepth == 0;
    tokenInColumnZero = atLineStart && !lineIndented && parenDepth == 0;
    atLineStart = false;
  }

  private int word() throws IOException {
    startToken();
    String problem = null;
    while (true) {
      if (position == limit && !fill()) {
        break;
      }
      // Most bytes are ordinary: find the run of them and copy it at once.
      int run = position;
      while (run < limit && CLASSES[buffer[run] & 0xFF] == ORDINARY) {
        run++;
      }
      if (run > position) {
        text.add(buffer, position, run - position);
        position = run;
        continue;
      }
      byte b = buffer[position];
      byte cls = CLASSES[b & 0xFF];
      if (cls == BACKSLASH) {
        position++;
        if (position == limit && !fill()) {
          problem = problem != null ? problem : "'\\' at the end of the file escapes nothing";
          break;
        }
        text.add(b);
        byte escaped = buffer[position++];
        if (escaped == '\n') {
          line++;
        }
        text.add(escaped);
      } else if (cls == FORBIDDEN) {
        if (problem == null) {
          problem = "byte " + hex(b) + " is not allowed outside a quoted string (write it as \\" + (b & 0xFF) + ")";
        }
        position++;
      } else {
        break;
      }
    }
    if (problem == null && text.tooLong()) {
      problem = "a token is longer than " + MAX_TOKEN + " bytes";
    }
    return problem == null ? WORD : broken(tokenLine, problem);
  }

  private int quoted() throws IOException {
    startToken();
    while (true) {
      if (position == limit && !fill()) {
        return broken(tokenLine, "quoted string is not closed by the end of the file");
      }
      int run = position;
      while (run < limit && buffer[run] != '"' && buffer[run] != '\\' && buffer[run] != '\n') {
        run++;
      }
      if (run > position) {
        text.add(buffer, position, run - position);
        position = run;
        continue;
      }
      byte b = buffer[position];
      if (b == '"') {
        position++;
        break;
      }
      if (b == '\n') {
        // Not consumed: the newline still ends the entry, so recovery does not swallow the next one.
        return broken(tokenLine, "quoted string is not closed on its line");
      }
      position++;
      text.add(b); // a backslash, kept with the byte it escapes
      if (position == limit && !fill()) {
        return broken(tokenLine, "quoted string is not closed by the end of the file");
      }
      byte escaped = buffer[position];
      if (escaped == '\n') {
        return broken(tokenLine, "quoted string is not closed on its line");
      }
      position++;
      text.add(escaped);
    }
    if (text.tooLong()) {
      return broken(tokenLine, "a quoted string is longer than " + MAX_TOKEN + " bytes");
    }
    return QUOTED;
  }

  private int broken(int atLine, String message) {
    brokenLine = atLine;
    brokenMessage = message;
    return BROKEN;
  }

  private boolean fill() throws IOException {
    if (inputEnded) {
      return false;
    }
    int read = in.read(buffer, 0, buffer.length);
    while (read == 0) {
      read = in.read(buffer, 0, buffer.length);
    }
    if (read < 0) {
      inputEnded = true;
      return false;
    }
    for (int i = 0; i < read; i++) {
      if (buffer[i] == 0) {
        nulLine = line;
        for (int j = 0; j < i; j++) {
          if (buffer[j] == '\n') {
            nulLine++;
          }
        }
        sawNul = true;
        inputEnded = true;
        parenDepth = 0;
        finished = true;
        return false;
      }
    }
    position = 0;
    limit = read;
    return true;
  }

  static String hex(byte b) {
    return String.format("0x%02X", b & 0xFF);
  }
}
