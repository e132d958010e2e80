package io.wadns.zonefile;

import io.wadns.health.CheckedAddress;
import io.wadns.health.HealthCheckRecord;
import io.wadns.health.HealthKeys;
import io.wadns.health.ProbeTargets;
import io.wadns.weighted.WeightedName;
import io.wadns.zone.NameTable;
import io.wadns.zone.RecordTypes;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneData;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Turns the records of one zone file ({@link ZoneDraft}) into a validated {@link Zone}, or into the
 * list of problems that stop it from being served. Everything the query path relies on is checked
 * here, once, so a query never meets bad configuration. Legal content that is probably a mistake
 * (data below a delegation, a name server without an address) gives warnings; the zone is still
 * built, and answers for it as BIND, Knot and NSD do.
 *
 * <p>Works on the draft's arrays, node by node: a dnsjava record is made only for the few records a
 * check must read (SOA, ALIAS, HEALTHCHECK, the records of alias targets) or a message must quote.
 */
final class ZoneBuilder {
  private final String file;
  private final ZoneDraft draft;
  private final HealthKeys healthKeys;
  private final ProbeTargets probeTargets;
  private final List<ZoneProblem> problems = new ArrayList<>();
  private final List<ZoneProblem> warnings = new ArrayList<>();
  private final List<CheckedAddress> checks = new ArrayList<>();
  private final NameTable names;
  private Name origin;
  private int apex;
  private byte[] originWire;
  /** The records of node {@code n}, in file order: {@code byNode[nodeStart[n], nodeStart[n + 1])}. */
  private int[] nodeStart;
  private int[] byNode;
  /**
   * Per node, a bit for each type below 63 it holds (A, NS, CNAME, SOA, MX, TXT, AAAA, SRV, DNAME, DS,
   * RRSIG, NSEC...) and {@link #OTHER_TYPES} for any other: most questions about a node's types are
   * answered without a scan or an array, a million times per big zone.
   */
  private long[] typeMask;
  private boolean[] outside;
  private boolean[] cut;
  private boolean[] occluded;
  private boolean[] hasDname;
  /** Whether the zone has any cut or DNAME at all: most zones have none, and then no name looks up. */
  private boolean anyCut;
  private boolean anyDname;

  ZoneBuilder(String file, ZoneDraft draft, HealthKeys healthKeys, ProbeTargets probeTargets) {
    this.file = file;
    this.draft = draft;
    this.healthKeys = healthKeys;
    this.probeTargets = probeTargets;
    this.names = draft.owners;
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
    int soa = findSoa();
    if (soa < 0) {
      return null;
    }
    apex = draft.owner(soa);
    origin = draft.name(apex);
    // The apex's own bytes, which the origin was made from: dnsjava's toWire makes a name for every label.
    originWire = Arrays.copyOfRange(names.arena(), names.start(apex), names.start(apex) + names.length(apex));
    groupByNode();
    markOutside();
    if (!hasType(apex, Type.NS)) {
      problems.add(problem(soa, "zone " + origin + " has no NS records at its apex (RFC 1035 §5.2)"));
    }
    markCutsAndDnames();
    for (int n = 0; n < names.size(); n++) {
      if (!outside[n]) {
        checkName(n);
      }
    }
    warnDoubledOrigin();
    checkNameServerAddresses();
    SetTable sets = makeSets();
    Map<Integer, WeightedName[]> aliases = aliasTrees(sets);
    if (!problems.isEmpty()) {
      return null;
    }
    return layOut(sets, aliases);
  }

  // ---- grouping

  /** RFC 1035 §5.2: exactly one SOA, and it names the zone. The first SOA's record, or -1. */
  private int findSoa() {
    int soa = -1;
    for (int r = 0; r < draft.size(); r++) {
      if (draft.type(r) != Type.SOA) {
        continue;
      }
      if (soa < 0) {
        soa = r;
      } else {
        problems.add(problem(r, "second SOA record (" + draft.name(draft.owner(r)) + "); a zone has exactly one,"
            + " at its apex, and the first is at line " + draft.line(soa)));
      }
    }
    if (soa < 0) {
      problems.add(new ZoneProblem(file, 0, "no SOA record: a zone file needs one at its apex"));
    }
    return problems.isEmpty() ? soa : -1;
  }

