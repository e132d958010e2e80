package io.wadns.zonefile;

import io.wadns.weighted.AliasRecord;
import io.wadns.weighted.WeightedName;
import io.wadns.zone.RecordTypes;
import io.wadns.zone.RrsetEdit;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneData;
import io.wadns.zone.ZoneDataEdit;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A zone version made from the one held and a few changed RRsets, without rebuilding the zone: what an
 * incremental transfer (RFC 1995) of a small change costs on a secondary, in proportion to the change
 * rather than to the zone. The RRsets named are rewritten, the rest of the arrays copied, and the
 * weighted names built again from the new data.
 *
 * <p>Only changes that cannot alter what the zone-file checks decide about any other name take this way:
 * RRsets of ordinary types at names the zone already has, outside delegations, at names without a CNAME
 * or a HEALTHCHECK. A change of the zone's structure (NS, DS, CNAME, DNAME, a new name, health checks)
 * answers {@link NotApplicable}, and the caller builds the whole zone with every check, as from a file.
 * So does any doubt: an RRset too big to encode, the record limit passed, a weighted name that no longer
 * checks. The patched version is then exactly what the whole build would have served.
 */
public final class ZonePatch {
  /** What a patch gave. */
  public sealed interface Outcome permits Patched, Unmatched, NotApplicable {}

  /** The new version. */
  public record Patched(Zone zone) implements Outcome {}

  /** A deletion named a record the zone does not hold: the differences do not start from our version. */
  public record Unmatched(Record deletion) implements Outcome {}

  /** Not a change this way can take; the whole zone must be built and checked. */
  public record NotApplicable(String why) implements Outcome {}

  /** Types whose change moves cuts, CNAME or DNAME rules, DS placement or health checks. */
  private static final Set<Integer> STRUCTURAL = Set.of(Type.SOA, Type.NS, Type.CNAME, Type.DNAME, Type.DS,
      RecordTypes.HEALTHCHECK);
  /** Header and the longest question leave this much room for one RRset (RFC 1035 §4.2.2). */
  private static final int RRSET_ROOM = 65535 - 12 - 255 - 4;

  private final Zone held;
  private final ZoneData data;
  private final ZoneData configuration;

  private ZonePatch(Zone held) {
    this.held = held;
    this.data = held.data();
    this.configuration = held.configuration();
  }

  private record Key(Name owner, int type) {}

  /**
   * {@code held} with its SOA replaced by {@code soa}, {@code deleted} removed (each must be held), the
   * held records equal to one of {@code replaced} (TTL aside) removed whether found or not, and {@code
   * added} put in, within {@code limits}. Every added record is among those replaced: a record added
   * again replaces the held one with its new TTL, and one added then deleted again by a later difference
   * leaves the held one replaced by nothing.
   */
  public static Outcome apply(Zone held, SOARecord soa, Collection<Record> deleted, Collection<Record> replaced,
      Collection<Record> added, LoadLimits limits) {
    RecordTypes.register();
    return new ZonePatch(held).apply(soa, deleted, replaced, added, limits);
  }

