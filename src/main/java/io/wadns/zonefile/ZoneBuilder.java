package io.wadns.zonefile;

import io.wadns.health.CheckedAddress;
import io.wadns.health.HealthCheckRecord;
import io.wadns.health.HealthKeys;
import io.wadns.health.ProbeTargets;
import io.wadns.weighted.AliasChoice;
import io.wadns.zone.Node;
import io.wadns.zone.RecordSet;
import io.wadns.zone.RecordTypes;
import io.wadns.zone.Zone;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import io.wadns.weighted.AliasRecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DNAMERecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Turns the records of one zone file into a validated {@link Zone}, or into the list of problems
 * that stop it from being served. Everything the query path relies on is checked here, once, so a
 * query never meets bad configuration. Legal content that is probably a mistake (data below a
 * delegation, a name server without an address) gives warnings; the zone is still built, and
 * answers for it as BIND, Knot and NSD do.
 */
final class ZoneBuilder {
  private static final Name WILD = Name.fromConstantString("*");

  private final String file;
  private final List<SourcedRecord> input;
  private final HealthKeys healthKeys;
  private final ProbeTargets probeTargets;
  private final List<ZoneProblem> problems = new ArrayList<>();
  private final List<ZoneProblem> warnings = new ArrayList<>();
  private final List<CheckedAddress> checks = new ArrayList<>();
  /** Names below a delegation: never answered (a query there gets the referral), glue aside. */
  private final Set<Name> occluded = new HashSet<>();

  ZoneBuilder(String file, List<SourcedRecord> input, HealthKeys healthKeys, ProbeTargets probeTargets) {
    this.file = file;
    this.input = input;
    this.healthKeys = healthKeys;
    this.probeTargets = probeTargets;
  }

  /** The errors found; the zone is not built when there are any. */
  List<ZoneProblem> problems() {
    return problems;
  }