  /** A counting sort of the records by owner, keeping file order within each owner. */
  private void groupByNode() {
    int nodes = names.size();
    nodeStart = new int[nodes + 1];
    for (int r = 0; r < draft.size(); r++) {
      nodeStart[draft.owner(r) + 1]++;
    }
    for (int n = 0; n < nodes; n++) {
      nodeStart[n + 1] += nodeStart[n];
    }
    int[] next = Arrays.copyOf(nodeStart, nodes);
    byNode = new int[draft.size()];
    typeMask = new long[nodes];
    for (int r = 0; r < draft.size(); r++) {
      int n = draft.owner(r);
      byNode[next[n]++] = r;
      typeMask[n] |= typeBit(draft.type(r));
    }
  }

  /** The bit of {@code type} in {@link #typeMask}. */
  private static long typeBit(int type) {
    return type < 63 ? 1L << type : OTHER_TYPES;
  }

  private static final long OTHER_TYPES = 1L << 63;
  private static final int[] NO_RECORDS = new int[0];
  /** The types of a node that holds records of one type below 63 only: shared, never written to. */
  private static final int[][] ONE_TYPE = new int[63][];

  static {
    for (int t = 0; t < ONE_TYPE.length; t++) {
      ONE_TYPE[t] = new int[] {t};
    }
  }

  /** Owners outside the zone: an error per record, in file order. */
  private void markOutside() {
    outside = new boolean[names.size()];
    for (int n = 0; n < names.size(); n++) {
      outside[n] = !isAtOrBelow(n, originWire);
    }
    for (int r = 0; r < draft.size(); r++) {
      if (outside[draft.owner(r)]) {
        problems.add(problem(r, "out-of-zone record: " + draft.name(draft.owner(r)) + " is not in zone " + origin));
      }
    }
  }

  /** Delegation points: names with NS below the apex (RFC 1034 §4.2.1); and owners of DNAMEs. */
  private void markCutsAndDnames() {
    cut = new boolean[names.size()];
    hasDname = new boolean[names.size()];
    occluded = new boolean[names.size()];
    for (int n = 0; n < names.size(); n++) {
      if (!outside[n]) {
        cut[n] = n != apex && hasType(n, Type.NS);
        hasDname[n] = hasType(n, Type.DNAME);
        anyCut |= cut[n];
        anyDname |= hasDname[n];
      }
    }
  }

  private boolean hasType(int n, int type) {
    long bit = typeBit(type);
    return (typeMask[n] & bit) != 0 && (bit != OTHER_TYPES || first(n, type) >= 0);
  }

  /** The first record of {@code type} at node {@code n}, or -1. */
  private int first(int n, int type) {
    for (int i = nodeStart[n]; i < nodeStart[n + 1]; i++) {
      if (draft.type(byNode[i]) == type) {
        return byNode[i];
      }
    }
    return -1;
  }

  /** The records of {@code type} at node {@code n}, in file order. */
  private int[] records(int n, int type) {
    if ((typeMask[n] & typeBit(type)) == 0) {
      return NO_RECORDS;
    }
    int count = 0;
    for (int i = nodeStart[n]; i < nodeStart[n + 1]; i++) {
      count += draft.type(byNode[i]) == type ? 1 : 0;
    }
    int[] out = new int[count];
    for (int i = nodeStart[n], k = 0; i < nodeStart[n + 1]; i++) {
      if (draft.type(byNode[i]) == type) {
        out[k++] = byNode[i];
      }
    }
    return out;
  }

  /** The types at node {@code n}, in the order they first appear; not to be written to. */
  private int[] types(int n) {
    long mask = typeMask[n];
    if (Long.bitCount(mask) == 1 && mask != OTHER_TYPES) {
      return ONE_TYPE[Long.numberOfTrailingZeros(mask)];
    }
    int[] seen = new int[Math.min(16, nodeStart[n + 1] - nodeStart[n])];
    int count = 0;
    for (int i = nodeStart[n]; i < nodeStart[n + 1]; i++) {
      int type = draft.type(byNode[i]);
      boolean known = false;
      for (int k = 0; k < count && !known; k++) {
        known = seen[k] == type;
      }
      if (!known) {
        if (count == seen.length) {
          seen = Arrays.copyOf(seen, count * 2);
        }
        seen[count++] = type;
      }
    }
    return Arrays.copyOf(seen, count);
  }

