package io.wadns.zonefile;

import io.wadns.weighted.AddressGroup;
import io.wadns.weighted.AliasChoice;
import io.wadns.weighted.AliasRecord;
import io.wadns.weighted.AliasTarget;
import io.wadns.weighted.WeightedName;
import io.wadns.zone.RecordTypes;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Validates a zone's weighted alias records and precomputes, for every name that has them, one
 * {@link WeightedName} per address type. A tree node is the same whatever points at it, so every
 * choice and group is built once and shared ({@code memo}): the work and memory grow with the zone,
 * not with the product of its fan-outs (a 100 KB zone of 40 aliases per level and four levels once
 * needed over a gigabyte).
 */
final class AliasTreeBuilder {
  /** Route 53 allows alias trees; we bound them so a pick is a few steps at most. */
  static final int MAX_DEPTH = 4;
  /** Groups one name's tree may reach: every answer cache entry renders each of them. */
  static final int MAX_GROUPS = 256;

  private final Name origin;
  private final Map<Name, Map<Integer, List<SourcedRecord>>> byOwner;
  private final Map<Name, List<TargetSet>> sets;
  private final Function<Name, Name> cutAt;
  private final Set<Name> occluded;
  private final List<ZoneProblem> problems;
  private final Map<Name, Integer> heights = new HashMap<>();
  /** Choices and groups built so far, by what makes them: a shared sub-tree is built once. */
  private final Map<List<Object>, Optional<AliasTarget>> memo = new HashMap<>();

  /**
   * @param byOwner each name involved (the ALIAS owners and their targets) to its records by type: every
   *     ALIAS record, and of each other type at least its first record (the checks name its line)
   * @param sets each name's A and AAAA RRsets, for the groups
   * @param cutAt the delegation point at a name, as the zone writes it, or null when the name is none
   * @param occluded the owners below a delegation point: warned about elsewhere, never answered
   */
  AliasTreeBuilder(Name origin, Map<Name, Map<Integer, List<SourcedRecord>>> byOwner,
      Map<Name, List<TargetSet>> sets, Function<Name, Name> cutAt, Set<Name> occluded, List<ZoneProblem> problems) {
    this.occluded = occluded;
    this.origin = origin;
    this.byOwner = byOwner;
    this.sets = sets;
    this.cutAt = cutAt;
    this.problems = problems;
  }

  /** The weighted names of every name with ALIAS records, A then AAAA (either may be null); empty on problems. */
  Map<Name, WeightedName[]> build() {
    Map<Name, WeightedName[]> choices = new HashMap<>();
    List<Name> owners = new ArrayList<>();
    int before = problems.size();
    for (Map.Entry<Name, Map<Integer, List<SourcedRecord>>> e : byOwner.entrySet()) {
      List<SourcedRecord> aliases = e.getValue().get(RecordTypes.ALIAS);
      if (aliases != null && !occluded.contains(e.getKey())) { // occluded: warned about, never answered
        owners.add(e.getKey());
        checkOwner(e.getKey(), e.getValue(), aliases);
      }
    }
    if (problems.size() > before) {
      return choices; // loops and depth are only meaningful over valid targets
    }
    for (Name owner : owners) {
      height(owner, new ArrayDeque<>());
    }
    if (problems.size() > before) {
      return choices;
    }
    for (Name owner : owners) {
      WeightedName a = weighted(owner, Type.A);
      WeightedName aaaa = weighted(owner, Type.AAAA);
      choices.put(owner, new WeightedName[] {a, aaaa});
    }
    return problems.size() > before ? Map.of() : choices;
  }

  private void checkOwner(Name owner, Map<Integer, List<SourcedRecord>> types, List<SourcedRecord> aliases) {
    SourcedRecord first = aliases.get(0);
    for (int clash : new int[] {Type.A, Type.AAAA, Type.CNAME}) {
      List<SourcedRecord> other = types.get(clash);
      if (other != null) {
        problems.add(first.problem("ALIAS at " + owner + " beside " + Type.string(clash) + " (line "
            + other.get(0).line() + "); a name gets its addresses from its own records or from its"
            + " aliases, not both"));
      }
    }
    if (cutAt.apply(owner) != null) {
      problems.add(first.problem("ALIAS at " + owner + ", a delegation point: queries there get a referral"));
    }
    Set<Name> seen = new HashSet<>();
    for (SourcedRecord s : aliases) {
      Name target = ((AliasRecord) s.record()).target();
      if (!seen.add(target)) {
        problems.add(s.problem("ALIAS target " + target + " listed twice at " + owner));
      }
      checkTarget(s, owner, target);
    }
  }

