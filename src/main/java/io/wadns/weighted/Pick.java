package io.wadns.weighted;

/**
 * A weighted pick: the group that answers, and the name it answers for (whose counter of the split
 * it counts in).
 */
public record Pick(WeightedName name, AddressGroup group) {
  /** Counts this answer in the name's live split. */
  public void count() {
    name.countAnswer(group);
  }
}