  // ---- per-name checks

  private void checkName(int n) {
    if (hasType(n, Type.CNAME)) {
      checkCname(records(n, Type.CNAME), types(n), n);
    }
    if (hasType(n, Type.DNAME)) {
      int[] dnames = records(n, Type.DNAME);
      if (dnames.length > 1) {
        problems.add(problem(dnames[1], "more than one DNAME at " + name(n) + " (RFC 6672 §2.4)"));
      }
    }
    if (hasType(n, RecordTypes.HEALTHCHECK)) {
      checkHealthCheck(n);
    }
    int above = enclosingCut(n, false);
    if (above >= 0) {
      occluded[n] = true;
      for (int type : types(n)) {
        if (type != Type.A && type != Type.AAAA) {
          warnings.add(warning(first(n, type), Type.string(type) + " record at " + name(n)
              + " is below the delegation at " + name(above) + " and is never answered (queries there get the"
              + " referral); only glue (A, AAAA) belongs there"));
        }
      }
    }
    int dname = enclosingDname(n);
    if (dname >= 0) {
      problems.add(problem(byNode[nodeStart[n]], name(n) + " is below the DNAME at " + name(dname)
          + " and could never be answered (RFC 6672 §2.3)"));
    }
    if (n != apex && !cut[n] && hasType(n, Type.DS)) {
      int ds = first(n, Type.DS);
      if (ds >= 0) {
        problems.add(problem(ds, "DS record at " + name(n) + ", which is not a delegation point (RFC 4035 §2.4)"));
      }
    }
  }

  /** True when {@code type} is among {@code types}. */
  static boolean contains(int[] types, int type) {
    for (int t : types) {
      if (t == type) {
        return true;
      }
    }
    return false;
  }

  /** RFC 1034 §3.6.2 / RFC 2181 §10.1: a CNAME stands alone (DNSSEC records aside). */
  private void checkCname(int[] cnames, int[] types, int n) {
    if (cnames.length > 1) {
      problems.add(problem(cnames[1], "more than one CNAME at " + name(n) + " (RFC 2181 §10.1)"));
    }
    for (int type : types) {
      if (type != Type.CNAME && type != Type.RRSIG && type != Type.NSEC && type != RecordTypes.ALIAS) {
        problems.add(problem(cnames[0], "CNAME at " + name(n) + " beside other data (" + Type.string(type)
            + " at line " + draft.line(first(n, type)) + "); a CNAME must stand alone (RFC 1034 §3.6.2)"));
        return;
      }
    }
  }

  /**
   * A HEALTHCHECK says how to probe the name's addresses: one per name, only beside addresses, and only
   * of addresses the operator allows to be probed (else a zone could turn the server into a port scanner
   * of its own network, or of a cloud metadata service).
   */
  private void checkHealthCheck(int n) {
    int[] checks = records(n, RecordTypes.HEALTHCHECK);
    if (checks.length == 0) {
      return;
    }
    if (checks.length > 1) {
      problems.add(problem(checks[1], "more than one HEALTHCHECK at " + name(n) + " (first at line "
          + draft.line(checks[0]) + ")"));
    }
    if (!hasType(n, Type.A) && !hasType(n, Type.AAAA)) {
      problems.add(problem(checks[0], "HEALTHCHECK at " + name(n) + ", which has no A or AAAA records to check"));
    }
    for (int type : new int[] {Type.A, Type.AAAA}) {
      for (int r : records(n, type)) {
        String refusal = probeTargets.refusal(addressOf(r));
        if (refusal != null) {
          problems.add(problem(checks[0], "HEALTHCHECK at " + name(n) + ": " + refusal));
        }
      }
    }
  }

