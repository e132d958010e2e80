package io.wadns.zone;

import io.wadns.health.CheckedAddress;
import io.wadns.health.HealthCheckRecord;
import io.wadns.health.HealthKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Turns the records of one zone file into a validated {@link Zone}, or into the list of problems
 * that stop it from being served. Everything the query path relies on is checked here, once, so a
 * query never meets bad configuration.
 */
final class ZoneBuilder {
  private final String file;
  private final List<SourcedRecord> input;
  private final HealthKeys healthKeys;
  private final List<ZoneProblem> problems = new ArrayList<>();
  private final List<CheckedAddress> checks = new ArrayList<>();

  ZoneBuilder(String file, List<SourcedRecord> input, HealthKeys healthKeys) {
    this.file = file;
    this.input = input;
    this.healthKeys = healthKeys;
  }

  List<ZoneProblem> problems() {
    return problems;
  }

  /** The zone, or null when there were problems (see {@link #problems()}). */
  Zone build() {
    SourcedRecord soa = findSoa();
    if (soa == null) {
      return null;
    }
    Name origin = soa.record().getName();
    Map<Name, Map<Integer, List<SourcedRecord>>> byOwner = groupByOwner(origin);
    Map<Integer, List<SourcedRecord>> apex = byOwner.get(origin);
    if (apex.get(Type.NS) == null) {
      problems.add(soa.problem("zone " + origin + " has no NS records at its apex (RFC 1035 §5.2)"));
    }
    Map<Name, Name> cuts = findCuts(origin, byOwner);
    checkNames(origin, byOwner, cuts);
    Map<Name, Node> nodes = makeNodes(origin, byOwner, cuts.keySet());
    new AliasTreeBuilder(origin, byOwner, nodes, cuts, problems).build();
    return problems.isEmpty() ? new Zone(origin, file, nodes, input.size(), checks) : null;
  }

  /** RFC 1035 §5.2: exactly one SOA, and it names the zone. */
  private SourcedRecord findSoa() {
    SourcedRecord soa = null;
    for (SourcedRecord r : input) {
      if (r.record().getType() != Type.SOA) {
        continue;
      }
      if (soa == null) {
        soa = r;
      } else {
        problems.add(r.problem("second SOA record (" + r.record().getName() + "); a zone has exactly one,"
            + " at its apex, and the first is at line " + soa.line()));
      }
    }
    if (soa == null) {
      problems.add(new ZoneProblem(file, 0, "no SOA record: a zone file needs one at its apex"));
    }
    return problems.isEmpty() ? soa : null;
  }

  private Map<Name, Map<Integer, List<SourcedRecord>>> groupByOwner(Name origin) {
    Map<Name, Map<Integer, List<SourcedRecord>>> byOwner = new LinkedHashMap<>();
    for (SourcedRecord r : input) {
      Name owner = r.record().getName();
      if (!owner.subdomain(origin)) {
        problems.add(r.problem("out-of-zone record: " + owner + " is not in zone " + origin));
        continue;
      }
      byOwner.computeIfAbsent(owner, k -> new LinkedHashMap<>(4))
          .computeIfAbsent(r.record().getType(), k -> new ArrayList<>(2))
          .add(r);
    }
    return byOwner;
  }

  /** Delegation points, each mapped to itself; names with NS below the apex (RFC 1034 §4.2.1). */
  private static Map<Name, Name> findCuts(Name origin, Map<Name, Map<Integer, List<SourcedRecord>>> byOwner) {
    Map<Name, Name> cuts = new HashMap<>();
    for (Map.Entry<Name, Map<Integer, List<SourcedRecord>>> e : byOwner.entrySet()) {
      if (!e.getKey().equals(origin) && e.getValue().containsKey(Type.NS)) {
        cuts.put(e.getKey(), e.getKey());
      }
    }
    return cuts;
  }

