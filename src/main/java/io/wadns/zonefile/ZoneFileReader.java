package io.wadns.zonefile;

import io.wadns.zone.RecordTypes;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Generator;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Tokenizer;
import org.xbill.DNS.Type;

/**
 * Reads one RFC 1035 §5 master file (with its {@code $INCLUDE}s) into records that remember their
 * file and line.
 *
 * <p>The grammar follows dnsjava's {@code Master}, which we cannot use directly because it does not
 * tell where a record came from: {@code $ORIGIN}, {@code $TTL}, {@code $INCLUDE}, BIND's {@code
 * $GENERATE}, {@code @}, blank owners, parentheses, escapes and RFC 3597 {@code \#} data. Unlike
 * {@code Master} it does not stop at the first error: it reports it, skips to the end of the entry
 * and goes on, so {@code check} can list every problem of a file in one run.
 */
final class ZoneFileReader {
  private static final int MAX_INCLUDE_DEPTH = 8;
  /** Past this many problems in one file the rest is probably not a zone file at all. */
  private static final int MAX_PROBLEMS_PER_FILE = 100;
  private static final Pattern TOKENIZER_MESSAGE = Pattern.compile("^.*?:(\\d+): (.*)$", Pattern.DOTALL);
  private static final Field TOKENIZER_LINE = tokenizerLineField();

  static {
    RecordTypes.register();
  }

  private final List<SourcedRecord> records;
  private final List<ZoneProblem> problems;
  private final LoadLimits limits;
  private final Deque<Path> includeStack = new ArrayDeque<>();
  private int includes;
  private boolean tooManyRecords;

  ZoneFileReader(List<SourcedRecord> records, List<ZoneProblem> problems, LoadLimits limits) {
    this.records = records;
    this.problems = problems;
    this.limits = limits;
  }

  /**
   * Reads {@code file}, appending its records and problems to the lists this reader was made with.
   *
   * @param origin the initial {@code $ORIGIN}, or null when relative names need an explicit one
   */
  void read(Path file, Name origin) {
    String refusal = Files.isRegularFile(file) ? null : "not a regular file";
    if (refusal != null) {
      problems.add(new ZoneProblem(file.toString(), 0, "cannot read file: " + refusal));
      return;
    }
    read(file, file.toString(), origin, -1);
  }

  /**
   * Reads zone text that is not in a file (tests, tools): {@code $INCLUDE} paths are relative to
   * {@code folder}, and confined as for files.
   */
  void read(String displayName, String text, Path folder, Name origin) {
    try (InputStream in = new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
      new FileState(folder.resolve(displayName), displayName, origin, -1, new TrackingTokenizer(in)).readAll();
    } catch (IOException e) {
      problems.add(new ZoneProblem(displayName, 0, "cannot read: " + describe(e)));
    }
  }

  private void read(Path file, String displayName, Name origin, long defaultTtl) {
    Path real;
    try {
      real = file.toRealPath();
    } catch (IOException e) {
      problems.add(new ZoneProblem(displayName, 0, "cannot read file: " + describe(e)));
      return;
    }
    if (includeStack.contains(real)) {
      problems.add(new ZoneProblem(displayName, 0, "$INCLUDE loop"));
      return;
    }
    if (includeStack.size() >= MAX_INCLUDE_DEPTH) {
      problems.add(new ZoneProblem(displayName, 0, "$INCLUDE nested deeper than " + MAX_INCLUDE_DEPTH));
      return;
    }
    includeStack.push(real);
    try (InputStream in = Files.newInputStream(file)) {
      new FileState(file, displayName, origin, defaultTtl, new TrackingTokenizer(in)).readAll();
    } catch (IOException e) {
      problems.add(new ZoneProblem(displayName, 0, "cannot read file: " + describe(e)));
    } finally {
      includeStack.pop();
    }
  }

  /** Parser state of one file; {@code $ORIGIN} and {@code $TTL} do not leak out of an include. */
  private final class FileState {
    private final Path file;
    private final String displayName;
    private final TrackingTokenizer st;
    private Name origin;
    private long defaultTtl;
    private Record last;
    /** The type whose data is being read, to prefix errors from dnsjava's rdata parsers; or -1. */
    private int parsingType = -1;

