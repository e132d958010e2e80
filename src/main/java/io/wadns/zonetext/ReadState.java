package io.wadns.zonetext;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** What one {@link ZoneTextReader#read} shares across the files it reads: the sink, the problems, the includes open. */
final class ReadState {
  private final RecordSink sink;
  private final IncludePolicy includes;
  private final List<ZoneTextProblem> problems = new ArrayList<>();
  /** Real paths of the files being read, innermost first, to find include loops. */
  private final Deque<Path> open = new ArrayDeque<>();
  /**
   * The top-level file, whose real path goes to the bottom of {@link #open} at the first {@code $INCLUDE}:
   * resolving it costs a readlink(2) per path component, and most zone files include nothing.
   */
  private Path top;
  private long records;

  ReadState(RecordSink sink, IncludePolicy includes) {
    this.sink = sink;
    this.includes = includes;
  }

  void record(byte[] owner, int ownerLength, int type, long ttl, byte[] rdata, int rdataLength, String file, int line) {
    records++;
    sink.record(owner, ownerLength, type, ttl, rdata, rdataLength, file, line);
  }

  void problem(ZoneTextProblem problem) {
    problems.add(problem);
  }

  ZoneTextReport report() {
    return new ZoneTextReport(records, List.copyOf(problems));
  }

  /** Reads a top-level file, or a stream when {@code path} is null. */
  void readTop(InputStream in, String name, Path path, byte[] origin, long defaultTtl) {
    top = path;
    try {
      new ZoneFileParser(this, new ZoneLexer(in), name, path, 0, origin, defaultTtl, -1).readAll();
    } catch (IOException e) {
      problem(new ZoneTextProblem(name, 0, ZoneTextProblem.Severity.ERROR, "cannot read the file: " + reason(e)));
    }
  }

  /** Reads {@code text[start, end)}, one chunk of a file read on several threads. */
  void readChunk(byte[] text, int start, int end, int firstLine, String name, Path path, byte[] origin, long defaultTtl) {
    top = path;
    try {
      ZoneLexer lexer = new ZoneLexer(text, start, end - start, firstLine);
      new ZoneFileParser(this, lexer, name, path, 0, origin, defaultTtl, -1).readAll();
    } catch (IOException e) {
      problem(new ZoneTextProblem(name, firstLine, ZoneTextProblem.Severity.ERROR, "cannot read the file: " + reason(e)));
    }
  }

  /** {@code $INCLUDE}: reads {@code requested} with the includer's origin (or the one given) and TTLs. */
  void include(ZoneFileParser includer, String requested, byte[] origin, int line) {
    String quoted = "'" + Excerpt.of(requested, Excerpt.MAX_CHARS) + "'";
    if (includer.depth >= ZoneTextReader.MAX_INCLUDE_DEPTH) {
      includer.error(line, "$INCLUDE " + quoted + " nests more than " + ZoneTextReader.MAX_INCLUDE_DEPTH + " files deep");
      return;
    }
    Path path;
    Path real;
    try {
      path = includes.resolve(includer.path, requested);
      real = path.toRealPath();
    } catch (IOException | RuntimeException e) {
      includer.error(line, "$INCLUDE " + quoted + " refused: " + reason(e));
      return;
    }
    if (top != null) {
      try {
        open.addLast(top.toRealPath());
      } catch (IOException e) {
        // Gone since it was opened: a loop back to it cannot be told, and the depth limit bounds one.
      }
      top = null;
    }
    if (open.contains(real)) {
      includer.error(line, "$INCLUDE " + quoted + " is a loop: that file is already being read");
      return;
    }
    open.push(real);
    String name = path.toString();
    try (InputStream in = Files.newInputStream(path)) {
      new ZoneFileParser(this, new ZoneLexer(in), name, path, includer.depth + 1, origin, includer.defaultTtl, includer.lastTtl)
          .readAll();
    } catch (IOException e) {
      includer.error(line, "$INCLUDE " + quoted + ": cannot read the file: " + reason(e));
    } finally {
      open.pop();
    }
  }

  private static String reason(Exception e) {
    String message = e.getMessage();
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return Excerpt.of(message == null ? e.getClass().getSimpleName() : message, 80);
  }
}
