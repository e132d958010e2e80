package io.wadns.protocol;

import io.wadns.health.HealthView;
import io.wadns.weighted.AddressGroup;
import io.wadns.weighted.WeightedName;
import io.wadns.weighted.Randomness;
import io.wadns.zone.Zone;

/**
 * An answer kept as bytes: the reply header (ID, RD and CD to be filled in) and everything after
 * the question, rendered once by the encoder with the query name in lower case. Because name
 * compression points into the question at offsets that do not depend on case, these bytes follow
 * any spelling of the query name.
 */
sealed interface CachedAnswer {
  /** What this entry makes of a query under {@code health}. */
  FastAnswer answer(Randomness random, HealthView health);

  /**
   * The one zone this answer was made from, or null when it may have read another (a CNAME or DNAME
   * step, a DS from the parent's side): while a newer set of zones gives the same name to this same
   * zone, the answer stands (FastPath carries it over).
   */
  Zone zone();

  /** The same bytes for every query. */
  record Fixed(FastAnswer.Served served, Zone zone) implements CachedAnswer {
    @Override
    public FastAnswer answer(Randomness random, HealthView health) {
      return served;
    }
  }

  /**
   * A weighted alias answer: one rendering per group and rotation, picked per query by the same
   * {@link WeightedName} the general path uses. A group whose answer is not one of its whole
   * rotations under the query's health (max=, an address down) falls back carrying the pick.
   *
   * @param byGroupAndRotation the served answers, by the group's index among the name's leaves,
   *     then rotation
   * @param fallBacks the fall-back of each group, by the same index
   * @param zone the zone of the name
   */
  record Weighted(WeightedName name, FastAnswer.Served[][] byGroupAndRotation, FastAnswer.FallBack[] fallBacks,
      Zone zone) implements CachedAnswer {
    @Override
    public FastAnswer answer(Randomness random, HealthView health) {
      AddressGroup group = name.pick(random, health);
      int leaf = name.leafIndex(group);
      if (!group.servesWholeGroup(health)) {
        return fallBacks[leaf];
      }
      FastAnswer.Served[] rotations = byGroupAndRotation[leaf];
      return rotations[rotations.length == 1 ? 0 : random.nextInt(rotations.length)];
    }
  }

  /** Known to need the general path every time (random additional data, health-checked sets...). */
  record General() implements CachedAnswer {
    @Override
    public FastAnswer answer(Randomness random, HealthView health) {
      return FastAnswer.GENERAL;
    }

    @Override
    public Zone zone() {
      return null; // made again at no cost
    }
  }

  CachedAnswer GENERAL = new General();

  /** Bytes of a reply rendered without OPT: its 12-byte header and the sections after the question. */
  record Rendered(byte[] header, byte[] body) {
    /** The reply's length for a question of {@code questionLength} bytes, with our OPT when asked. */
    int length(int questionLength, boolean opt) {
      return 12 + questionLength + body.length + (opt ? ReplyEncoder.optWire(false).length : 0);
    }
  }
}
