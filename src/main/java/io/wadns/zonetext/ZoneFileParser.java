package io.wadns.zonetext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.xbill.DNS.Type;

/**
 * Reads the entries of one zone file (RFC 1035 §5.1): directives and records, in one pass.
 *
 * <p>{@code $ORIGIN} and {@code $TTL} changes stay in the file that makes them; an {@code
 * $INCLUDE}d file starts with the includer's values. A bad entry is reported and skipped, and
 * reading goes on at the next one, until {@link #MAX_PROBLEMS} problems say the file is not worth
 * reading further.
 */
final class ZoneFileParser {
  /** Past this many problems in one file the rest is probably not a zone file at all. */
  static final int MAX_PROBLEMS = 100;

  final ReadState state;
  final ZoneLexer lexer;
  final String fileName;
  final Path path;
  final int depth;
  final RdataScanner scanner;
  private FallbackRdata fallback;

  byte[] origin;
  int originLength;
  long defaultTtl;
  long lastTtl;
  private byte[] owner = new byte[WireName.MAX_NAME + 1];
  private int ownerLength;
  private byte[] spareOwner = new byte[WireName.MAX_NAME + 1];
  private int problems;
  private boolean stopped;

  /** What {@link #readTypeAndTtl} found: the type, and the TTL written (or -1). */
  int entryType;
  long entryTtl;

  ZoneFileParser(
      ReadState state, ZoneLexer lexer, String fileName, Path path, int depth, byte[] origin, long defaultTtl, long lastTtl) {
    this.state = state;
    this.lexer = lexer;
    this.fileName = fileName;
    this.path = path;
    this.depth = depth;
    this.scanner = new RdataScanner(lexer);
    this.origin = origin;
    this.originLength = origin == null ? 0 : origin.length;
    this.defaultTtl = defaultTtl;
    this.lastTtl = lastTtl;
  }

  void readAll() throws IOException {
    while (!stopped) {
      int kind = lexer.next();
      if (kind == ZoneLexer.END_OF_FILE) {
        break;
      }
      if (kind == ZoneLexer.END_OF_ENTRY) {
        continue;
      }
      try {
        if (kind == ZoneLexer.BROKEN) {
          throw new EntryError(lexer.brokenLine(), lexer.brokenMessage());
        }
        entry();
      } catch (EntryError e) {
        if (!lexer.sawNul()) {
          error(e.line(), e.getMessage());
        }
        lexer.skipEntry();
      }
    }
    if (lexer.sawNul() && !stopped) {
      error(lexer.nulLine(), "a NUL byte: this is not zone file text; stopped reading the file");
    }
  }

  /**
   * Reads the directive at the start of {@code directiveLexer} if it is {@code $ORIGIN} or {@code
   * $TTL}, to learn the state a later chunk of the file starts with; problems are the chunk's to report.
   */
  void replayDirective(ZoneLexer directiveLexer) throws IOException {
    ZoneFileParser p =
        new ZoneFileParser(state, directiveLexer, fileName, path, depth, origin, defaultTtl, lastTtl);
    if (directiveLexer.next() != ZoneLexer.WORD) {
      return;
    }
    String name = text(directiveLexer.token(), directiveLexer.tokenLength());
    if (name.equalsIgnoreCase("$ORIGIN") || name.equalsIgnoreCase("$TTL")) {
      try {
        Directives.read(p, directiveLexer.tokenLine());
        origin = p.origin;
        originLength = p.originLength;
        defaultTtl = p.defaultTtl;
      } catch (EntryError e) {
        // reported when the chunk that holds it is read
      }
    }
  }

  private void entry() throws IOException, EntryError {
    int line = lexer.tokenLine();
    byte[] token = lexer.token();
    int length = lexer.tokenLength();
    if (lexer.tokenInColumnZero() && lexer.kind() == ZoneLexer.WORD && token[0] == '$') {
      Directives.read(this, line);
      return;
    }
    if (lexer.tokenIndented()) {
      // RFC 1035 §5.1: a blank owner is "the last stated owner".
      if (ownerLength == 0) {
        throw new EntryError(line, "no owner name: the first record of a file must name its owner");
      }
      lexer.pushBack();
    } else {
      // Stated, so it is the owner of the blank-owner lines that follow, even if this record is bad.
      // Written into the spare buffer first: a bad name leaves the last stated owner intact.
      int parsedLength = WireName.parse(token, 0, length, origin, originLength, spareOwner, 0, line);
      byte[] stated = spareOwner;
      spareOwner = owner;
      owner = stated;
      ownerLength = parsedLength;
    }
    readTypeAndTtl(line);
    record(owner, ownerLength, entryType, entryTtl, line);
  }

