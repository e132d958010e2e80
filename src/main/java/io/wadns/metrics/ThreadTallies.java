package io.wadns.metrics;

import io.netty.util.concurrent.FastThreadLocal;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Counters kept per thread and summed when read: each answering thread owns its row of counters and
 * adds to them with plain (opaque) writes, so counting a query takes no atomic instruction and no
 * cache line shared between threads; a scrape sums every thread's row. Opaque access keeps each
 * 64-bit value whole and makes a thread's counts visible to the scrape soon after, which is all a
 * monotonic counter needs. The rows of threads that ended are kept (a few kilobytes each), so the
 * sums never go down.
 */
final class ThreadTallies {
  private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);

  private final int width;
  private final List<long[]> rows = new CopyOnWriteArrayList<>();
  private final FastThreadLocal<long[]> row = new FastThreadLocal<>() {
    @Override
    protected long[] initialValue() {
      long[] r = new long[width];
      rows.add(r);
      return r;
    }
  };

  /** @param width counters per thread */
  ThreadTallies(int width) {
    this.width = width;
  }

  /** The calling thread's row: to be passed to {@link #add} on this thread only. */
  long[] mine() {
    return row.get();
  }

  /** Adds {@code amount} to counter {@code i} of {@code row}, a row the calling thread owns. */
  static void add(long[] row, int i, long amount) {
    CELL.setOpaque(row, i, (long) CELL.getOpaque(row, i) + amount);
  }

  /** Counter {@code i} summed over every thread. */
  long sum(int i) {
    long sum = 0;
    for (long[] r : rows) {
      sum += (long) CELL.getOpaque(r, i);
    }
    return sum;
  }
}