  private Outcome apply(SOARecord soa, Collection<Record> deleted, Collection<Record> replacedRecords,
      Collection<Record> added, LoadLimits limits) {
    if (!soa.getName().equals(held.origin())) {
      return new NotApplicable("the new SOA is not at the origin");
    }
    for (Collection<Record> records : List.of(deleted, replacedRecords, added)) {
      for (Record r : records) {
        if (r.getDClass() != DClass.IN) {
          return new NotApplicable("a record of class " + DClass.string(r.getDClass()));
        }
        if (r.getTTL() > Integer.MAX_VALUE) {
          return new NotApplicable("a TTL of 2^31 seconds or more (RFC 2181 §8)");
        }
      }
    }
    Map<Key, List<Record>> deletions = byRrset(deleted);
    Map<Key, List<Record>> replacements = byRrset(replacedRecords);
    Map<Key, List<Record>> additions = byRrset(added);
    Set<Key> touched = new LinkedHashSet<>(deletions.keySet());
    touched.addAll(replacements.keySet());
    touched.addAll(additions.keySet());
    List<RrsetEdit> served = new ArrayList<>();
    List<RrsetEdit> configurationEdits = new ArrayList<>();
    served.add(new RrsetEdit(held.origin(), Type.SOA, soa.getTTL(), List.of(rdataOf(soa))));
    long records = held.recordCount();
    for (Key key : touched) {
      String refusal = refusal(key);
      if (refusal != null) {
        return new NotApplicable(refusal);
      }
      boolean isConfiguration = RecordTypes.isConfiguration(key.type());
      List<Record> before = heldRecords(key, isConfiguration);
      Set<Record> dropped = new HashSet<>(deletions.getOrDefault(key, List.of()));
      Set<Record> replaced = new HashSet<>(replacements.getOrDefault(key, List.of()));
      replaced.addAll(additions.getOrDefault(key, List.of()));
      List<Record> after = new ArrayList<>();
      Set<Record> found = new HashSet<>();
      for (Record r : before) {
        if (dropped.contains(r)) {
          found.add(r);
        } else if (!replaced.contains(r)) {
          after.add(r);
        }
      }
      for (Record r : dropped) {
        if (!found.contains(r)) {
          return new Unmatched(r);
        }
      }
      after.addAll(additions.getOrDefault(key, List.of()));
      RrsetEdit edit = edit(key, after);
      if (edit == null) {
        return new NotApplicable("the " + Type.string(key.type()) + " records at " + key.owner() + " cannot be"
            + " encoded in one message");
      }
      records += edit.rdata().size() - before.size();
      (isConfiguration ? configurationEdits : served).add(edit);
    }
    if (records > limits.maxRecords()) {
      return new NotApplicable("more than " + limits.maxRecords() + " records");
    }
    String emptied = emptied(touched, served, configurationEdits);
    if (emptied != null) {
      return new NotApplicable(emptied + " is left without records (the name itself goes)");
    }
    return build(served, configurationEdits, (int) records);
  }

  /**
   * A touched name that the edits leave with no RRset, served or configuration, or null. Such a name no
   * longer exists (a lookup of it is NXDOMAIN, or a wildcard's answer, RFC 1034 §4.3.2, RFC 4592), and a
   * wildcard left empty would stop answering: the whole build lays the names out again.
   */
  private String emptied(Set<Key> touched, List<RrsetEdit> served, List<RrsetEdit> configurationEdits) {
    Set<Name> owners = new LinkedHashSet<>();
    touched.forEach(k -> owners.add(k.owner()));
    for (Name owner : owners) {
      if (remaining(data, owner, served) == 0 && remaining(configuration, owner, configurationEdits) == 0) {
        return owner.toString();
      }
    }
    return null;
  }

  /** How many RRsets {@code owner} keeps in {@code part} after {@code edits}. */
  private static int remaining(ZoneData part, Name owner, List<RrsetEdit> edits) {
    int n = part == null ? -1 : part.find(owner);
    int count = 0;
    if (n >= 0) {
      for (int type : part.types(n)) {
        count += editOf(edits, owner, type) == null ? 1 : 0;
      }
    }
    for (RrsetEdit e : edits) {
      count += e.owner().equals(owner) && !e.rdata().isEmpty() ? 1 : 0;
    }
    return count;
  }

  private static RrsetEdit editOf(List<RrsetEdit> edits, Name owner, int type) {
    for (RrsetEdit e : edits) {
      if (e.type() == type && e.owner().equals(owner)) {
        return e;
      }
    }
    return null;
  }

  /** Why the RRset {@code key} cannot be patched, or null. */
  private String refusal(Key key) {
    if (STRUCTURAL.contains(key.type())) {
      return Type.string(key.type()) + " records change";
    }
    int n = data.find(key.owner());
    if (n < 0) {
      return "a new name, " + key.owner();
    }
    if (data.isCut(n) || belowCut(key.owner())) {
      return key.owner() + " is at or below a delegation";
    }
    if (ZoneBuilder.contains(data.types(n), Type.CNAME)) {
      return key.owner() + " has a CNAME";
    }
    int c = configuration == null ? -1 : configuration.find(key.owner());
    if (c >= 0 && ZoneBuilder.contains(configuration.types(c), RecordTypes.HEALTHCHECK)) {
      return key.owner() + " is health-checked";
    }
    if (RecordTypes.isConfiguration(key.type()) && c < 0) {
      return key.owner() + " gets its first ALIAS records";
    }
    return null;
  }