  /**
   * A name that ends in the origin twice ({@code www.example.com.example.com.}) was almost surely
   * written without its trailing dot, so the origin was appended to a name that already had it.
   * Checked on the wire bytes: no name is made unless one is to be reported.
   */
  private void warnDoubledOrigin() {
    if (origin.equals(Name.root)) {
      return;
    }
    byte[] doubled = Arrays.copyOf(originWire, originWire.length * 2 - 1);
    System.arraycopy(originWire, 0, doubled, originWire.length - 1, originWire.length);
    byte[] names = this.names.arena();
    byte[] data = draft.rdataArena();
    int lastOwner = -1;
    boolean ownerDoubled = false;
    for (int r = 0; r < draft.size(); r++) {
      int n = draft.owner(r);
      if (n != lastOwner) { // a file writes an owner's records together, mostly: one look per run of them
        ownerDoubled = NameTable.endsWith(names, this.names.start(n), this.names.start(n) + this.names.length(n),
            doubled);
        lastOwner = n;
      }
      int skip = nameOffsetInData(draft.type(r));
      int start = draft.dataStart(r) + skip;
      boolean dataDoubled = skip >= 0 && !ownerDoubled
          && NameTable.endsWith(data, start, nameEnd(data, start, draft.dataStart(r) + draft.dataLength(r)), doubled);
      if (ownerDoubled || dataDoubled) {
        Name name = ownerDoubled ? draft.name(n) : draft.nameInData(r, skip);
        String meant = name.toString().substring(0, name.toString().length() - origin.toString().length());
        warnings.add(warning(r, (ownerDoubled ? "owner " : Type.string(draft.type(r)) + " target ") + name
            + " repeats the origin: did you mean " + meant + "? A name without a trailing dot is relative to $ORIGIN"));
      }
    }
  }

  /** Where the domain name starts in the RDATA of {@code type}, or -1 for types without one. */
  private static int nameOffsetInData(int type) {
    if (type == Type.CNAME || type == Type.DNAME || type == Type.NS || type == Type.PTR) {
      return 0;
    } else if (type == Type.MX) {
      return 2;
    } else if (type == Type.SRV) {
      return 6;
    } else if (type == RecordTypes.ALIAS) {
      return 1; // after the weight
    }
    return -1;
  }

  /**
   * Warns, as BIND and Knot do, about in-zone name servers without an address in the zone: glue
   * missing under a delegation, or an apex name server with no A, AAAA or ALIAS. Resolvers cannot
   * reach such a server through this zone.
   */
  private void checkNameServerAddresses() {
    byte[] data = draft.rdataArena();
    for (int n = 0; n < names.size(); n++) {
      if (outside[n] || occluded[n]) {
        continue;
      }
      for (int r : records(n, Type.NS)) {
        int start = draft.dataStart(r);
        int end = nameEnd(data, start, start + draft.dataLength(r));
        if (!NameTable.endsWith(data, start, end, originWire)) {
          continue;
        }
        int target = names.find(data, start, end - start);
        boolean glue = enclosingCut(data, start, end, true) >= 0;
        boolean hasAddress = target >= 0 && (hasType(target, Type.A) || hasType(target, Type.AAAA)
            || !glue && hasType(target, RecordTypes.ALIAS));
        if (!hasAddress) {
          warnings.add(warning(r, "name server " + draft.nameInData(r, 0) + " of " + name(n) + " has no "
              + (glue ? "glue (A or AAAA record) below the delegation" : "A, AAAA or ALIAS record in the zone")
              + ": resolvers cannot reach it through this zone"));
        }
      }
    }
  }

  // ---- RRsets

  /** The RRsets of every owner, configuration records (ALIAS, HEALTHCHECK) left out, by node. */
  private SetTable makeSets() {
    SetTable table = new SetTable(names.size(), draft.size());
    for (int n = 0; n < names.size(); n++) {
      table.startNode(n);
      if (outside[n]) {
        continue;
      }
      // Addresses below a cut are glue: served in referrals as written, never health-checked.
      int check = occluded[n] ? -1 : first(n, RecordTypes.HEALTHCHECK);
      for (int type : types(n)) {
        if (RecordTypes.isConfiguration(type)) {
          continue;
        }
        int[] records = records(n, type);
        // An RRset that cannot be encoded is reported and left out, so the other checks still run.
        if (encodable(n, type, records)) {
          addSet(table, n, type, distinct(records), check);
        }
      }
    }
    table.finish();
    return table;
  }