  /** The warnings found: the zone is built anyway. */
  List<ZoneProblem> warnings() {
    return warnings;
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
    warnDoubledOrigin(origin);
    checkNameServerAddresses(origin, byOwner, cuts);
    Map<Name, List<RecordSet>> sets = makeSets(byOwner);
    Map<Name, AliasChoice[]> aliases =
        new AliasTreeBuilder(origin, byOwner, sets, cuts, occluded, problems).build();
    if (!problems.isEmpty()) {
      return null;
    }
    return new Zone(origin, file, makeNodes(origin, sets, aliases, cuts.keySet()), input.size(), checks);
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
        occluded.add(owner);
        warnOccluded(owner, above, types);
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

  /**
   * A name that ends in the origin twice ({@code www.example.com.example.com.}) was almost surely
   * written without its trailing dot, so the origin was appended to a name that already had it.
   */
  private void warnDoubledOrigin(Name origin) {
    String doubled = "." + origin.toString().toLowerCase() + origin.toString().toLowerCase();
    for (SourcedRecord r : input) {
      Record record = r.record();
      Name[] names = {record.getName(), nameInData(record)};
      for (Name name : names) {
        String text = name == null ? null : "." + name.toString().toLowerCase();
        if (text != null && text.endsWith(doubled) && !origin.equals(Name.root)) {
          String meant = name.toString().substring(0, name.toString().length() - origin.toString().length());
          warnings.add(r.warning((name == record.getName() ? "owner " : Type.string(record.getType()) + " target ")
              + name + " repeats the origin: did you mean " + meant + "? A name without a trailing dot is"
              + " relative to $ORIGIN"));
          break;
        }
      }
    }
  }

  /** The domain name a record's data points at, for the types that have one. */
  private static Name nameInData(Record r) {
    if (r instanceof CNAMERecord c) {
      return c.getTarget();
    } else if (r instanceof DNAMERecord d) {
      return d.getTarget();
    } else if (r instanceof NSRecord ns) {
      return ns.getTarget();
    } else if (r instanceof MXRecord mx) {
      return mx.getTarget();
    } else if (r instanceof SRVRecord srv) {
      return srv.getTarget();
    } else if (r instanceof PTRRecord ptr) {
      return ptr.getTarget();
    } else if (r instanceof AliasRecord alias) {
      return alias.target();
    }
    return null;
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

  /**
   * A HEALTHCHECK says how to probe the name's addresses: one per name, only beside addresses, and only of
   * addresses the operator allows to be probed (else a zone could turn the server into a port scanner).
   */
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
    for (int type : new int[] {Type.A, Type.AAAA}) {
      for (SourcedRecord r : types.getOrDefault(type, List.of())) {
        String refusal = probeTargets.refusal(r.record() instanceof ARecord a ? a.getAddress()
            : ((AAAARecord) r.record()).getAddress());
        if (refusal != null) {
          problems.add(checks.get(0).problem("HEALTHCHECK at " + owner + ": " + refusal));
        }
      }
    }
  }

  /**
   * Below a delegation only address records (glue) serve a purpose; anything else is legal zone
   * content that is never answered (occluded, RFC 2181 §6, RFC 9471 §2): a query there gets the
   * referral, as in BIND, Knot and NSD. One warning per type.
   */
  private void warnOccluded(Name owner, Name cut, Map<Integer, List<SourcedRecord>> types) {
    for (Map.Entry<Integer, List<SourcedRecord>> t : types.entrySet()) {
      int type = t.getKey();
      if (type != Type.A && type != Type.AAAA) {
        warnings.add(t.getValue().get(0).warning(Type.string(type) + " record at " + owner
            + " is below the delegation at " + cut + " and is never answered (queries there get the referral);"
            + " only glue (A, AAAA) belongs there"));
      }
    }
  }

  /**
   * Warns, as BIND and Knot do, about in-zone name servers without an address in the zone: glue
   * missing under a delegation, or an apex name server with no A, AAAA or ALIAS. Resolvers cannot
   * reach such a server through this zone.
   */
  private void checkNameServerAddresses(Name origin, Map<Name, Map<Integer, List<SourcedRecord>>> byOwner,
      Map<Name, Name> cuts) {
    for (Map.Entry<Name, Map<Integer, List<SourcedRecord>>> e : byOwner.entrySet()) {
      List<SourcedRecord> ns = e.getValue().get(Type.NS);
      if (ns == null || occluded.contains(e.getKey())) {
        continue;
      }
      for (SourcedRecord r : ns) {
        Name target = ((NSRecord) r.record()).getTarget();
        if (!target.subdomain(origin)) {
          continue;
        }
        Map<Integer, List<SourcedRecord>> types = byOwner.get(target);
        boolean glue = enclosingCut(target, origin, cuts, true) != null;
        boolean hasAddress = types != null && (types.containsKey(Type.A) || types.containsKey(Type.AAAA)
            || !glue && types.containsKey(RecordTypes.ALIAS));
        if (!hasAddress) {
          warnings.add(r.warning("name server " + target + " of " + e.getKey() + " has no "
              + (glue ? "glue (A or AAAA record) below the delegation" : "A, AAAA or ALIAS record in the zone")
              + ": resolvers cannot reach it through this zone"));
        }
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

  /** The RRsets of every owner, configuration records (ALIAS, HEALTHCHECK) left out. */
  private Map<Name, List<RecordSet>> makeSets(Map<Name, Map<Integer, List<SourcedRecord>>> byOwner) {
    Map<Name, List<RecordSet>> sets = new HashMap<>(byOwner.size() * 2);
    for (Map.Entry<Name, Map<Integer, List<SourcedRecord>>> e : byOwner.entrySet()) {
      Name owner = e.getKey();
      List<RecordSet> list = new ArrayList<>(e.getValue().size());
      // Addresses below a cut are glue: served in referrals as written, never health-checked.
      List<SourcedRecord> check = occluded.contains(owner) ? null : e.getValue().get(RecordTypes.HEALTHCHECK);
      for (Map.Entry<Integer, List<SourcedRecord>> t : e.getValue().entrySet()) {
        if (!RecordTypes.isConfiguration(t.getKey())) {
          list.add(toRecordSet(owner, t.getKey(), t.getValue(), check));
        }
      }
      sets.put(owner, list);
    }
    return sets;
  }

  /**
   * Every name of the zone as an immutable node, empty non-terminals included (RFC 8020: every
   * ancestor of a name exists). Made deepest first, so each node's wildcard child already exists.
   */
  private static Map<Name, Node> makeNodes(Name origin, Map<Name, List<RecordSet>> sets,
      Map<Name, AliasChoice[]> aliases, Set<Name> cuts) {
    Set<Name> names = new HashSet<>(sets.keySet());
    for (Name owner : sets.keySet()) {
      int depth = owner.labels() - origin.labels();
      for (int strip = 1; strip < depth && names.add(new Name(owner, strip)); strip++) {
        // adds each missing ancestor, stopping at the first one already known
      }
    }
    List<Name> deepestFirst = new ArrayList<>(names);
    deepestFirst.sort(Comparator.comparingInt(Name::labels).reversed());
    Map<Name, Node> nodes = new HashMap<>(names.size() * 2);
    for (Name name : deepestFirst) {
      List<RecordSet> own = sets.getOrDefault(name, List.of());
      AliasChoice[] choice = aliases.get(name);
      nodes.put(name, new Node(name, own.toArray(new RecordSet[0]), cuts.contains(name), choice != null,
          choice == null ? null : choice[0], choice == null ? null : choice[1], nodes.get(wildcardChild(name))));
    }
    return nodes;
  }

  /** {@code *.<name>}, or null when that name would be too long to exist. */
  private static Name wildcardChild(Name name) {
    try {
      return Name.concatenate(WILD, name);
    } catch (NameTooLongException e) {
      return null;
    }
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