  /** Reads {@code [TTL] [CLASS] TYPE} or {@code [CLASS] [TTL] TYPE} into {@link #entryType} and {@link #entryTtl}. */
  void readTypeAndTtl(int line) throws IOException, EntryError {
    long ttl = -1;
    boolean sawClass = false;
    while (true) {
      int kind = lexer.next();
      if (kind == ZoneLexer.BROKEN) {
        throw new EntryError(lexer.brokenLine(), lexer.brokenMessage());
      }
      if (kind != ZoneLexer.WORD && kind != ZoneLexer.QUOTED) {
        throw new EntryError(line, "the record has no type");
      }
      byte[] token = lexer.token();
      int length = lexer.tokenLength();
      int tokenLine = lexer.tokenLine();
      // No type or class mnemonic starts with a digit or a sign, so these tests need no lookup.
      if (length > 0 && TtlText.looksLikeTtl(token, length)) {
        if (ttl >= 0) {
          throw new EntryError(tokenLine, "expected a record type after the TTL, not '" + Excerpt.of(token, 0, length) + "'");
        }
        ttl = checkTtl(TtlText.parse(token, length, "TTL", tokenLine), tokenLine);
        continue;
      }
      if (length > 0 && TypeNames.isClassIn(token, length)) {
        if (sawClass) {
          throw new EntryError(tokenLine, "the class is given twice");
        }
        sawClass = true;
        continue;
      }
      int type = length == 0 ? TypeNames.NOT_FOUND : TypeNames.type(token, length);
      if (type != TypeNames.NOT_FOUND) {
        if (type == Type.OPT || type >= 128 && type <= 255) {
          throw new EntryError(
              tokenLine, "type " + Type.string(type) + " is a query or meta type, not zone data (RFC 6895 §3.1)");
        }
        entryType = type;
        entryTtl = ttl;
        return;
      }
      int dnsClass = length == 0 ? TypeNames.NOT_FOUND : TypeNames.classValue(token, length);
      if (dnsClass != TypeNames.NOT_FOUND) {
        throw new EntryError(
            tokenLine,
            "class " + org.xbill.DNS.DClass.string(dnsClass) + " is not supported; wadns serves class IN only");
      }
      throw new EntryError(tokenLine, "unknown record type '" + Excerpt.of(token, 0, length) + "'");
    }
  }

  /** RFC 2181 §8: a TTL with the top bit set is read as zero, as BIND does, with a warning. */
  long checkTtl(long ttl, int line) {
    if (ttl > TtlText.MAX_TTL) {
      warning(line, "TTL " + ttl + " is larger than 2147483647 (RFC 2181 §8); read as 0");
      return 0;
    }
    return ttl;
  }

  /** Reads the RDATA of a record whose owner, type and TTL are known, and hands the record on. */
  void record(byte[] recordOwner, int recordOwnerLength, int type, long ttl, int line) throws IOException, EntryError {
    if (ttl < 0) {
      ttl = defaultTtl >= 0 ? defaultTtl : lastTtl;
      if (ttl < 0 && type != Type.SOA) {
        throw new EntryError(line, "the record has no TTL, and no $TTL or earlier record gives one");
      }
    }
    scanner.start(type, origin, originLength, line);
    if (lexer.next() == ZoneLexer.WORD && GenericRdata.isMarker(lexer)) {
      GenericRdata.parse(type, scanner);
    } else {
      lexer.pushBack();
      if (NativeRdata.handles(type)) {
        NativeRdata.parse(type, scanner);
      } else {
        if (fallback == null) {
          fallback = new FallbackRdata();
        }
        fallback.parse(type, recordOwner, recordOwnerLength, Math.max(ttl, 0), scanner);
      }
    }
    WireBuffer rdata = scanner.out;
    rdata.checkLength();
    if (ttl < 0) {
      // RFC 2308 §4 and BIND: an SOA with no TTL anywhere takes its MINIMUM.
      if (rdata.length < 4) {
        throw new EntryError(line, "the SOA has no TTL and no MINIMUM to take it from");
      }
      ttl = checkTtl(io.wadns.wire.Wire.u32(rdata.data, rdata.length - 4), line);
    }
    lastTtl = ttl;
    state.record(recordOwner, recordOwnerLength, type, ttl, rdata.data, rdata.length, fileName, line);
  }

  /** {@code $ORIGIN}: the origin, in wire form, of the names that follow. */
  void setOrigin(byte[] newOrigin) {
    origin = newOrigin;
    originLength = newOrigin.length;
  }

  static String text(byte[] token, int length) {
    return new String(token, 0, length, StandardCharsets.ISO_8859_1);
  }

  void error(int line, String message) {
    report(line, ZoneTextProblem.Severity.ERROR, message);
  }

  void warning(int line, String message) {
    report(line, ZoneTextProblem.Severity.WARNING, message);
  }

  private void report(int line, ZoneTextProblem.Severity severity, String message) {
    if (stopped) {
      return;
    }
    state.problem(new ZoneTextProblem(fileName, line, severity, message));
    if (++problems >= MAX_PROBLEMS) {
      state.problem(
          new ZoneTextProblem(
              fileName, line, ZoneTextProblem.Severity.ERROR, "too many problems; stopped reading this file"));
      stopped = true;
    }
  }
}