  private void checkTarget(SourcedRecord s, Name owner, Name target) {
    if (!target.subdomain(origin)) {
      problems.add(s.problem("ALIAS target " + target + " is outside the zone " + origin));
      return;
    }
    if (target.equals(owner)) {
      problems.add(s.problem("ALIAS at " + owner + " points at itself"));
      return;
    }
    Name cut = ZoneBuilder.enclosingCut(target, origin, cutAt, true);
    if (cut != null) {
      problems.add(s.problem("ALIAS target " + target + " is at or below the delegation at " + cut));
      return;
    }
    Map<Integer, List<SourcedRecord>> types = byOwner.get(target);
    if (types == null) {
      problems.add(s.problem("ALIAS target " + target + " does not exist in zone " + origin));
      return;
    }
    if (!types.containsKey(Type.A) && !types.containsKey(Type.AAAA)
        && !types.containsKey(RecordTypes.ALIAS)) {
      problems.add(s.problem("ALIAS target " + target + " has no A, AAAA or ALIAS records"));
    }
  }

  /** Levels of aliases from {@code name} down to its deepest group; reports loops and deep trees. */
  private int height(Name name, Deque<Name> path) {
    Integer known = heights.get(name);
    if (known != null) {
      return known;
    }
    List<SourcedRecord> aliases = aliasesAt(name);
    if (aliases == null) {
      return 0;
    }
    if (path.contains(name)) {
      List<Name> loop = new ArrayList<>(path);
      java.util.Collections.reverse(loop);
      int start = loop.indexOf(name);
      String chain = loop.subList(start, loop.size()).stream().map(Name::toString)
          .collect(Collectors.joining(" -> "));
      problems.add(aliases.get(0).problem("alias loop: " + chain + " -> " + name));
      heights.put(name, -1);
      return -1;
    }
    path.push(name);
    int height = 1;
    for (SourcedRecord s : aliases) {
      int below = height(((AliasRecord) s.record()).target(), path);
      if (below < 0) {
        height = -1;
        break;
      }
      height = Math.max(height, below + 1);
    }
    path.pop();
    if (height > MAX_DEPTH && path.isEmpty()) {
      problems.add(aliases.get(0).problem("alias tree at " + name + " is " + height
          + " levels deep; at most " + MAX_DEPTH + " are allowed"));
    }
    heights.put(name, height);
    return height;
  }

  private List<SourcedRecord> aliasesAt(Name name) {
    Map<Integer, List<SourcedRecord>> types = byOwner.get(name);
    return types == null ? null : types.get(RecordTypes.ALIAS);
  }

  /** The weighted name of {@code owner} for {@code type}, or null when no target has that type. */
  private WeightedName weighted(Name owner, int type) {
    AliasChoice root = choice(owner, type, 0);
    if (root == null) {
      return null;
    }
    WeightedName name = new WeightedName(owner, type, root);
    if (name.leaves().size() > MAX_GROUPS) {
      problems.add(aliasesAt(owner).get(0).problem("alias tree at " + owner + " reaches " + name.leaves().size()
          + " groups for " + Type.string(type) + "; at most " + MAX_GROUPS + " are allowed"));
    }
    return name;
  }

  /**
   * The choice at {@code name} for {@code type} when the aliases above allow at most
   * {@code inheritedMax} addresses (0: no limit): targets that cannot answer the type are left out;
   * null when none can. Built once per (name, type, limit).
   */
  private AliasChoice choice(Name name, int type, int inheritedMax) {
    List<Object> key = List.of(name, type, inheritedMax);
    Optional<AliasTarget> known = memo.get(key);
    if (known != null) {
      return (AliasChoice) known.orElse(null);
    }
    List<AliasRecord> aliases = new ArrayList<>();
    List<AliasTarget> targets = new ArrayList<>();
    for (SourcedRecord s : aliasesAt(name)) {
      AliasRecord alias = (AliasRecord) s.record();
      int max = tighter(inheritedMax, alias.max());
      Name target = alias.target();
      AliasTarget resolved = aliasesAt(target) != null ? choice(target, type, max) : group(target, type, max, alias.id());
      if (resolved != null) {
        aliases.add(alias);
        targets.add(resolved);
      }
    }
    AliasChoice choice = aliases.isEmpty() ? null : new AliasChoice(name, type, aliases, targets);
    memo.put(key, Optional.ofNullable(choice));
    return choice;
  }

  /** The group of {@code target}'s addresses of {@code type}, as an alias with this id and max reaches it. */
  private AddressGroup group(Name target, int type, int max, String id) {
    List<Object> key = List.of(target, type, max, id);
    Optional<AliasTarget> known = memo.get(key);
    if (known != null) {
      return (AddressGroup) known.orElse(null);
    }
    TargetSet set = setOf(target, type);
    AddressGroup group = set == null ? null
        : new AddressGroup(target, id, set.type(), set.ttl(), set.rdata(), max, set.healthKeys());
    memo.put(key, Optional.ofNullable(group));
    return group;
  }

  private TargetSet setOf(Name owner, int type) {
    for (TargetSet s : sets.getOrDefault(owner, List.of())) {
      if (s.type() == type) {
        return s;
      }
    }
    return null;
  }

  private static int tighter(int a, int b) {
    if (a == 0) {
      return b;
    }
    return b == 0 ? a : Math.min(a, b);
  }
}
