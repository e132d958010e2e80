package io.wadns.protocol;

import io.wadns.weighted.AddressGroup;
import io.wadns.weighted.AliasChoice;
import io.wadns.weighted.Randomness;

/**
 * An answer kept as bytes: the reply header (ID, RD and CD to be filled in) and everything after
 * the question, rendered once by the general path with the query name in lower case. Because name
 * compression points into the question at offsets that do not depend on case, these bytes follow
 * any spelling of the query name.
 */
sealed interface CachedAnswer {
  /** The same bytes for every query. */
  record Fixed(Rendered rendered) implements CachedAnswer {}

  /**
   * A weighted alias answer: one rendering per group and rotation, picked per query by the same
   * {@link AliasChoice} the general path uses.
   */
  record Weighted(AliasChoice choice, Rendered[][] byGroupAndRotation) implements CachedAnswer {
    /**
     * Picks a group into {@code picked[0]} and returns its rendering, or null when this group's answer
     * needs the general path (max=, or an address down); the pick stands either way.
     */
    Rendered pick(Randomness random, AddressGroup[] picked) {
      AddressGroup group = choice.resolve(random);
      picked[0] = group;
      if (!group.servesWholeGroup()) {
        return null;
      }
      Rendered[] rotations = byGroupAndRotation[group.ordinal()];
      return rotations[rotations.length == 1 ? 0 : random.nextInt(rotations.length)];
    }
  }

  /** Known to need the general path every time (random additional data, health-checked sets...). */
  record General() implements CachedAnswer {}

  CachedAnswer GENERAL = new General();

  /**
   * Bytes of a reply rendered without OPT: its 12-byte header and the sections after the question.
   */
  record Rendered(byte[] header, byte[] body) {
    int length(int questionLength, boolean opt) {
      return 12 + questionLength + body.length + (opt ? OPT_LENGTH : 0);
    }
  }

  /** Root owner, type OPT, payload, extended rcode, version, flags, empty rdata (RFC 6891 §6.1.2). */
  int OPT_LENGTH = 11;
}