    FileState(Path file, String displayName, Name origin, long defaultTtl, TrackingTokenizer st) {
      this.file = file;
      this.displayName = displayName;
      this.origin = origin;
      this.defaultTtl = defaultTtl;
      this.st = st;
    }

    /** Keeps a record, unless the zone already holds as many as it may: then reading stops. */
    private void add(SourcedRecord record) {
      if (records.size() >= limits.maxRecords()) {
        if (!tooManyRecords) {
          tooManyRecords = true;
          problems.add(new ZoneProblem(displayName, record.line(), "the zone has more than " + limits.maxRecords()
              + " records; stopped reading (raise the limit with --max-records)"));
        }
        throw new RecordLimitReached();
      }
      records.add(record);
    }

    void readAll() throws IOException {
      int reported = 0;
      while (!tooManyRecords) {
        int line = currentLine();
        try {
          if (!readEntry()) {
            return;
          }
        } catch (RecordLimitReached e) {
          return;
        } catch (TextParseException | RuntimeException e) {
          report(line, e);
          parsingType = -1;
          if (++reported >= MAX_PROBLEMS_PER_FILE) {
            problems.add(new ZoneProblem(displayName, currentLine(), "too many problems; stopped reading this file"));
            return;
          }
          if (!skipToEndOfEntry()) {
            return; // the tokenizer cannot get past this error (an unterminated quote at the end of file)
          }
        }
      }
    }

    /** Reads one directive or record; false at end of file. */
    private boolean readEntry() throws IOException {
      Tokenizer.Token token = st.get(true, false);
      Name owner;
      if (token.type() == Tokenizer.EOF) {
        return false;
      }
      if (token.type() == Tokenizer.EOL) {
        return true;
      }
      if (token.type() == Tokenizer.WHITESPACE) {
        Tokenizer.Token next = st.get();
        if (next.type() == Tokenizer.EOL) {
          return true;
        }
        if (next.type() == Tokenizer.EOF) {
          return false;
        }
        st.unget();
        if (last == null) {
          throw st.exception("no owner name: the first record of a file must name its owner");
        }
        owner = last.getName();
      } else if (token.value().startsWith("$")) {
        directive(token.value(), currentLine());
        return true;
      } else {
        owner = parseName(token.value());
      }
      int line = currentLine();
      TypeClassTtl head = readHead();
      parsingType = head.type;
      // A SOA without TTL and no $TTL takes its MINIMUM (below); dnsjava needs a valid TTL meanwhile.
      Record record = Record.fromString(owner, head.type, DClass.IN, Math.max(head.ttl, 0), st, origin);
      parsingType = -1;
      if (head.ttl < 0) {
        // RFC 2308 §4 / BIND: a SOA without TTL and no $TTL takes its MINIMUM.
        record = Records.withTtl(record, ((SOARecord) record).getMinimum());
        defaultTtl = ((SOARecord) record).getMinimum();
      }
      last = record;
      add(new SourcedRecord(record, displayName, line));
      return true;
    }

    private void directive(String name, int line) throws IOException {
      if (name.equalsIgnoreCase("$ORIGIN")) {
        // RFC 1035 §5.1 leaves it open; BIND reads a relative $ORIGIN relative to the current one.
        origin = st.getName(origin == null ? Name.root : origin);
        st.getEOL();
      } else if (name.equalsIgnoreCase("$TTL")) {
        defaultTtl = ttl(st.getString(), "$TTL: ");
        st.getEOL();
      } else if (name.equalsIgnoreCase("$INCLUDE")) {
        include(line);
      } else if (name.equalsIgnoreCase("$GENERATE")) {
        generate();
      } else {
        throw st.exception("unknown directive " + name);
      }
    }