  private boolean belowCut(Name owner) {
    int depth = owner.labels() - held.origin().labels();
    for (int strip = 1; strip < depth; strip++) {
      int n = data.find(new Name(owner, strip));
      if (n >= 0 && data.isCut(n)) {
        return true;
      }
    }
    return false;
  }

  private List<Record> heldRecords(Key key, boolean isConfiguration) {
    ZoneData from = isConfiguration ? configuration : data;
    int n = from.find(key.owner());
    return from.records(n, key.type(), from.name(n));
  }

  /**
   * The RRset's new content: duplicates dropped (RFC 2181 §5), the lowest TTL for all (§5.2), as the
   * zone-file builder makes it; null when it cannot be encoded.
   */
  private static RrsetEdit edit(Key key, List<Record> records) {
    Set<ByteBuffer> seen = new HashSet<>();
    List<byte[]> rdata = new ArrayList<>(records.size());
    long ttl = Long.MAX_VALUE;
    long total = 0;
    for (Record r : records) {
      byte[] d = rdataOf(r);
      if (seen.add(ByteBuffer.wrap(d))) {
        rdata.add(d);
        ttl = Math.min(ttl, r.getTTL());
        total += r.getName().length() + 10 + d.length;
      }
    }
    if (total > RRSET_ROOM) {
      return null;
    }
    return new RrsetEdit(key.owner(), key.type(), rdata.isEmpty() ? 0 : ttl, rdata);
  }

  /** The RDATA of {@code r} in wire form, names uncompressed and in their case. */
  private static byte[] rdataOf(Record r) {
    byte[] w = r.toWire(Section.ANSWER);
    return Arrays.copyOfRange(w, r.getName().length() + 10, w.length);
  }

  private static Map<Key, List<Record>> byRrset(Collection<Record> records) {
    Map<Key, List<Record>> out = new LinkedHashMap<>();
    for (Record r : records) {
      out.computeIfAbsent(new Key(r.getName(), r.getType()), k -> new ArrayList<>()).add(r);
    }
    return out;
  }

  // ---- the new version

  private Outcome build(List<RrsetEdit> served, List<RrsetEdit> configurationEdits, int records) {
    ZoneDataEdit.Edited edited = ZoneDataEdit.of(data, served);
    ZoneData newData = edited.data();
    Map<Integer, int[]> keys = new HashMap<>();
    for (Map.Entry<Integer, int[]> e : held.healthKeysBySet().entrySet()) {
      int moved = edited.moved()[e.getKey()];
      if (moved < 0) {
        return new NotApplicable("a health-checked RRset changes");
      }
      keys.put(moved, e.getValue());
    }
    ZoneData newConfiguration = configurationEdits.isEmpty() ? configuration
        : ZoneDataEdit.of(configuration, configurationEdits).data();
    List<ZoneProblem> problems = new ArrayList<>();
    Set<Integer> touched = new HashSet<>();
    for (List<RrsetEdit> edits : List.of(served, configurationEdits)) {
      for (RrsetEdit e : edits) {
        touched.add(newData.find(e.owner()));
      }
    }
    Map<Integer, WeightedName[]> aliases = aliasTrees(newData, newConfiguration, keys, touched, problems);
    if (problems.stream().anyMatch(ZoneProblem::isError)) {
      return new NotApplicable("the weighted names do not check: " + problems.get(0).message());
    }
    return new Patched(new Zone(held.origin(), held.file(), newData, records, aliases, keys, held.healthChecks(),
        newConfiguration));
  }

