package io.wadns.zone;

import io.wadns.health.CheckedAddress;
import io.wadns.weighted.WeightedName;
import io.wadns.wire.Wire;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * One loaded, validated zone: its {@link ZoneData} (every record, in flat arrays), the weighted
 * aliases and health checks built from its configuration records, and what answers need
 * precomputed (the serial, and the TTL of negative answers' SOA). Immutable: the query path reads it
 * from any thread without locks, and a reload replaces it whole. {@link Node} and {@link RecordSet} are views made
 * on demand.
 */
public final class Zone {
  private final Name origin;
  private final String file;
  private final ZoneData data;
  private final int apex;
  /** The apex SOA's serial, read off its RDATA. */
  private final long serial;
  /** The TTL of the SOA in negative answers: min(SOA TTL, SOA MINIMUM) (RFC 2308 §3). */
  private final long negativeTtl;
  /**
   * The SOA of negative answers, made when first asked for: a start of 10,000 zones made 40,000 dnsjava
   * names for it, and most of those zones answer no negative query for a while. Every thread that makes
   * it makes an equal record, so a race only makes it twice.
   */
  private volatile Record negativeSoa;
  private final int recordCount;
  private final Map<Integer, WeightedName[]> aliases;
  private final Map<Integer, int[]> healthKeys;
  private final List<CheckedAddress> healthChecks;
  /** ALIAS and HEALTHCHECK RRsets, never answered, carried by zone transfers; null when there are none. */
  private final ZoneData configuration;
  /** The signatures and denial chain of this version when the zone is served signed; null when it is not. */
  private final ZoneSignatures signatures;
  /**
   * Nodes that are no names of the zone when it is served signed: the owners of an NSEC3 chain its file
   * brought ({@link ZoneData#nsec3Owners}); null when there are none or the zone is served unsigned.
   */
  private final java.util.BitSet hidden;

  /**
   * @param data every name and RRset of the zone, the apex (with its SOA) included
   * @param recordCount records as written in the zone file, for logs and metrics
   * @param aliases the weighted names (A, then AAAA; either may be null) of each node with ALIAS records
   * @param healthKeys the health key of each address of each checked RRset, by RRset index
   * @param healthChecks the addresses its HEALTHCHECK records ask to be probed
   */
  public Zone(Name origin, String file, ZoneData data, int recordCount, Map<Integer, WeightedName[]> aliases,
      Map<Integer, int[]> healthKeys, List<CheckedAddress> healthChecks) {
    this(origin, file, data, recordCount, aliases, healthKeys, healthChecks, null);
  }

  /**
   * As above, with the zone's configuration records (ALIAS, HEALTHCHECK) in wire form, which are
   * never answered but travel with the zone in transfers; null when it has none.
   */
  public Zone(Name origin, String file, ZoneData data, int recordCount, Map<Integer, WeightedName[]> aliases,
      Map<Integer, int[]> healthKeys, List<CheckedAddress> healthChecks, ZoneData configuration) {
    this.configuration = configuration;
    this.signatures = null;
    this.hidden = null;
    this.origin = origin;
    this.file = file;
    this.data = data;
    this.recordCount = recordCount;
    this.aliases = Map.copyOf(aliases);
    this.healthKeys = Map.copyOf(healthKeys);
    this.healthChecks = List.copyOf(healthChecks);
    byte[] wire = origin.toWireCanonical();
    this.apex = data.names.find(wire, 0, wire.length);
    int soa = data.set(apex, Type.SOA);
    if (soa < 0) {
      throw new IllegalStateException("zone " + origin + " has no SOA at its apex");
    }
    // RFC 1035 §3.3.13: SERIAL, REFRESH, RETRY, EXPIRE and MINIMUM, 32 bits each, end the SOA's RDATA.
    int end = data.recordData[data.setRecords[soa] + 1];
    this.serial = Wire.u32(data.rdata, end - 20);
    // RFC 2308 §3: the SOA in a negative answer has TTL min(SOA TTL, SOA MINIMUM).
    this.negativeTtl = Math.min(data.setTtl[soa], Wire.u32(data.rdata, end - 4));
  }

  /** This version with {@code signatures}: everything else shared, nothing copied. */
  private Zone(Zone unsigned, ZoneSignatures signatures) {
    this.origin = unsigned.origin;
    this.file = unsigned.file;
    this.data = unsigned.data;
    this.apex = unsigned.apex;
    this.serial = unsigned.serial;
    this.negativeTtl = unsigned.negativeTtl;
    this.negativeSoa = unsigned.negativeSoa;
    this.recordCount = unsigned.recordCount;
    this.aliases = unsigned.aliases;
    this.healthKeys = unsigned.healthKeys;
    this.healthChecks = unsigned.healthChecks;
    this.configuration = unsigned.configuration;
    this.signatures = signatures;
    this.hidden = signatures == null ? null : data.nsec3Owners(apex);
  }

  /** The same version, served signed with {@code signatures} (made for this very version). */
  public Zone withSignatures(ZoneSignatures signatures) {
    return new Zone(this, java.util.Objects.requireNonNull(signatures));
  }

  /** The same version without signatures. */
  public Zone unsigned() {
    return signatures == null ? this : new Zone(this, null);
  }

  /** The signatures of this version, or null when the zone is served unsigned. */
  public ZoneSignatures signatures() {
    return signatures;
  }

  public Name origin() {
    return origin;
  }

  /** The file the zone was loaded from, for logs and error messages. */
  public String file() {
    return file;
  }

  public Node apex() {
    return new Node(this, apex);
  }

  public long serial() {
    return serial;
  }

  /** Records as written in the zone file, configuration records included. */
  public int recordCount() {
    return recordCount;
  }

  /** The records' arrays, for reports of memory and for zone transfer. */
  public ZoneData data() {
    return data;
  }

  /**
   * Every record in wire form, configuration records (ALIAS, HEALTHCHECK) last: what a zone
   * transfer carries. A new cursor on each call.
   */
  public ZoneRecords records() {
    return new ZoneRecords(data, configuration);
  }

  /** The ALIAS and HEALTHCHECK RRsets (never answered), or null when the zone has none. */
  public ZoneData configuration() {
    return configuration;
  }

  /** The weighted names of each node with ALIAS records (A, then AAAA; either may be null). */
  public Map<Integer, WeightedName[]> aliasesByNode() {
    return aliases;
  }

  /** The health key of each address of each checked RRset, by RRset index in {@link #data()}. */
  public Map<Integer, int[]> healthKeysBySet() {
    return healthKeys;
  }

  /** The SOA to put in the authority section of NXDOMAIN and NODATA answers (RFC 2308 §3). */
  public Record negativeSoa() {
    Record made = negativeSoa;
    if (made == null) {
      SOARecord soa = (SOARecord) apex().get(Type.SOA).first();
      made = new SOARecord(origin, soa.getDClass(), negativeTtl, soa.getHost(), soa.getAdmin(), soa.getSerial(),
          soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum());
      negativeSoa = made;
    }
    return made;
  }

  /**
   * Every name of the zone, empty non-terminals and names below cuts included (not the hashed owners a
   * zone served signed hides, as {@link #node} does); made on each call.
   */
  public Set<Name> names() {
    Set<Name> out = new LinkedHashSet<>();
    for (int n = 0; n < data.nodeCount(); n++) {
      if (!isHidden(n)) {
        out.add(nameOf(n));
      }
    }
    return out;
  }

  /** Every address a HEALTHCHECK of this zone asks to be probed: configuration, not state. */
  public List<CheckedAddress> healthChecks() {
    return healthChecks;
  }

  /** The names that have weighted aliases, in canonical order (for metrics of the weighted split). */
  public List<Node> aliasOwners() {
    List<Node> owners = new ArrayList<>();
    for (int n : aliases.keySet()) {
      owners.add(new Node(this, n));
    }
    owners.sort(Comparator.comparing(Node::name));
    return owners;
  }

  /** The node at exactly {@code name}, ignoring zone cuts (glue below a cut is found too), or null. */
  public Node node(Name name) {
    byte[] wire = name.toWire();
    int n = data.names.find(wire, 0, wire.length);
    return n < 0 || isHidden(n) ? null : new Node(this, n);
  }

  /** True when node {@code n} is no name of the zone as served (an NSEC3 owner of a signed zone). */
  private boolean isHidden(int n) {
    return hidden != null && hidden.get(n);
  }

  /**
   * Finds where {@code qname} (at or below the origin) lands: RFC 1034 §4.3.2 step 3, walking down
   * from the apex one label at a time so cuts and DNAMEs above the name are seen first.
   */
  public NameLookup lookup(Name qname) {
    byte[] wire = qname.toWire();
    int depth = qname.labels() - origin.labels();
    int[] labelStarts = new int[depth];
    for (int i = 0, p = 0; i < depth; i++) {
      labelStarts[i] = p;
      p += (wire[p] & 0xFF) + 1;
    }
    int encloser = apex;
    for (int strip = depth - 1; strip >= 0; strip--) {
      if (data.set(encloser, Type.DNAME) >= 0) {
        // RFC 6672 §2.3: a DNAME redirects every name below its owner.
        return new NameLookup.Dname(new Node(this, encloser));
      }
      int start = labelStarts[strip];
      int n = data.names.find(wire, start, wire.length - start);
      if (n < 0 || isHidden(n)) {
        // RFC 4592 §3.3.1: the closest encloser's wildcard child is the source of synthesis.
        int wildcard = data.nodeWildcard[encloser];
        return wildcard >= 0 ? new NameLookup.Wildcard(new Node(this, wildcard)) : NameLookup.NAME_ERROR;
      }
      if ((data.nodeFlags[n] & ZoneData.CUT) != 0) {
        return new NameLookup.Cut(new Node(this, n), strip == 0);
      }
      encloser = n;
    }
    return new NameLookup.Exact(new Node(this, encloser));
  }

  // ---- for the views

  Name nameOf(int node) {
    return data.name(node);
  }

  WeightedName[] aliases(int node) {
    return aliases.get(node);
  }

  int[] healthKeys(int set) {
    return healthKeys.get(set);
  }
}