    /** RFC 1035 §5.1: {@code $INCLUDE <file> [<origin>]}; relative paths are relative to this file. */
    private void include(int line) throws IOException {
      String target = st.getString();
      Name includeOrigin = origin;
      Tokenizer.Token token = st.get();
      if (token.isString()) {
        includeOrigin = parseName(token.value());
        st.getEOL();
      }
      Path included;
      try {
        included = Path.of(target);
      } catch (java.nio.file.InvalidPathException e) {
        throw st.exception("$INCLUDE " + Excerpt.of(target) + ": not a file name");
      }
      if (!included.isAbsolute()) {
        Path parent = file.getParent();
        included = parent == null ? included : parent.resolve(target);
      }
      if (++includes > limits.maxIncludes()) {
        throw st.exception("$INCLUDE " + Excerpt.of(target) + ": more than " + limits.maxIncludes()
            + " included files in one zone");
      }
      String refusal = limits.refusal(included);
      if (refusal != null) {
        throw st.exception("$INCLUDE " + Excerpt.of(target) + ": " + refusal);
      }
      int before = problems.size();
      read(included, included.toString(), includeOrigin, defaultTtl);
      if (problems.size() > before && problems.get(before).line() == 0) {
        // The included file could not be opened at all: say so at the directive's own line.
        ZoneProblem cause = problems.remove(before);
        problems.add(before, new ZoneProblem(displayName, line, "$INCLUDE " + Excerpt.of(target) + ": "
            + cause.message()));
      }
    }

    /** BIND's {@code $GENERATE start-stop[/step] lhs [ttl] [class] type rhs}. */
    private void generate() throws IOException {
      String range = st.getIdentifier();
      Matcher m = Pattern.compile("(\\d+)-(\\d+)(?:/(\\d+))?").matcher(range);
      if (!m.matches()) {
        throw st.exception("invalid $GENERATE range " + range);
      }
      long start = Long.parseLong(m.group(1));
      long end = Long.parseLong(m.group(2));
      long step = m.group(3) == null ? 1 : Long.parseLong(m.group(3));
      if (start > end || step <= 0 || end > 0xFFFFFFFFL || (end - start) / step > 1_000_000) {
        throw st.exception("invalid $GENERATE range " + range);
      }
      String namePattern = st.getIdentifier();
      int line = currentLine();
      TypeClassTtl head = readHead();
      if (!Generator.supportedType(head.type)) {
        throw st.exception("$GENERATE does not support " + Type.string(head.type) + " records");
      }
      String rdataPattern = st.getIdentifier();
      st.getEOL();
      if (head.ttl < 0) {
        throw st.exception("missing TTL and no $TTL");
      }
      Generator generator = new Generator(start, end, step, namePattern, head.type, DClass.IN,
          head.ttl, rdataPattern, origin);
      try {
        for (Record r = generator.nextRecord(); r != null; r = generator.nextRecord()) {
          add(new SourcedRecord(r, displayName, line));
          last = r;
        }
      } catch (TextParseException e) {
        problems.add(new ZoneProblem(displayName, line, "$GENERATE: " + e.getMessage()));
      }
    }

    private record TypeClassTtl(int type, long ttl) {}

    /** The {@code [ttl] [class] type} head of a record, in either order (RFC 1035 §5.1). */
    private TypeClassTtl readHead() throws IOException {
      String s = st.getString();
      boolean seenClass = false;
      int dclass = DClass.value(s);
      if (dclass >= 0) {
        checkClass(dclass, s);
        s = st.getString();
        seenClass = true;
      }
      long ttl;
      if (TtlText.looksLikeTtl(s)) {
        ttl = ttl(s, "");
        s = st.getString();
      } else {
        // RFC 2308 §4: $TTL, else BIND's habit of repeating the previous record's TTL.
        ttl = defaultTtl >= 0 ? defaultTtl : last != null ? last.getTTL() : -1;
      }
      if (!seenClass) {
        dclass = DClass.value(s);
        if (dclass >= 0) {
          checkClass(dclass, s);
          s = st.getString();
        }
      }
      int type = Type.value(s, true);
      if (type < 0) {
        throw st.exception("unknown record type " + Excerpt.of(s));
      }
      if (ttl < 0 && type != Type.SOA) {
        throw st.exception("no TTL: give one on the record or set $TTL");
      }
      return new TypeClassTtl(type, ttl);
    }

