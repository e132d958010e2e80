package io.wadns.zonetext;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Reads one large zone file on several threads: cut at entry boundaries ({@link EntryBoundaries}),
 * each chunk started with the {@code $ORIGIN} and {@code $TTL} in force where it begins.
 *
 * <p>A chunk may only start where a {@code $TTL} is in force (without one, a record's TTL may be
 * the previous record's, which only a sequential reading knows) and with a good owner name (the
 * owner of any blank-owner lines after it). A file with no {@code $TTL}, or with a NUL byte, is
 * read on one thread.
 */
final class ChunkedRead {
  /** Past this a file is not read into memory whole, and is read sequentially. */
  static final long MAX_IN_MEMORY = 1L << 30;

  private ChunkedRead() {}

  /** What a chunk starts with. */
  private record Start(int offset, int line, byte[] origin, long defaultTtl) {}

  static ZoneTextReport read(
      Path file, int threads, IntFunction<RecordSink> sinks, byte[] origin, long defaultTtl, IncludePolicy includes)
      throws IOException, InterruptedException {
    String name = file.toString();
    byte[] text = Files.readAllBytes(file);
    EntryBoundaries.Plan plan = EntryBoundaries.plan(text, text.length, threads);
    List<Start> starts = starts(text, plan, name, origin, defaultTtl);
    if (starts.size() == 1) {
      ReadState state = new ReadState(sinks.apply(0), includes);
      state.readTop(new ByteArrayInputStream(text), name, file, origin, defaultTtl);
      return state.report();
    }
    List<ReadState> states = new ArrayList<>();
    for (int i = 0; i < starts.size(); i++) {
      states.add(new ReadState(sinks.apply(i), includes));
    }
    ExecutorService pool = Executors.newFixedThreadPool(starts.size());
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < starts.size(); i++) {
        Start start = starts.get(i);
        int end = i + 1 < starts.size() ? starts.get(i + 1).offset() : text.length;
        ReadState state = states.get(i);
        running.add(pool.submit(() -> {
          state.readChunk(text, start.offset(), end, start.line(), name, file, start.origin(), start.defaultTtl());
          return null;
        }));
      }
      for (Future<?> future : running) {
        future.get();
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException sinkFailure) {
        throw sinkFailure; // what the sink threw (a record limit reached), as a sequential read would
      }
      throw new IllegalStateException("reading a chunk of " + name + " failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return merge(states, name);
  }

  /** Replays the directives before each cut; drops the cuts where no {@code $TTL} is in force. */
  private static List<Start> starts(byte[] text, EntryBoundaries.Plan plan, String name, byte[] origin, long defaultTtl)
      throws IOException {
    List<Start> starts = new ArrayList<>();
    ZoneFileParser replay =
        new ZoneFileParser(new ReadState((o, ol, t, ttl, d, dl, f, l) -> {}, IncludePolicy.none()),
            new ZoneLexer(text, 0, 0, 1), name, null, 0, origin, defaultTtl, -1);
    int next = 0;
    for (EntryBoundaries.Cut cut : plan.cuts()) {
      while (next < plan.directives().size() && plan.directives().get(next) < cut.offset()) {
        int at = plan.directives().get(next++);
        replay.replayDirective(new ZoneLexer(text, at, text.length - at, 1));
      }
      if (starts.isEmpty()) {
        starts.add(new Start(0, 1, origin, defaultTtl));
      } else if (replay.defaultTtl >= 0 && ownerParses(text, cut.offset(), replay)) {
        starts.add(new Start(cut.offset(), cut.line(), replay.origin, replay.defaultTtl));
      }
    }
    return starts;
  }

  /**
   * True when the owner name a chunk would start with is good: if it were not, the blank-owner
   * lines after it would belong to the owner stated before it, in the previous chunk.
   */
  private static boolean ownerParses(byte[] text, int offset, ZoneFileParser replay) throws IOException {
    ZoneLexer lexer = new ZoneLexer(text, offset, text.length - offset, 1);
    if (lexer.next() != ZoneLexer.WORD) {
      return false;
    }
    try {
      WireName.parse(lexer.token(), 0, lexer.tokenLength(), replay.origin, replay.originLength,
          new byte[WireName.MAX_NAME + 1], 0, 1);
      return true;
    } catch (EntryError e) {
      return false;
    }
  }

  private static ZoneTextReport merge(List<ReadState> states, String name) {
    long records = 0;
    List<ZoneTextProblem> problems = new ArrayList<>();
    int inTopFile = 0;
    for (ReadState state : states) {
      ZoneTextReport report = state.report();
      records += report.records();
      for (ZoneTextProblem problem : report.problems()) {
        if (!problem.file().equals(name)) {
          problems.add(problem);
        } else if (inTopFile < ZoneFileParser.MAX_PROBLEMS) {
          problems.add(problem);
          if (++inTopFile == ZoneFileParser.MAX_PROBLEMS) {
            problems.add(new ZoneTextProblem(name, problem.line(), ZoneTextProblem.Severity.ERROR,
                "too many problems; stopped reading this file"));
          }
        }
      }
    }
    return new ZoneTextReport(records, List.copyOf(problems));
  }
}