  /**
   * The weighted names built again from the new data, as the zone-file builder builds them: the ALIAS
   * owners and their targets, with their records, the cuts and the occluded owners.
   */
  private Map<Integer, WeightedName[]> aliasTrees(ZoneData data, ZoneData configuration, Map<Integer, int[]> keys,
      Set<Integer> touched, List<ZoneProblem> problems) {
    if (configuration == null) {
      return Map.of();
    }
    // Each ALIAS owner and the names its records point at.
    Map<Integer, List<Integer>> targetsOf = new HashMap<>();
    for (int c = 0; c < configuration.nodeCount(); c++) {
      if (!ZoneBuilder.contains(configuration.types(c), RecordTypes.ALIAS)) {
        continue;
      }
      Name owner = configuration.name(c);
      int n = data.find(owner);
      if (n < 0) {
        problems.add(new ZoneProblem(held.file(), 0, "ALIAS owner " + owner + " is not a name of the zone"));
        return Map.of();
      }
      Set<Name> names = touched.contains(n) ? null
          : targetsHeld(held.aliasesByNode().get(n), configuration.setSize(c, RecordTypes.ALIAS));
      if (names == null) { // changed, or not in the weighted names held (occluded): read from its records
        names = new LinkedHashSet<>();
        for (Record r : configuration.records(c, RecordTypes.ALIAS, owner)) {
          names.add(((AliasRecord) r).target());
        }
      }
      List<Integer> targets = new ArrayList<>();
      for (Name name : names) {
        int target = data.find(name);
        if (target >= 0) {
          targets.add(target);
        }
      }
      targetsOf.put(n, targets);
    }
    // Only the owners whose trees reach a changed name are built again; the others keep what they had.
    Map<Integer, WeightedName[]> out = new HashMap<>(held.aliasesByNode());
    out.keySet().removeAll(touched);
    Map<Integer, Boolean> reaches = new HashMap<>();
    Set<Integer> nodes = new LinkedHashSet<>();
    for (int owner : targetsOf.keySet()) {
      if (reaches(owner, targetsOf, touched, reaches, new HashSet<>())) {
        out.remove(owner);
        addTree(owner, targetsOf, nodes);
      }
    }
    if (nodes.isEmpty()) {
      return out;
    }
    Name origin = held.origin();
    Map<Name, Map<Integer, List<SourcedRecord>>> involved = new LinkedHashMap<>();
    Map<Name, List<TargetSet>> targetSets = new HashMap<>();
    for (int n : nodes) {
      Name owner = data.name(n);
      Map<Integer, List<SourcedRecord>> types = new LinkedHashMap<>();
      List<TargetSet> sets = new ArrayList<>();
      for (int type : data.types(n)) {
        List<Record> records = data.records(n, type, owner);
        types.put(type, sourced(records));
        if (type == Type.A || type == Type.AAAA) {
          byte[][] rdata = new byte[records.size()][];
          for (int i = 0; i < rdata.length; i++) {
            rdata[i] = records.get(i).rdataToWireCanonical(); // addresses: no name to keep the case of
          }
          sets.add(new TargetSet(type, records.get(0).getTTL(), rdata, keys.get(data.setIndex(n, type))));
        }
      }
      int c = configuration.find(owner);
      if (c >= 0) {
        for (int type : configuration.types(c)) {
          types.put(type, sourced(configuration.records(c, type, owner)));
        }
      }
      involved.put(owner, types);
      targetSets.put(owner, sets);
    }
    // The alias checks ask about cuts at and above the owners and their targets only: those are found.
    Map<Name, Name> cuts = new HashMap<>();
    for (Map.Entry<Name, Map<Integer, List<SourcedRecord>>> e : involved.entrySet()) {
      cutsAbove(data, e.getKey(), origin, cuts);
      for (SourcedRecord alias : e.getValue().getOrDefault(RecordTypes.ALIAS, List.of())) {
        cutsAbove(data, ((AliasRecord) alias.record()).target(), origin, cuts);
      }
    }
    Set<Name> occluded = new HashSet<>();
    for (Name owner : involved.keySet()) {
      if (ZoneBuilder.enclosingCut(owner, origin, cuts::get, false) != null) {
        occluded.add(owner);
      }
    }
    List<AliasNode> numbered = aliasNodes(involved, targetSets, origin, cuts, occluded);
    WeightedName[][] built = new AliasTreeBuilder(origin, numbered, problems).build();
    for (int i = 0; i < built.length; i++) {
      if (built[i] != null) {
        out.put(data.find(numbered.get(i).name()), built[i]);
      }
    }
    return out;
  }

