package io.wadns.zonefile;

import io.wadns.weighted.AddressGroup;
import io.wadns.weighted.AliasChoice;
import io.wadns.weighted.AliasRecord;
import io.wadns.weighted.AliasTarget;
import io.wadns.weighted.WeightedName;
import io.wadns.zone.RecordTypes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Validates a zone's weighted alias records and precomputes, for every name that has them, one
 * {@link WeightedName} per address type. A tree node is the same whatever points at it, so every
 * choice and group is built once and shared: the work and memory grow with the zone,
 * not with the product of its fan-outs (a 100 KB zone of 40 aliases per level and four levels once
 * needed over a gigabyte).
 */
final class AliasTreeBuilder {
  /** Route 53 allows alias trees; we bound them so a pick is a few steps at most. */
  static final int MAX_DEPTH = 4;
  /** Groups one name's tree may reach: every answer cache entry renders each of them. */
  static final int MAX_GROUPS = 256;
  private static final int UNKNOWN = Integer.MIN_VALUE;

  private final Name origin;
  private final List<AliasNode> nodes;
  private final List<ZoneProblem> problems;
  /** Levels of aliases below each name, UNKNOWN until found; -1 on a loop. */
  private final int[] heights;
  /** The names on the path being walked, for loops: a flag per name, and the path in order as spelled. */
  private final boolean[] onPath;
  private final int[] path;
  private final Name[] pathNames;
  private int pathLength;
  // What is built once and shared. The usual case, a choice or group that no alias above limits
  // (max=), has an array slot per name and type (A, then AAAA), so a start makes no map entry per alias:
  // the two maps made 55,000 of the 110,000 HashMap insertions of a start with 20,000 aliases, enough to bring
  // HashMap to C2's thresholds during the start (C2's time there, for code the queries compile later).
  /** Unlimited choices by name, for A and AAAA; {@link #choiceKnown} tells a null choice from none built. */
  private final AliasChoice[][] choiceFor;
  private final boolean[][] choiceKnown;
  /** Limited choices, by (name, type, limit). */
  private final Map<Long, Optional<AliasChoice>> limitedChoices = new HashMap<>();
  /**
   * Unlimited groups by name, for A and AAAA, with the id of the alias that made each; an unlimited alias
   * of another id goes to {@link #groups}. (A name without addresses of the type makes no group at all.)
   */
  private final AddressGroup[][] groupFor;
  private final String[][] groupId;
  /** The other groups, by what makes them. */
  private final Map<GroupKey, AddressGroup> groups = new HashMap<>();

  private record GroupKey(int node, int type, int max, String id) {
    // Written out: a record's own hashCode and equals run through method handles, slow until C2 compiles
    // them, and a start meets them tens of thousands of times before that (a 1,000,000-record zone with
    // 10,000 weighted names spent 13 ms of its alias trees in the hash alone).
    @Override
    public int hashCode() {
      return ((node * 31 + type) * 31 + max) * 31 + id.hashCode();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof GroupKey k && k.node == node && k.type == type && k.max == max && k.id.equals(id);
    }
  }

  /**
   * @param nodes every name involved (the ALIAS owners and their targets); each alias names its target
   *     by its index here
   */
  AliasTreeBuilder(Name origin, List<AliasNode> nodes, List<ZoneProblem> problems) {
    this.origin = origin;
    this.nodes = nodes;
    this.problems = problems;
    this.heights = new int[nodes.size()];
    Arrays.fill(heights, UNKNOWN);
    this.onPath = new boolean[nodes.size()];
    this.path = new int[nodes.size()];
    this.pathNames = new Name[nodes.size()];
    this.choiceFor = new AliasChoice[2][nodes.size()];
    this.choiceKnown = new boolean[2][nodes.size()];
    this.groupFor = new AddressGroup[2][nodes.size()];
    this.groupId = new String[2][nodes.size()];
  }

  /** The slot of an address type in the arrays above. */
  private static int slot(int type) {
    return type == Type.A ? 0 : 1;
  }

