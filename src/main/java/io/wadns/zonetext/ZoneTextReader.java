package io.wadns.zonetext;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Reads an RFC 1035 §5 zone file, as BIND, NSD and Knot accept it, straight into wire form.
 *
 * <p>One pass over the bytes, with no object per record: each owner name and RDATA is written in
 * wire form into reusable buffers and handed to a {@link RecordSink}. Names are absolute,
 * uncompressed, in the case they were written; the class is always IN.
 *
 * <pre>{@code
 * ZoneTextReport report = ZoneTextReader.create()
 *     .withOrigin("example.com.")
 *     .withIncludePolicy(IncludePolicy.confinedTo(zoneFolder))
 *     .read(Path.of("example.com.zone"), (owner, ownerLength, type, ttl, rdata, rdataLength, file, line) -> {
 *       // copy what you keep: the arrays are reused
 *     });
 * report.problems().forEach(System.err::println); // FILE:LINE: message
 * }</pre>
 *
 * <p>What it reads:
 *
 * <ul>
 *   <li>{@code $ORIGIN} (relative to the current origin), {@code $TTL} (seconds or {@code 1h30m},
 *       {@code 1W}), {@code $INCLUDE file [origin]} (resolved by the {@link IncludePolicy}, nested
 *       at most {@value #MAX_INCLUDE_DEPTH} deep, loops refused) and BIND's {@code $GENERATE}
 *       (dnsjava's {@code Generator} substitutions, at most 1,000,000 records a directive);
 *   <li>{@code @}, a blank owner for the last stated one (RFC 1035 §5.1), TTL and class in either
 *       order, the previous record's TTL when there is no TTL nor {@code $TTL} (BIND), and an
 *       SOA's MINIMUM when nothing else gives one (RFC 2308 §4); TTLs from 2^31 to 2^32-1 are
 *       read as 0 with a warning (RFC 2181 §8);
 *   <li>parentheses, comments, quoted strings, {@code \X} and {@code \DDD} escapes, RFC 3597
 *       {@code TYPEnnn} and {@code \# length hex} for any type;
 *   <li>RDATA of the common types with parsers of its own (A, AAAA, NS, CNAME, DNAME, PTR, MX, SRV,
 *       SOA, TXT, SPF, HINFO, CAA, NAPTR, DS, CDS, DNSKEY, CDNSKEY, RRSIG, NSEC, NSEC3, NSEC3PARAM,
 *       TLSA, SMIMEA, SSHFP and a few more), and of every other type dnsjava knows (including types
 *       registered with it, such as wadns' ALIAS and HEALTHCHECK once {@code
 *       RecordTypes.register()} has run) with dnsjava's own parser.
 * </ul>
 *
 * <p>Errors do not stop the reading: each bad entry is reported as {@code FILE:LINE: message}
 * (the line of the offending token), skipped, and reading goes on, until 100 problems in one file.
 * Messages quote at most a short escaped excerpt of the input. Memory stays bounded whatever the
 * input (no token over 256 KiB is kept); a NUL byte means the file is not zone text, and reading
 * it stops before anything of the block it was read in (up to 16 KiB) is quoted.
 *
 * <p>A reader is immutable and may be shared; each {@code read} runs on the calling thread, and
 * {@link #readInParallel} reads one large file in chunks on several threads.
 */
public final class ZoneTextReader {
  /** How deep {@code $INCLUDE}s may nest: the top file includes at most this many levels. */
  public static final int MAX_INCLUDE_DEPTH = 8;

  private final byte[] origin;
  private final long defaultTtl;
  private final IncludePolicy includes;

  private ZoneTextReader(byte[] origin, long defaultTtl, IncludePolicy includes) {
    this.origin = origin;
    this.defaultTtl = defaultTtl;
    this.includes = includes;
  }

  /** A reader with no origin, no default TTL, and {@link IncludePolicy#regularFiles()}. */
  public static ZoneTextReader create() {
    return new ZoneTextReader(null, -1, IncludePolicy.regularFiles());
  }

  /**
   * The origin before any {@code $ORIGIN}, usually the zone's name.
   *
   * @param absoluteName a name ending in a dot, such as {@code example.com.}
   * @throws IllegalArgumentException if it is not an absolute domain name
   */
  public ZoneTextReader withOrigin(String absoluteName) {
    byte[] text = absoluteName.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    if (!absoluteName.endsWith(".")) {
      throw new IllegalArgumentException("the origin must be absolute (end with a dot): " + absoluteName);
    }
    byte[] wire = new byte[WireName.MAX_NAME + 1];
    try {
      int length = WireName.parse(text, 0, text.length, null, 0, wire, 0, 0);
      return new ZoneTextReader(Arrays.copyOf(wire, length), defaultTtl, includes);
    } catch (EntryError e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** The TTL before any {@code $TTL}, in seconds; by default there is none. */
  public ZoneTextReader withDefaultTtl(long seconds) {
    if (seconds < 0 || seconds > TtlText.MAX_TTL) {
      throw new IllegalArgumentException("a TTL is from 0 to 2147483647 seconds: " + seconds);
    }
    return new ZoneTextReader(origin, seconds, includes);
  }

  /** Decides which files {@code $INCLUDE} may read. */
  public ZoneTextReader withIncludePolicy(IncludePolicy policy) {
    return new ZoneTextReader(origin, defaultTtl, java.util.Objects.requireNonNull(policy));
  }

  /** Reads a zone file; relative {@code $INCLUDE}s are relative to its folder. */
  public ZoneTextReport read(Path file, RecordSink sink) {
    ReadState state = new ReadState(sink, includes);
    try (InputStream in = Files.newInputStream(file)) {
      state.readTop(in, file.toString(), file, origin, defaultTtl);
    } catch (IOException e) {
      state.problem(
          new ZoneTextProblem(
              file.toString(), 0, ZoneTextProblem.Severity.ERROR, "cannot read the file: " + Excerpt.of(String.valueOf(e.getMessage()), 80)));
    }
    return state.report();
  }

  /**
   * Reads a zone file whose bytes are already in memory ({@code text}, read a moment ago); relative
   * {@code $INCLUDE}s are relative to its folder, as in {@link #read(Path, RecordSink)}.
   */
  public ZoneTextReport read(Path file, byte[] text, RecordSink sink) {
    ReadState state = new ReadState(sink, includes);
    state.readTop(new ByteArrayInputStream(text), file.toString(), file, origin, defaultTtl);
    return state.report();
  }

  /**
   * Reads one large zone file on up to {@code threads} threads, each reading one chunk of it, cut
   * at entry boundaries. The records and problems are those of {@link #read(Path, RecordSink)}.
   *
   * <p>{@code sinkForChunk} is called with 0, 1, 2, ... once per chunk, in file order, before any
   * reading starts; each sink is then called from one thread only, with the records of its chunk
   * in file order. Chunks can only start where a {@code $TTL} is in force (a record without TTL
   * may otherwise take the previous record's), so a file with no {@code $TTL}, or one over 1 GiB,
   * is read as one chunk.
   *
   * @throws InterruptedException if interrupted while the chunks are read
   */
  public ZoneTextReport readInParallel(Path file, int threads, java.util.function.IntFunction<RecordSink> sinkForChunk)
      throws InterruptedException {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + threads);
    }
    try {
      if (threads == 1 || Files.size(file) > ChunkedRead.MAX_IN_MEMORY) {
        return read(file, sinkForChunk.apply(0));
      }
      return ChunkedRead.read(file, threads, sinkForChunk, origin, defaultTtl, includes);
    } catch (IOException e) {
      return new ZoneTextReport(0, List.of(new ZoneTextProblem(file.toString(), 0, ZoneTextProblem.Severity.ERROR,
          "cannot read the file: " + Excerpt.of(String.valueOf(e.getMessage()), 80))));
    }
  }

  /**
   * Reads zone text from a stream, which is not closed.
   *
   * @param displayName how problems name the source
   */
  public ZoneTextReport read(String displayName, InputStream in, RecordSink sink) {
    ReadState state = new ReadState(sink, includes);
    state.readTop(in, displayName, null, origin, defaultTtl);
    return state.report();
  }

  /** Reads zone text held in memory. */
  public ZoneTextReport read(String displayName, byte[] text, RecordSink sink) {
    return read(displayName, new ByteArrayInputStream(text), sink);
  }
}
