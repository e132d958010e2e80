package io.wadns.weighted;

import io.wadns.health.HealthView;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The weighted alias records of one name for one address type, ready to pick from: only targets
 * that can answer that type are here, and their weights are precomputed into a cumulative table.
 * Immutable apart from a log-once flag, and shared by every query thread without locks.
 *
 * <p>With health checks, a target whose alias evaluates target health is a candidate only while it
 * is healthy; when no candidate is, the pick is made as if all were healthy (Route 53's rule), and
 * that is logged once per episode.
 */
public final class AliasChoice implements AliasTarget, WeightedPicker.Usable<HealthView> {
  private static final Logger log = LoggerFactory.getLogger(AliasChoice.class);

  private final Name owner;
  private final int type;
  private final List<AliasRecord> aliases;
  private final AliasTarget[] targets;
  private final WeightedPicker picker;
  private final boolean checked;
  private final AtomicBoolean allDown = new AtomicBoolean();

  /**
   * @param owner the name whose aliases these are, for logs
   * @param type A or AAAA
   * @param aliases the ALIAS records, one per target, in zone order
   * @param targets what each alias resolves to for this type, index for index
   */
  public AliasChoice(Name owner, int type, List<AliasRecord> aliases, List<AliasTarget> targets) {
    if (aliases.isEmpty() || aliases.size() != targets.size()) {
      throw new IllegalArgumentException("need one target per alias, and at least one");
    }
    this.owner = owner;
    this.type = type;
    this.aliases = List.copyOf(aliases);
    this.targets = targets.toArray(new AliasTarget[0]);
    int[] weights = new int[aliases.size()];
    boolean anyChecked = false;
    for (int i = 0; i < weights.length; i++) {
      weights[i] = aliases.get(i).weight();
      anyChecked |= this.targets[i].checked();
    }
    this.picker = new WeightedPicker(weights);
    this.checked = anyChecked;
  }

  @Override
  public AddressGroup resolve(Randomness random, HealthView health) {
    if (!checked || health.allUp()) {
      return targets[picker.pick(random)].resolve(random, health);
    }
    int i = picker.pick(random, this, health);
    if (i >= 0) {
      if (allDown.get() && allDown.compareAndSet(true, false)) {
        log.info("weighted set {} {} has a healthy target again", owner, Type.string(type));
      }
      return targets[i].resolve(random, health);
    }
    if (allDown.compareAndSet(false, true)) {
      log.warn("weighted set {} {}: no target is healthy; answering as if all were", owner, Type.string(type));
    }
    return targets[picker.pick(random)].resolve(random, health);
  }

  /** A candidate under {@code health}: healthy, or its alias does not evaluate target health. */
  @Override
  public boolean test(int i, HealthView health) {
    return !aliases.get(i).evaluateTargetHealth() || targets[i].healthy(health);
  }

  @Override
  public boolean healthy(HealthView health) {
    for (int i = 0; i < targets.length; i++) {
      if (test(i, health)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean checked() {
    return checked;
  }

  public int size() {
    return targets.length;
  }

  /**
   * Every distinct group this choice can end in, in the order a depth-first walk meets them first.
   * Shared sub-trees are walked once, so the walk costs the tree's distinct nodes, not its paths.
   */
  public List<AddressGroup> leaves() {
    // Groups and choices are equal only to themselves: one identity set for both tells what was met.
    // (Not a LinkedHashSet: a start of 20,000 aliases brought HashMap's insertion to C2 with it.)
    List<AddressGroup> out = new java.util.ArrayList<>();
    collectLeaves(out, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    return List.copyOf(out);
  }

  private void collectLeaves(List<AddressGroup> out, java.util.Set<AliasTarget> met) {
    if (!met.add(this)) {
      return;
    }
    for (AliasTarget t : targets) {
      if (t instanceof AddressGroup g) {
        if (met.add(g)) {
          out.add(g);
        }
      } else {
        ((AliasChoice) t).collectLeaves(out, met);
      }
    }
  }

  public AliasRecord alias(int i) {
    return aliases.get(i);
  }

  public AliasTarget target(int i) {
    return targets[i];
  }
}
