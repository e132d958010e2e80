package io.wadns.weighted;

/**
 * Picks an index with probability weight / sum of weights, using Route 53's rules for weight 0:
 * a zero-weight entry is chosen only when no positive-weight entry is usable, and when every weight
 * is zero the choice is uniform.
 */
final class WeightedPicker {
  private final int[] weights;
  private final int[] cumulative;
  private final int total;

  WeightedPicker(int[] weights) {
    this.weights = weights.clone();
    this.cumulative = new int[weights.length];
    int sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      cumulative[i] = sum;
    }
    this.total = sum;
  }

  int size() {
    return weights.length;
  }

  /** Picks among all entries: by weight, or uniformly when all weights are 0. */
  int pick(Randomness random) {
    if (total == 0) {
      return weights.length == 1 ? 0 : random.nextInt(weights.length);
    }
    int r = random.nextInt(total);
    // Sets are small (a few targets): a linear scan beats a binary search's branches.
    for (int i = 0; i < cumulative.length; i++) {
      if (r < cumulative[i]) {
        return i;
      }
    }
    throw new AssertionError("cumulative weights do not cover " + r);
  }

  /** Which entries may be picked, asked with a context (the health view) so no lambda is made per pick. */
  interface Usable<C> {
    boolean test(int index, C context);
  }

  /**
   * Picks among the usable entries: by weight among usable positive weights; failing those,
   * uniformly among usable zero weights. Returns -1 when nothing is usable. {@code usable} must answer
   * the same for the same index during one pick, as it does over one immutable health view.
   */
  <C> int pick(Randomness random, Usable<C> usable, C context) {
    int usableTotal = 0;
    int usableZero = 0;
    for (int i = 0; i < weights.length; i++) {
      if (usable.test(i, context)) {
        if (weights[i] > 0) {
          usableTotal += weights[i];
        } else {
          usableZero++;
        }
      }
    }
    if (usableTotal > 0) {
      int r = random.nextInt(usableTotal);
      int last = -1;
      for (int i = 0; i < weights.length; i++) {
        if (weights[i] > 0 && usable.test(i, context)) {
          last = i;
          r -= weights[i];
          if (r < 0) {
            return i;
          }
        }
      }
      return last; // not reached while usable answers alike in both passes, which an immutable view ensures
    }
    if (usableZero > 0) {
      int r = usableZero == 1 ? 0 : random.nextInt(usableZero);
      for (int i = 0; i < weights.length; i++) {
        if (weights[i] == 0 && usable.test(i, context) && r-- == 0) {
          return i;
        }
      }
    }
    return -1;
  }
}