  /**
   * RFC 1035 §3.2.1: RDLENGTH is 16 bits; §4.2.2: a message over TCP is at most 65535 octets. A
   * record or RRset that cannot be encoded is a load error here, not a SERVFAIL or a truncated TCP
   * answer at query time.
   */
  private boolean encodable(int n, int type, int[] records) {
    // Header and the longest question leave this much room for one RRset.
    final int room = 65535 - 12 - 255 - 4;
    long total = 0;
    for (int r : records) {
      int rdata = draft.dataLength(r);
      if (rdata > 65535) {
        problems.add(problem(r, Type.string(type) + " record at " + name(n) + " has " + rdata + " bytes of data; a"
            + " record holds at most 65535 (RFC 1035 §3.2.1)"));
        return false;
      }
      total += names.length(n) + 10 + rdata;
    }
    if (total > room) {
      problems.add(problem(records[0], "the " + Type.string(type) + " records at " + name(n) + " take " + total
          + " bytes; no DNS message can hold more than " + room + " of them (RFC 1035 §4.2.2)"));
      return false;
    }
    return true;
  }

  /**
   * The records without duplicates (RFC 2181 §5: an RRset is a set), by their RDATA bytes; a hash
   * set for big RRsets, so 100,000 records never cost 10^10 comparisons.
   */
  private int[] distinct(int[] records) {
    if (records.length == 1) {
      return records;
    }
    if (records.length <= 16) {
      int[] out = new int[records.length];
      int count = 0;
      for (int r : records) {
        boolean dup = false;
        for (int k = 0; k < count && !dup; k++) {
          dup = draft.sameData(out[k], r);
        }
        if (!dup) {
          out[count++] = r;
        }
      }
      return Arrays.copyOf(out, count);
    }
    Set<DataKey> seen = new HashSet<>(records.length * 2);
    int[] out = new int[records.length];
    int count = 0;
    for (int r : records) {
      if (seen.add(new DataKey(draft, r))) {
        out[count++] = r;
      }
    }
    return Arrays.copyOf(out, count);
  }

  /** A record's RDATA as a hash key. */
  private static final class DataKey {
    private final ZoneDraft draft;
    private final int record;
    private final int hash;

    DataKey(ZoneDraft draft, int record) {
      this.draft = draft;
      this.record = record;
      byte[] data = draft.rdataArena();
      int h = 1;
      for (int i = draft.dataStart(record); i < draft.dataStart(record) + draft.dataLength(record); i++) {
        h = 31 * h + data[i];
      }
      this.hash = h;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof DataKey k && draft.sameData(k.record, record);
    }
  }

  /**
   * One RRset: its records with TTLs made equal to the lowest, as RFC 2181 §5.2 tells a receiver of a
   * mixed-TTL set to treat it, and the health key of each address when the owner has a HEALTHCHECK.
   */
  private void addSet(SetTable table, int n, int type, int[] records, int check) {
    long ttl = Long.MAX_VALUE;
    for (int r : records) {
      ttl = Math.min(ttl, draft.ttl(r));
    }
    int[] keys = null;
    if (check >= 0 && (type == Type.A || type == Type.AAAA)) {
      var spec = ((HealthCheckRecord) draft.record(check)).spec();
      Name owner = name(n);
      keys = new int[records.length];
      for (int i = 0; i < keys.length; i++) {
        InetAddress address = addressOf(records[i]);
        keys[i] = healthKeys.keyOf(owner, address);
        checks.add(new CheckedAddress(keys[i], owner.canonicalize(), address, spec));
      }
    }
    table.add(type, ttl, records, keys);
  }

  private InetAddress addressOf(int r) {
    try {
      return InetAddress.getByAddress(Arrays.copyOfRange(draft.rdataArena(), draft.dataStart(r),
          draft.dataStart(r) + draft.dataLength(r)));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("the reader wrote an address of a wrong length", e);
    }
  }

  // ---- weighted aliases