  private void checkNames(Name origin, Map<Name, Map<Integer, List<SourcedRecord>>> byOwner,
      Map<Name, Name> cuts) {
    for (Map.Entry<Name, Map<Integer, List<SourcedRecord>>> e : byOwner.entrySet()) {
      Name owner = e.getKey();
      Map<Integer, List<SourcedRecord>> types = e.getValue();
      checkCname(owner, types);
      checkSingletons(owner, types);
      checkHealthCheck(owner, types);
      Name above = enclosingCut(owner, origin, cuts, false);
      if (above != null) {
        checkOccluded(owner, above, types);
      }
      Name dname = enclosingDname(owner, origin, byOwner);
      if (dname != null) {
        SourcedRecord first = types.values().iterator().next().get(0);
        problems.add(first.problem(owner + " is below the DNAME at " + dname
            + " and could never be answered (RFC 6672 §2.3)"));
      }
      if (owner.equals(origin) || cuts.containsKey(owner)) {
        continue;
      }
      List<SourcedRecord> ds = types.get(Type.DS);
      if (ds != null) {
        problems.add(ds.get(0).problem("DS record at " + owner + ", which is not a delegation point"
            + " (RFC 4035 §2.4)"));
      }
    }
  }

  /** RFC 1034 §3.6.2 / RFC 2181 §10.1: a CNAME stands alone (DNSSEC records aside). */
  private void checkCname(Name owner, Map<Integer, List<SourcedRecord>> types) {
    List<SourcedRecord> cnames = types.get(Type.CNAME);
    if (cnames == null) {
      return;
    }
    if (cnames.size() > 1) {
      problems.add(cnames.get(1).problem("more than one CNAME at " + owner + " (RFC 2181 §10.1)"));
    }
    for (Map.Entry<Integer, List<SourcedRecord>> t : types.entrySet()) {
      int type = t.getKey();
      if (type != Type.CNAME && type != Type.RRSIG && type != Type.NSEC && type != RecordTypes.ALIAS) {
        problems.add(cnames.get(0).problem("CNAME at " + owner + " beside other data ("
            + Type.string(type) + " at line " + t.getValue().get(0).line() + "); a CNAME must stand alone"
            + " (RFC 1034 §3.6.2)"));
        return;
      }
    }
  }

  private void checkSingletons(Name owner, Map<Integer, List<SourcedRecord>> types) {
    List<SourcedRecord> dnames = types.get(Type.DNAME);
    if (dnames != null && dnames.size() > 1) {
      problems.add(dnames.get(1).problem("more than one DNAME at " + owner + " (RFC 6672 §2.4)"));
    }
  }

  /** A HEALTHCHECK says how to probe the name's addresses: one per name, and only beside addresses. */
  private void checkHealthCheck(Name owner, Map<Integer, List<SourcedRecord>> types) {
    List<SourcedRecord> checks = types.get(RecordTypes.HEALTHCHECK);
    if (checks == null) {
      return;
    }
    if (checks.size() > 1) {
      problems.add(checks.get(1).problem("more than one HEALTHCHECK at " + owner + " (first at line "
          + checks.get(0).line() + ")"));
    }
    if (!types.containsKey(Type.A) && !types.containsKey(Type.AAAA)) {
      problems.add(checks.get(0).problem("HEALTHCHECK at " + owner + ", which has no A or AAAA records to check"));
    }
  }

  /** Only address records (glue) may sit below a delegation; anything else is never served. */
  private void checkOccluded(Name owner, Name cut, Map<Integer, List<SourcedRecord>> types) {
    for (Map.Entry<Integer, List<SourcedRecord>> t : types.entrySet()) {
      int type = t.getKey();
      if (type != Type.A && type != Type.AAAA) {
        problems.add(t.getValue().get(0).problem(Type.string(type) + " record at " + owner
            + " is below the delegation at " + cut + "; only glue (A, AAAA) may be there"));
      }
    }
  }