  /**
   * The weighted names of every name with ALIAS records, by index: A then AAAA (either may be null);
   * null for the other names, and for all of them on problems.
   */
  WeightedName[][] build() {
    WeightedName[][] choices = new WeightedName[nodes.size()][];
    int before = problems.size();
    int[] owners = new int[nodes.size()];
    int ownerCount = 0;
    for (int i = 0; i < nodes.size(); i++) {
      AliasNode node = nodes.get(i);
      if (!node.aliases().isEmpty() && !node.occluded()) { // occluded: warned about, never answered
        owners[ownerCount++] = i;
        checkOwner(i, node);
      }
    }
    if (problems.size() > before) {
      return choices; // loops and depth are only meaningful over valid targets
    }
    for (int k = 0; k < ownerCount; k++) {
      height(owners[k], nodes.get(owners[k]).name());
    }
    if (problems.size() > before) {
      return choices;
    }
    for (int k = 0; k < ownerCount; k++) {
      int owner = owners[k];
      choices[owner] = new WeightedName[] {weighted(owner, Type.A), weighted(owner, Type.AAAA)};
    }
    return problems.size() > before ? new WeightedName[nodes.size()][] : choices;
  }

  private void checkOwner(int index, AliasNode owner) {
    SourcedRecord first = owner.aliases().get(0).source();
    for (int clash : new int[] {Type.A, Type.AAAA, Type.CNAME}) {
      if (owner.has(clash)) {
        problems.add(first.problem("ALIAS at " + owner.name() + " beside " + Type.string(clash) + " (line "
            + owner.line(clash) + "); a name gets its addresses from its own records or from its"
            + " aliases, not both"));
      }
    }
    if (owner.cut()) {
      problems.add(first.problem("ALIAS at " + owner.name() + ", a delegation point: queries there get a referral"));
    }
    List<AliasNode.Alias> aliases = owner.aliases();
    // Targets are compared by node while a name has few aliases (the same node is the same name, and a
    // target without one, missing or outside the zone, is compared by name); past 16, every target by name
    // in a set.
    Set<Name> seen = aliases.size() > 16 ? new HashSet<>() : null;
    for (int k = 0; k < aliases.size(); k++) {
      AliasNode.Alias alias = aliases.get(k);
      Name target = target(alias);
      if (seen != null ? !seen.add(target) : listedBefore(aliases, k)) {
        problems.add(alias.source().problem("ALIAS target " + target + " listed twice at " + owner.name()));
      }
      checkTarget(alias, index, owner.name(), target);
    }
  }

  /** Whether an alias before {@code k} names the same target as alias {@code k}. */
  private static boolean listedBefore(List<AliasNode.Alias> aliases, int k) {
    AliasNode.Alias alias = aliases.get(k);
    for (int j = 0; j < k; j++) {
      AliasNode.Alias earlier = aliases.get(j);
      if (alias.target() >= 0 ? earlier.target() == alias.target()
          : earlier.target() < 0 && target(earlier).equals(target(alias))) {
        return true;
      }
    }
    return false;
  }

  private void checkTarget(AliasNode.Alias alias, int owner, Name ownerName, Name target) {
    SourcedRecord s = alias.source();
    // A target with a node is in the zone: ZoneBuilder numbers no name outside it, and a patched zone's
    // names are those of a zone that loaded.
    if (alias.target() < 0 && !target.subdomain(origin)) {
      problems.add(s.problem("ALIAS target " + target + " is outside the zone " + origin));
      return;
    }
    if (alias.target() == owner) {
      problems.add(s.problem("ALIAS at " + ownerName + " points at itself"));
      return;
    }
    if (alias.targetCut() != null) {
      problems.add(s.problem("ALIAS target " + target + " is at or below the delegation at " + alias.targetCut()));
      return;
    }
    if (alias.target() < 0) {
      problems.add(s.problem("ALIAS target " + target + " does not exist in zone " + origin));
      return;
    }
    AliasNode node = nodes.get(alias.target());
    if (!node.has(Type.A) && !node.has(Type.AAAA) && !node.has(RecordTypes.ALIAS)) {
      problems.add(s.problem("ALIAS target " + target + " has no A, AAAA or ALIAS records"));
    }
  }

  /**
   * Levels of aliases from name {@code i} down to its deepest group; reports loops (each name as the
   * alias that led to it spells it) and deep trees.
   */
  private int height(int i, Name spelled) {
    if (heights[i] != UNKNOWN) {
      return heights[i];
    }
    List<AliasNode.Alias> aliases = nodes.get(i).aliases();
    if (aliases.isEmpty()) {
      return 0;
    }
    if (onPath[i]) {
      int start = pathLength - 1;
      while (path[start] != i) {
        start--;
      }
      StringBuilder chain = new StringBuilder();
      for (int k = start; k < pathLength; k++) {
        chain.append(pathNames[k]).append(" -> ");
      }
      problems.add(aliases.get(0).source().problem("alias loop: " + chain + spelled));
      heights[i] = -1;
      return -1;
    }
    onPath[i] = true;
    path[pathLength] = i;
    pathNames[pathLength++] = spelled;
    int height = 1;
    for (AliasNode.Alias alias : aliases) {
      int below = height(alias.target(), target(alias));
      if (below < 0) {
        height = -1;
        break;
      }
      height = Math.max(height, below + 1);
    }
    onPath[i] = false;
    pathLength--;
    if (height > MAX_DEPTH && pathLength == 0) {
      problems.add(aliases.get(0).source().problem("alias tree at " + nodes.get(i).name() + " is " + height
          + " levels deep; at most " + MAX_DEPTH + " are allowed"));
    }
    heights[i] = height;
    return height;
  }

