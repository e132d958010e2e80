package io.wadns.weighted;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The random source of weighted picks and address rotation. Injected so tests are exact; the
 * server uses {@link #threadLocal()}, which is lock-free and allocation-free.
 */
@FunctionalInterface
public interface Randomness {
  /** A uniformly distributed int in [0, bound); bound is positive. */
  int nextInt(int bound);

  static Randomness threadLocal() {
    return bound -> ThreadLocalRandom.current().nextInt(bound);
  }
}
