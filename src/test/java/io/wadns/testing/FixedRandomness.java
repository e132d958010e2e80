package io.wadns.testing;

import io.wadns.weighted.Randomness;
import java.util.ArrayDeque;
import java.util.Deque;

/** A random source that returns scripted values (each taken modulo the bound), then zeros. */
public final class FixedRandomness implements Randomness {
  private final Deque<Integer> values = new ArrayDeque<>();

  public FixedRandomness(int... values) {
    for (int v : values) {
      this.values.add(v);
    }
  }

  @Override
  public int nextInt(int bound) {
    Integer v = values.poll();
    return v == null ? 0 : Math.floorMod(v, bound);
  }
}