  /**
   * The weighted names by node, from the records of the names the trees involve only: the ALIAS
   * owners and their targets, numbered in that order. Only their ALIAS records become dnsjava records.
   */
  private Map<Integer, WeightedName[]> aliasTrees(SetTable sets) {
    int[] aliasNodes = nodesWith(RecordTypes.ALIAS);
    if (aliasNodes.length == 0) {
      return Map.of();
    }
    int[] index = new int[names.size()];
    Arrays.fill(index, -1);
    int[] involved = Arrays.copyOf(aliasNodes, aliasNodes.length * 2);
    int count = 0;
    for (int n : aliasNodes) {
      index[n] = count++;
    }
    byte[] data = draft.rdataArena();
    // Each ALIAS record's target node, in the order the owners' nodes below read them again.
    int[] targets = new int[16];
    int aliasRecords = 0;
    for (int n : aliasNodes) {
      for (int r : records(n, RecordTypes.ALIAS)) {
        int target = aliasTarget(data, r);
        if (aliasRecords == targets.length) {
          targets = Arrays.copyOf(targets, aliasRecords * 2);
        }
        targets[aliasRecords++] = target;
        if (target >= 0 && !outside[target] && index[target] < 0) {
          if (count == involved.length) {
            involved = Arrays.copyOf(involved, count * 2);
          }
          index[target] = count;
          involved[count++] = target;
        }
      }
    }
    List<AliasNode> nodes = new ArrayList<>(count);
    // The owners come first, in the order of the loop above; the targets added after them have no ALIAS
    // records (a target inside the zone that has some is an owner already).
    int read = 0;
    for (int i = 0; i < count; i++) {
      AliasNode node = aliasNode(involved[i], index, sets, targets, read);
      nodes.add(node);
      read += node.aliases().size(); // one per ALIAS record
    }
    assert read == aliasRecords : read + " targets read of " + aliasRecords;
    WeightedName[][] built = new AliasTreeBuilder(origin, nodes, problems).build();
    Map<Integer, WeightedName[]> byNode = new HashMap<>();
    for (int i = 0; i < count; i++) {
      if (built[i] != null) {
        byNode.put(involved[i], built[i]);
      }
    }
    return byNode;
  }

  /**
   * Node {@code n} as the alias trees read it; {@code index} numbers the names they involve, and its ALIAS
   * records' targets are {@code targets[from...]}, in record order.
   */
  private AliasNode aliasNode(int n, int[] index, SetTable sets, int[] targets, int from) {
    byte[] data = draft.rdataArena();
    int[] records = records(n, RecordTypes.ALIAS);
    // A target is named as its aliases spell it: only an owner's name is made (20,000 targets made as
    // many dnsjava names, and took the name's constructor to C2 during the start).
    Name owner = records.length > 0 ? name(n) : null;
    List<AliasNode.Alias> aliases = new ArrayList<>(records.length);
    for (int k = 0; k < records.length; k++) {
      int r = records[k];
      int target = targets[from + k];
      int start = draft.dataStart(r) + 1; // after the weight
      int cutNode = enclosingCut(data, start, nameEnd(data, start, draft.dataStart(r) + draft.dataLength(r)), true);
      aliases.add(new AliasNode.Alias(draft.sourced(r, owner), target >= 0 && !outside[target] ? index[target] : -1,
          cutNode >= 0 ? name(cutNode) : null));
    }
    List<TargetSet> addresses = new ArrayList<>(2);
    for (int set = sets.first(n); set < sets.end(n); set++) {
      if (sets.type(set) == Type.A || sets.type(set) == Type.AAAA) {
        addresses.add(new TargetSet(sets.type(set), sets.ttl(set), rdata(sets, set), sets.healthKeys(set)));
      }
    }
    return AliasNode.of(owner, aliases, cut[n], occluded[n], firstLine(n, Type.A), firstLine(n, Type.AAAA),
        firstLine(n, Type.CNAME), addresses);
  }

  /** The node of ALIAS record {@code r}'s target, or -1 when the zone has no such name. */
  private int aliasTarget(byte[] data, int r) {
    int start = draft.dataStart(r) + 1; // after the weight
    return names.find(data, start, nameEnd(data, start, draft.dataStart(r) + draft.dataLength(r)) - start);
  }

  /** The line of the first record of {@code type} at node {@code n}, or -1 when it has none. */
  private int firstLine(int n, int type) {
    int r = hasType(n, type) ? first(n, type) : -1;
    return r < 0 ? -1 : draft.line(r);
  }

  // The loop over every name below is a method of its own so that the JIT compiles it alone: inside
  // aliasTrees, the compiler took the whole alias build with it, 1.8 s of CPU during the start of a
  // 1,000,000-record zone. The cuts are looked up for the names the trees ask about, not listed.