  /** The weighted name of owner {@code i} for {@code type}, or null when no target has that type. */
  private WeightedName weighted(int i, int type) {
    AliasChoice root = choice(i, nodes.get(i).name(), type, 0);
    if (root == null) {
      return null;
    }
    AliasNode owner = nodes.get(i);
    WeightedName name = new WeightedName(owner.name(), type, root);
    if (name.leaves().size() > MAX_GROUPS) {
      problems.add(owner.aliases().get(0).source().problem("alias tree at " + owner.name() + " reaches "
          + name.leaves().size() + " groups for " + Type.string(type) + "; at most " + MAX_GROUPS + " are allowed"));
    }
    return name;
  }

  /**
   * The choice at name {@code i} for {@code type} when the aliases above allow at most
   * {@code inheritedMax} addresses (0: no limit): targets that cannot answer the type are left out;
   * null when none can. Built once per (name, type, limit), named as the first alias to reach it
   * spells it (its logs show that spelling).
   */
  private AliasChoice choice(int i, Name spelled, int type, int inheritedMax) {
    if (inheritedMax == 0 && choiceKnown[slot(type)][i]) {
      return choiceFor[slot(type)][i];
    }
    // max is at most AliasRecord.MAX_ADDRESSES (64) and a type 16 bits: the key packs all three.
    long key = (long) i << 32 | (long) type << 8 | inheritedMax;
    Optional<AliasChoice> known = inheritedMax == 0 ? null : limitedChoices.get(key);
    if (known != null) {
      return known.orElse(null);
    }
    List<AliasRecord> aliases = new ArrayList<>();
    List<AliasTarget> targets = new ArrayList<>();
    for (AliasNode.Alias a : nodes.get(i).aliases()) {
      AliasRecord alias = (AliasRecord) a.source().record();
      int max = tighter(inheritedMax, alias.max());
      int target = a.target();
      AliasTarget resolved = nodes.get(target).aliases().isEmpty()
          ? group(target, alias.target(), type, max, alias.id()) : choice(target, alias.target(), type, max);
      if (resolved != null) {
        aliases.add(alias);
        targets.add(resolved);
      }
    }
    AliasChoice choice = aliases.isEmpty() ? null : new AliasChoice(spelled, type, aliases, targets);
    if (inheritedMax == 0) {
      choiceFor[slot(type)][i] = choice;
      choiceKnown[slot(type)][i] = true;
    } else {
      limitedChoices.put(key, Optional.ofNullable(choice));
    }
    return choice;
  }

  /**
   * The group of name {@code i}'s addresses of {@code type}, as an alias with this id and max reaches it;
   * named as that alias spells its target (the group's name in metrics and logs).
   */
  private AddressGroup group(int i, Name spelled, int type, int max, String id) {
    TargetSet set = nodes.get(i).set(type);
    if (set == null) {
      return null;
    }
    int slot = slot(type);
    if (max == 0 && groupId[slot][i] == null) {
      AddressGroup group = new AddressGroup(spelled, id, set.type(), set.ttl(), set.rdata(), 0, set.healthKeys());
      groupFor[slot][i] = group;
      groupId[slot][i] = id;
      return group;
    }
    if (max == 0 && groupId[slot][i].equals(id)) {
      return groupFor[slot][i];
    }
    return groups.computeIfAbsent(new GroupKey(i, type, max, id),
        k -> new AddressGroup(spelled, id, set.type(), set.ttl(), set.rdata(), max, set.healthKeys()));
  }

  private static Name target(AliasNode.Alias alias) {
    return ((AliasRecord) alias.source().record()).target();
  }

  private static int tighter(int a, int b) {
    if (a == 0) {
      return b;
    }
    return b == 0 ? a : Math.min(a, b);
  }
}
