package io.wadns.weighted;

import io.wadns.health.HealthView;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The weighted alias records of one name for one address type, ready to answer: the alias tree
 * (whose nodes and groups are shared with every other name that reaches them, so a zone's trees cost
 * what the zone holds, not the product of their fan-outs), the distinct groups it can end in, and one
 * answer counter per group for this name: the live weighted split in {@code /metrics}.
 *
 * <p>Immutable but for the counters; shared by every query thread without locks.
 */
public final class WeightedName {
  private final Name owner;
  private final int type;
  private final AliasChoice root;
  private final AddressGroup[] leaves;
  private final LongAdder[] answers;

  /**
   * @param owner the name whose aliases these are; answers carry it as their owner
   * @param root the choice at {@code owner} for {@code type}
   */
  public WeightedName(Name owner, int type, AliasChoice root) {
    this.owner = owner;
    this.type = type;
    this.root = root;
    this.leaves = root.leaves().toArray(new AddressGroup[0]);
    this.answers = new LongAdder[leaves.length];
    for (int i = 0; i < answers.length; i++) {
      answers[i] = new LongAdder();
    }
  }

  public Name owner() {
    return owner;
  }

  /** A or AAAA. */
  public int type() {
    return type;
  }

  public AliasChoice root() {
    return root;
  }

  /** One group picked by weight under {@code health}, level by level down the tree. */
  public AddressGroup pick(Randomness random, HealthView health) {
    return root.resolve(random, health);
  }

  /** The distinct groups an answer can come from, in the order the tree reaches them first. */
  public List<AddressGroup> leaves() {
    return List.of(leaves);
  }

  /** The index of {@code group} among {@link #leaves()}: trees have few groups, a scan beats a map. */
  public int leafIndex(AddressGroup group) {
    for (int i = 0; i < leaves.length; i++) {
      if (leaves[i] == group) {
        return i;
      }
    }
    throw new IllegalArgumentException(group.source() + " is not a group of " + owner + " " + Type.string(type));
  }

  /** Counts one answer for this name served from {@code group}. */
  public void countAnswer(AddressGroup group) {
    answers[leafIndex(group)].increment();
  }

  /** Answers for this name served from the {@code i}th group since the zone was loaded. */
  public long answers(int i) {
    return answers[i].sum();
  }
}