  /** The names involved, numbered in their order, as the tree builder reads them. */
  private static List<AliasNode> aliasNodes(Map<Name, Map<Integer, List<SourcedRecord>>> involved,
      Map<Name, List<TargetSet>> targetSets, Name origin, Map<Name, Name> cuts, Set<Name> occluded) {
    Map<Name, Integer> index = new HashMap<>();
    for (Name owner : involved.keySet()) {
      index.put(owner, index.size());
    }
    List<AliasNode> out = new ArrayList<>(involved.size());
    for (Map.Entry<Name, Map<Integer, List<SourcedRecord>>> e : involved.entrySet()) {
      Map<Integer, List<SourcedRecord>> types = e.getValue();
      List<AliasNode.Alias> aliases = new ArrayList<>();
      for (SourcedRecord s : types.getOrDefault(RecordTypes.ALIAS, List.of())) {
        Name target = ((AliasRecord) s.record()).target();
        aliases.add(new AliasNode.Alias(s, index.getOrDefault(target, -1),
            ZoneBuilder.enclosingCut(target, origin, cuts::get, true)));
      }
      out.add(AliasNode.of(e.getKey(), aliases, cuts.get(e.getKey()) != null, occluded.contains(e.getKey()),
          firstLine(types, Type.A), firstLine(types, Type.AAAA), firstLine(types, Type.CNAME),
          targetSets.get(e.getKey())));
    }
    return out;
  }

  private static int firstLine(Map<Integer, List<SourcedRecord>> types, int type) {
    List<SourcedRecord> records = types.get(type);
    return records == null || records.isEmpty() ? -1 : records.get(0).line();
  }

  /**
   * The targets of a weighted name held, from its trees (A and AAAA), or null when they do not name
   * all {@code aliases} of its records (a target with addresses of neither type is in no tree).
   */
  private static Set<Name> targetsHeld(WeightedName[] weighted, int aliases) {
    if (weighted == null) {
      return null;
    }
    Set<Name> out = new LinkedHashSet<>();
    for (WeightedName w : weighted) {
      if (w != null) {
        for (int i = 0; i < w.root().size(); i++) {
          out.add(w.root().alias(i).target());
        }
      }
    }
    return out.size() == aliases ? out : null;
  }

  /** Every delegation point at or above {@code name} (below the origin), into {@code cuts}. */
  private static void cutsAbove(ZoneData data, Name name, Name origin, Map<Name, Name> cuts) {
    if (!name.subdomain(origin)) {
      return;
    }
    for (int strip = 0; strip < name.labels() - origin.labels(); strip++) {
      Name above = strip == 0 ? name : new Name(name, strip);
      int n = data.find(above);
      if (n >= 0 && data.isCut(n)) {
        cuts.put(above, above);
      }
    }
  }

  /** Whether the tree of {@code node} holds a name of {@code touched} (a loop reaches nothing more). */
  private static boolean reaches(int node, Map<Integer, List<Integer>> targetsOf, Set<Integer> touched,
      Map<Integer, Boolean> known, Set<Integer> path) {
    Boolean k = known.get(node);
    if (k != null) {
      return k;
    }
    if (touched.contains(node)) {
      known.put(node, true);
      return true;
    }
    boolean found = false;
    if (path.add(node)) {
      for (int t : targetsOf.getOrDefault(node, List.of())) {
        found |= reaches(t, targetsOf, touched, known, path);
      }
      path.remove(node);
      known.put(node, found);
    }
    return found;
  }

  /** {@code node} and every name below it in the alias trees, into {@code out}. */
  private static void addTree(int node, Map<Integer, List<Integer>> targetsOf, Set<Integer> out) {
    if (!out.add(node)) {
      return;
    }
    for (int t : targetsOf.getOrDefault(node, List.of())) {
      addTree(t, targetsOf, out);
    }
  }

  private static List<SourcedRecord> sourced(List<Record> records) {
    List<SourcedRecord> out = new ArrayList<>(records.size());
    for (Record r : records) {
      out.add(new SourcedRecord(r, "IXFR", 0));
    }
    return out;
  }
}
