package io.wadns.health;

import java.util.Arrays;

/**
 * Which checked addresses are up, at one moment: an immutable set of the keys that are down. The
 * health monitor publishes a new view with one atomic swap per state change; a query reads the
 * current view once and passes it down, so every decision inside one answer sees the same health.
 *
 * <p>Keys come from {@link HealthKeys}; a key the view does not know (an address that was never
 * probed) is up, as every address starts up.
 */
public final class HealthView {
  /** Every address up: the view before any probe, and the one validation uses. */
  public static final HealthView ALL_UP = new HealthView(new long[0], 0);

  private final long[] down;
  private final int downCount;

  private HealthView(long[] down, int downCount) {
    this.down = down;
    this.downCount = downCount;
  }

  /** True unless the address with this key is down. Lock-free and allocation-free. */
  public boolean isUp(int key) {
    int word = key >>> 6;
    return word >= down.length || (down[word] & (1L << key)) == 0;
  }

  /** True when no address is down, so answers need not look at health at all. */
  public boolean allUp() {
    return downCount == 0;
  }

  /** How many addresses are down. */
  public int downCount() {
    return downCount;
  }

  /** This view with the address of {@code key} marked up or down. */
  HealthView with(int key, boolean up) {
    if (isUp(key) == up) {
      return this;
    }
    int word = key >>> 6;
    long[] next = Arrays.copyOf(down, Math.max(down.length, word + 1));
    next[word] ^= 1L << key;
    return new HealthView(next, downCount + (up ? -1 : 1));
  }
}
