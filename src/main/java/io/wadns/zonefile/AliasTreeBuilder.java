package io.wadns.zonefile;

import io.wadns.weighted.AddressGroup;
import io.wadns.weighted.AliasChoice;
import io.wadns.weighted.AliasRecord;
import io.wadns.weighted.AliasTarget;
import io.wadns.zone.RecordSet;
import io.wadns.zone.RecordTypes;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Validates a zone's weighted alias records and precomputes, for every name that has them, one
 * {@link AliasChoice} per address type. Each tree is built for its own owner, so the addresses at
 * its leaves already carry the owner's name and an answer needs no copying.
 */
final class AliasTreeBuilder {
  /** Route 53 allows alias trees; we bound them so a pick is a few steps at most. */
  static final int MAX_DEPTH = 4;

  private final Name origin;
  private final Map<Name, Map<Integer, List<SourcedRecord>>> byOwner;
  private final Map<Name, List<RecordSet>> sets;
  private final Map<Name, Name> cuts;
  private final Set<Name> occluded;
  private final List<ZoneProblem> problems;
  private final Map<Name, Integer> heights = new HashMap<>();

  AliasTreeBuilder(Name origin, Map<Name, Map<Integer, List<SourcedRecord>>> byOwner,
      Map<Name, List<RecordSet>> sets, Map<Name, Name> cuts, Set<Name> occluded, List<ZoneProblem> problems) {
    this.occluded = occluded;
    this.origin = origin;
    this.byOwner = byOwner;
    this.sets = sets;
    this.cuts = cuts;
    this.problems = problems;
  }

  /** The choices of every name with ALIAS records, A then AAAA (either may be null); empty on problems. */
  Map<Name, AliasChoice[]> build() {
    Map<Name, AliasChoice[]> choices = new HashMap<>();
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
      choices.put(owner, new AliasChoice[] {choice(owner, owner, Type.A, 0, new int[1]),
          choice(owner, owner, Type.AAAA, 0, new int[1])});
    }
    return choices;
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
    if (cuts.containsKey(owner)) {
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
    Name cut = ZoneBuilder.enclosingCut(target, origin, cuts, true);
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

  /**
   * The choice at {@code name} for {@code type}, as seen from {@code owner}: targets that cannot
   * answer the type are left out; null when none can.
   */
  private AliasChoice choice(Name owner, Name name, int type, int inheritedMax, int[] leafCount) {
    List<AliasRecord> aliases = new ArrayList<>();
    List<AliasTarget> targets = new ArrayList<>();
    for (SourcedRecord s : aliasesAt(name)) {
      AliasRecord alias = (AliasRecord) s.record();
      int max = tighter(inheritedMax, alias.max());
      Name target = alias.target();
      AliasTarget resolved;
      if (aliasesAt(target) != null) {
        resolved = choice(owner, target, type, max, leafCount);
      } else {
        RecordSet set = setOf(target, type);
        resolved = set == null ? null
            : new AddressGroup(target, alias.id(), reowned(set, owner), max, set.healthKeys(), leafCount[0]++);
      }
      if (resolved != null) {
        aliases.add(alias);
        targets.add(resolved);
      }
    }
    return aliases.isEmpty() ? null : new AliasChoice(name, type, aliases, targets);
  }

  private RecordSet setOf(Name owner, int type) {
    for (RecordSet s : sets.getOrDefault(owner, List.of())) {
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

  private static Record[] reowned(RecordSet set, Name owner) {
    Record[] out = new Record[set.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = set.get(i).withName(owner);
    }
    return out;
  }
}
