package io.wadns.weighted;

import java.util.List;

/**
 * The weighted alias records of one name for one address type, ready to pick from: only targets
 * that can answer that type are here, and their weights are precomputed into a cumulative table.
 * Immutable and shared by every query thread.
 */
public final class AliasChoice implements AliasTarget {
  private final List<AliasRecord> aliases;
  private final AliasTarget[] targets;
  private final WeightedPicker picker;

  /**
   * @param aliases the ALIAS records, one per target, in zone order
   * @param targets what each alias resolves to for this type, index for index
   */
  public AliasChoice(List<AliasRecord> aliases, List<AliasTarget> targets) {
    if (aliases.isEmpty() || aliases.size() != targets.size()) {
      throw new IllegalArgumentException("need one target per alias, and at least one");
    }
    this.aliases = List.copyOf(aliases);
    this.targets = targets.toArray(new AliasTarget[0]);
    int[] weights = new int[aliases.size()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = aliases.get(i).weight();
    }
    this.picker = new WeightedPicker(weights);
  }

  @Override
  public AddressGroup resolve(Randomness random) {
    return targets[picker.pick(random)].resolve(random);
  }

  public int size() {
    return targets.length;
  }

  public AliasRecord alias(int i) {
    return aliases.get(i);
  }

  public AliasTarget target(int i) {
    return targets[i];
  }
}