  /** The nodes inside the zone that hold records of {@code type}, in node order. */
  private int[] nodesWith(int type) {
    int[] found = new int[16];
    int count = 0;
    for (int n = 0; n < names.size(); n++) {
      if (!outside[n] && hasType(n, type)) {
        if (count == found.length) {
          found = Arrays.copyOf(found, count * 2);
        }
        found[count++] = n;
      }
    }
    return Arrays.copyOf(found, count);
  }

  /** The RDATA of each distinct record of a set, in its order. */
  private byte[][] rdata(SetTable sets, int set) {
    byte[][] out = new byte[sets.recordsEnd(set) - sets.recordsStart(set)][];
    byte[] data = draft.rdataArena();
    for (int i = 0; i < out.length; i++) {
      int r = sets.record(sets.recordsStart(set) + i);
      out[i] = Arrays.copyOfRange(data, draft.dataStart(r), draft.dataStart(r) + draft.dataLength(r));
    }
    return out;
  }

  // ---- the result

  /**
   * The zone in its compact form: every owner with its RRsets, then every empty non-terminal
   * (RFC 8020: every ancestor of a name exists), each RRset's records as wire RDATA.
   */
  private Zone layOut(SetTable sets, Map<Integer, WeightedName[]> aliasesByNode) {
    ZoneData.Builder out = new ZoneData.Builder(names); // the draft's names are the nodes: no second intern
    long rdataBytes = 0;
    for (int k = 0; k < sets.recordCount(); k++) {
      rdataBytes += draft.dataLength(sets.record(k));
    }
    if (rdataBytes < Integer.MAX_VALUE - 16) {
      out.expect(sets.size(), sets.recordCount(), (int) rdataBytes); // exact: the arrays are not copied again
    }
    Map<Integer, int[]> keysByAdded = new HashMap<>();
    byte[] arena = names.arena();
    byte[] data = draft.rdataArena();
    for (int n = 0; n < outside.length; n++) {
      if (outside[n]) {
        continue;
      }
      int node = n; // the builder shares the draft's name table: node n is name n
      if (cut[n]) {
        out.cut(node);
      }
      for (int set = sets.first(n); set < sets.end(n); set++) {
        int added = out.set(node, sets.type(set), sets.ttl(set));
        for (int k = sets.recordsStart(set); k < sets.recordsEnd(set); k++) {
          int r = sets.record(k);
          out.record(data, draft.dataStart(r), draft.dataLength(r));
        }
        int[] keys = sets.healthKeys(set);
        if (keys != null) {
          keysByAdded.put(added, keys);
        }
      }
    }
    int owners = outside.length; // empty non-terminals are added to the same table as they are found
    int lastParent = -1; // a node whose ancestors are all in the table
    for (int n = 0; n < owners; n++) {
      if (outside[n]) {
        continue;
      }
      // Every ancestor up to the apex: the label starts of the name, longest suffix last.
      int start = names.start(n);
      int end = start + names.length(n);
      int parent = start + (arena[start] & 0xFF) + 1;
      // Files keep a name's records together and put a delegation before its glue: the parent is most
      // often the owner before this one or the parent of the one before, whose ancestors are in already.
      if (end - parent <= originWire.length || isName(arena, parent, end, lastParent)) {
        continue;
      }
      if (isName(arena, parent, end, n - 1)) {
        lastParent = n - 1; // its siblings may follow
        continue;
      }
      for (int p = parent; end - p > originWire.length; p += (arena[p] & 0xFF) + 1) {
        int node = out.node(arena, p, end - p);
        if (p == parent) {
          lastParent = node;
        }
      }
    }
    ZoneData built = out.build();
    Map<Integer, int[]> keys = new HashMap<>();
    keysByAdded.forEach((added, k) -> keys.put(out.placed(added), k));
    // The builder shares the draft's name table: node n is name n, and the weighted names keep their keys.
    return new Zone(origin, file, built, draft.size(), aliasesByNode, keys, checks, configurationData());
  }