  /** The nearest cut strictly above {@code name} (or at it, when {@code inclusive}), or null. */
  static Name enclosingCut(Name name, Name origin, Map<Name, Name> cuts, boolean inclusive) {
    int depth = name.labels() - origin.labels();
    for (int strip = inclusive ? 0 : 1; strip < depth; strip++) {
      Name cut = cuts.get(new Name(name, strip));
      if (cut != null) {
        return cut;
      }
    }
    return null;
  }

  private static Name enclosingDname(Name name, Name origin,
      Map<Name, Map<Integer, List<SourcedRecord>>> byOwner) {
    int depth = name.labels() - origin.labels();
    for (int strip = 1; strip <= depth; strip++) {
      Name above = new Name(name, strip);
      Map<Integer, List<SourcedRecord>> types = byOwner.get(above);
      if (types != null && types.containsKey(Type.DNAME)) {
        return above;
      }
    }
    return null;
  }

  private Map<Name, Node> makeNodes(Name origin, Map<Name, Map<Integer, List<SourcedRecord>>> byOwner,
      java.util.Set<Name> cuts) {
    Map<Name, Node> nodes = new HashMap<>(byOwner.size() * 2);
    for (Map.Entry<Name, Map<Integer, List<SourcedRecord>>> e : byOwner.entrySet()) {
      Name owner = e.getKey();
      List<RecordSet> sets = new ArrayList<>(e.getValue().size());
      List<SourcedRecord> check = e.getValue().get(RecordTypes.HEALTHCHECK);
      for (Map.Entry<Integer, List<SourcedRecord>> t : e.getValue().entrySet()) {
        if (!RecordTypes.isConfiguration(t.getKey())) {
          RecordSet set = toRecordSet(owner, t.getKey(), t.getValue(), check);
          sets.add(set);
        }
      }
      nodes.put(owner, new Node(owner, sets.toArray(new RecordSet[0]), cuts.contains(owner)));
    }
    // Empty non-terminals (RFC 8020): every ancestor of a name exists, even without records.
    for (Name owner : byOwner.keySet()) {
      int depth = owner.labels() - origin.labels();
      for (int strip = 1; strip < depth; strip++) {
        Name ancestor = new Name(owner, strip);
        if (nodes.containsKey(ancestor)) {
          break;
        }
        nodes.put(ancestor, Node.emptyNonTerminal(ancestor));
      }
    }
    for (Node node : nodes.values()) {
      if (node.name().isWild() && node.name().labels() > origin.labels()) {
        Node parent = nodes.get(new Name(node.name(), 1));
        if (parent != null) {
          parent.setWildcard(node);
        }
      }
    }
    return nodes;
  }

  /**
   * One RRset: duplicates dropped (RFC 2181 §5) and TTLs made equal to the lowest, as RFC 2181 §5.2
   * tells a receiver of a mixed-TTL set to treat it.
   */
  private RecordSet toRecordSet(Name owner, int type, List<SourcedRecord> sourced, List<SourcedRecord> check) {
    List<Record> records = new ArrayList<>(sourced.size());
    long ttl = Long.MAX_VALUE;
    for (SourcedRecord s : sourced) {
      Record r = s.record();
      ttl = Math.min(ttl, r.getTTL());
      if (!records.contains(r)) {
        records.add(r);
      }
    }
    for (int i = 0; i < records.size(); i++) {
      Record r = records.get(i);
      if (r.getTTL() != ttl) {
        records.set(i, Records.withTtl(r, ttl));
      }
    }
    int[] keys = null;
    if (check != null && (type == Type.A || type == Type.AAAA)) {
      var spec = ((HealthCheckRecord) check.get(0).record()).spec();
      keys = new int[records.size()];
      for (int i = 0; i < keys.length; i++) {
        Record r = records.get(i);
        var address = r instanceof ARecord a ? a.getAddress() : ((AAAARecord) r).getAddress();
        keys[i] = healthKeys.keyOf(owner, address);
        checks.add(new CheckedAddress(keys[i], owner.canonicalize(), address, spec));
      }
    }
    return new RecordSet(owner, type, records.toArray(new Record[0]), keys);
  }
}