    /**
     * A TTL token: its value, or 0 with a warning for one above 2^31-1 (RFC 2181 §8, as BIND does); a
     * TextParseException naming the value when it is no TTL at all.
     */
    private long ttl(String text, String where) throws TextParseException {
      long ttl;
      try {
        ttl = TtlText.parse(text);
      } catch (IllegalArgumentException e) {
        throw st.exception(where + e.getMessage());
      }
      if (ttl > TtlText.MAX_TTL) {
        problems.add(ZoneProblem.warning(displayName, currentLine(), where + "TTL " + ttl + " is above 2147483647;"
            + " RFC 2181 §8 makes it 0"));
      }
      return TtlText.effective(ttl);
    }

    private void checkClass(int dclass, String text) throws TextParseException {
      if (dclass != DClass.IN) {
        throw st.exception("class " + text + " is not supported; wadns serves class IN only");
      }
    }

    private Name parseName(String text) throws TextParseException {
      try {
        return Name.fromString(text, origin);
      } catch (TextParseException e) {
        throw st.exception(e.getMessage());
      }
    }

    private void report(int entryLine, Exception e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      int line = entryLine;
      Matcher m = TOKENIZER_MESSAGE.matcher(message);
      if (e instanceof TextParseException && m.matches()) {
        line = Integer.parseInt(m.group(1));
        message = m.group(2);
      } else if (currentLine() > 0) {
        line = currentLine();
      }
      if (st.endedLine() && line > entryLine) {
        line--; // the error was noticed on reading the newline, which the tokenizer already counted
      }
      if (parsingType >= 0 && !message.contains(Type.string(parsingType))) {
        message = Type.string(parsingType) + " record: " + message;
      }
      if (e instanceof org.xbill.DNS.RelativeNameException) {
        message = "relative name with no $ORIGIN: " + message;
      }
      problems.add(new ZoneProblem(displayName, line, Excerpt.sanitize(message)));
    }

    /**
     * After an error, skips what is left of the entry so one mistake is reported once. False when
     * the file cannot be read any further: the tokenizer fails without moving on.
     */
    private boolean skipToEndOfEntry() {
      if (st.endedEntry()) {
        return true;
      }
      int failures = 0;
      for (int i = 0; i < 1_000_000; i++) {
        try {
          Tokenizer.Token t = st.get();
          failures = 0;
          if (t.type() == Tokenizer.EOL) {
            return true;
          }
          if (t.type() == Tokenizer.EOF) {
            st.unget();
            return true;
          }
        } catch (IOException | RuntimeException e) {
          // An unterminated quote or parenthesis: keep consuming while the tokenizer makes progress.
          if (++failures >= 3) {
            return false;
          }
        }
      }
      return false;
    }

    private int currentLine() {
      if (TOKENIZER_LINE == null) {
        return 0;
      }
      try {
        return TOKENIZER_LINE.getInt(st);
      } catch (IllegalAccessException e) {
        return 0;
      }
    }
  }

  /** Why a file could not be read, in words: {@code no such file /etc/wadns/zones/x.inc}. */
  private static String describe(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file " + e.getMessage();
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied: " + e.getMessage();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /**
   * dnsjava's tokenizer counts lines but only shows the count inside its error messages; reading the
   * field is the cheap way to know the line of every record (one exception per record would be far
   * slower on million-record zones). Tests pin the behaviour for the dnsjava version we ship.
   */
  private static Field tokenizerLineField() {
    try {
      Field f = Tokenizer.class.getDeclaredField("line");
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** Thrown out of the entry being read when the zone reached its record limit. */
  private static final class RecordLimitReached extends RuntimeException {
    RecordLimitReached() {
      super(null, null, false, false);
    }
  }

  /** A tokenizer that remembers whether the last token it handed out ended the entry. */
  private static final class TrackingTokenizer extends Tokenizer {
    private int lastType = -1;

    TrackingTokenizer(InputStream in) {
      super(in);
    }

    @Override
    public Token get(boolean wantWhitespace, boolean wantComment) throws IOException {
      lastType = -1;
      Token t = super.get(wantWhitespace, wantComment);
      lastType = t.type();
      return t;
    }

    @Override
    public void unget() {
      super.unget();
      lastType = -1;
    }

    boolean endedLine() {
      return lastType == EOL;
    }

    boolean endedEntry() {
      return lastType == EOL || lastType == EOF;
    }
  }
}