  /**
   * The ALIAS and HEALTHCHECK RRsets in wire form, or null when there are none: never answered
   * (the resolver reads only the zone's served data), but carried by zone transfers as they are.
   */
  private ZoneData configurationData() {
    ZoneData.Builder out = null;
    byte[] data = draft.rdataArena();
    // Only the owners the file wrote: the empty non-terminals added to the table since hold no records.
    for (int n = 0; n < outside.length; n++) {
      if (outside[n] || (typeMask[n] & OTHER_TYPES) == 0) { // ALIAS and HEALTHCHECK are other types
        continue;
      }
      for (int type : types(n)) {
        if (!RecordTypes.isConfiguration(type)) {
          continue;
        }
        int[] records = distinct(records(n, type));
        long ttl = Long.MAX_VALUE;
        for (int r : records) {
          ttl = Math.min(ttl, draft.ttl(r));
        }
        out = out == null ? new ZoneData.Builder() : out;
        out.set(out.node(names.arena(), names.start(n), names.length(n)), type, ttl);
        for (int r : records) {
          out.record(data, draft.dataStart(r), draft.dataLength(r));
        }
      }
    }
    return out == null ? null : out.build();
  }

  // ---- names

  private Name name(int n) {
    return draft.name(n);
  }

  /** True when {@code bytes[start, end)} is node {@code n}'s name, byte for byte (a node below -1 is none). */
  private boolean isName(byte[] bytes, int start, int end, int n) {
    if (n < 0) {
      return false;
    }
    int from = names.start(n);
    return names.length(n) == end - start && Arrays.equals(bytes, start, end, names.arena(), from, from + end - start);
  }

  /** True when node {@code n}'s name is {@code suffix} or below it. */
  private boolean isAtOrBelow(int n, byte[] suffix) {
    int start = names.start(n);
    return NameTable.endsWith(names.arena(), start, start + names.length(n), suffix);
  }

  /**
   * The nearest cut strictly above node {@code n} (below the apex), or -1: the suffixes of its name
   * are looked up in the name table, nearest first.
   */
  private int enclosingCut(int n, boolean inclusive) {
    int start = names.start(n);
    return enclosingCut(names.arena(), start, start + names.length(n), inclusive);
  }

  /** As {@link #enclosingCut(int, boolean)}, for a wire name in {@code bytes[start, end)}. */
  private int enclosingCut(byte[] bytes, int start, int end, boolean inclusive) {
    if (!anyCut) {
      return -1;
    }
    int p = inclusive ? start : start + (bytes[start] & 0xFF) + 1;
    for (; end - p > originWire.length; p += (bytes[p] & 0xFF) + 1) {
      int n = names.find(bytes, p, end - p);
      if (n >= 0 && cut[n]) {
        return n;
      }
    }
    return -1;
  }

  /** The nearest DNAME owner strictly above node {@code n} (the apex included), or -1. */
  private int enclosingDname(int n) {
    if (!anyDname) {
      return -1;
    }
    byte[] bytes = names.arena();
    int start = names.start(n);
    int end = start + names.length(n);
    if (end - start <= originWire.length) {
      return -1;
    }
    for (int p = start + (bytes[start] & 0xFF) + 1; end - p >= originWire.length; p += (bytes[p] & 0xFF) + 1) {
      int a = names.find(bytes, p, end - p);
      if (a >= 0 && hasDname[a]) {
        return a;
      }
    }
    return -1;
  }

  /** The nearest cut strictly above {@code name} (or at it, when {@code inclusive}), or null. */
  static Name enclosingCut(Name name, Name origin, Function<Name, Name> cutAt, boolean inclusive) {
    int depth = name.labels() - origin.labels();
    for (int strip = inclusive ? 0 : 1; strip < depth; strip++) {
      Name cut = cutAt.apply(new Name(name, strip));
      if (cut != null) {
        return cut;
      }
    }
    return null;
  }

  /** The end of the uncompressed wire name starting at {@code start}, at most {@code limit}. */
  private static int nameEnd(byte[] bytes, int start, int limit) {
    int p = start;
    while (p < limit && bytes[p] != 0) {
      p += (bytes[p] & 0xFF) + 1;
    }
    return Math.min(p + 1, limit);
  }

  private ZoneProblem problem(int r, String message) {
    return new ZoneProblem(draft.file(r), draft.line(r), message);
  }

  private ZoneProblem warning(int r, String message) {
    return ZoneProblem.warning(draft.file(r), draft.line(r), message);
  }
}
