package io.wadns.zonefile;

import io.wadns.zone.RecordTypes;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * A name that a zone's alias trees involve (an ALIAS owner or target), as {@link AliasTreeBuilder}
 * reads it: the names are numbered, and each alias names its target by that number, so building the
 * trees looks nothing up by name. A zone of 7,000 weighted names spent a sixth of its load in
 * name-keyed maps and in dnsjava records made only to learn a line number.
 *
 * @param name the name itself; null when ZoneBuilder made it for a target without aliases of its own,
 *     which the trees name as each alias spells it
 * @param aliases its ALIAS records, in file order (empty when it has none)
 * @param cut whether it is a delegation point
 * @param occluded whether it is below a delegation point: warned about elsewhere, never answered
 * @param aLine the line of its first A record, -1 when it has none (the same for AAAA and CNAME)
 * @param a its A RRset for the groups, null when it has none (the same for AAAA)
 */
record AliasNode(Name name, List<Alias> aliases, boolean cut, boolean occluded, int aLine, int aaaaLine,
    int cnameLine, TargetSet a, TargetSet aaaa) {

  /**
   * One ALIAS record of a name.
   *
   * @param source the record and where it was read
   * @param target the number of its target among the tree's names, -1 when the zone has no such name
   * @param targetCut the delegation point at or above the target (below the apex), null when none
   */
  record Alias(SourcedRecord source, int target, Name targetCut) {}

  /** A name with its A and AAAA RRsets for the groups given in any order, at most one of each type. */
  static AliasNode of(Name name, List<Alias> aliases, boolean cut, boolean occluded, int aLine, int aaaaLine,
      int cnameLine, List<TargetSet> sets) {
    TargetSet a = null;
    TargetSet aaaa = null;
    for (TargetSet t : sets) {
      if (t.type() == Type.A) {
        a = t;
      } else {
        aaaa = t;
      }
    }
    return new AliasNode(name, aliases, cut, occluded, aLine, aaaaLine, cnameLine, a, aaaa);
  }

  /** Whether the name has records of {@code type} (A, AAAA, CNAME or ALIAS). */
  boolean has(int type) {
    return type == RecordTypes.ALIAS ? !aliases.isEmpty() : line(type) >= 0;
  }

  /** The line of the first record of {@code type} (A, AAAA or CNAME), -1 when it has none. */
  int line(int type) {
    return switch (type) {
      case Type.A -> aLine;
      case Type.AAAA -> aaaaLine;
      case Type.CNAME -> cnameLine;
      default -> throw new IllegalArgumentException("no line kept for " + Type.string(type));
    };
  }

  /** The RRset of {@code type} (A or AAAA) for the groups, null when it has none. */
  TargetSet set(int type) {
    return type == Type.A ? a : type == Type.AAAA ? aaaa : null;
  }
}
