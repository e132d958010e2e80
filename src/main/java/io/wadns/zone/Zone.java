package io.wadns.zone;

import io.wadns.health.CheckedAddress;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;

/**
 * One loaded, validated zone. Immutable: the query path reads it from any thread without locks, and
 * a reload replaces it whole.
 */
public final class Zone {
  private final Name origin;
  private final String file;
  private final Node apex;
  private final Map<Name, Node> nodes;
  private final Record negativeSoa;
  private final int recordCount;
  private final java.util.List<Node> aliasOwners;
  private final java.util.List<CheckedAddress> healthChecks;

  /**
   * @param nodes every name of the zone, the apex (with its SOA) included
   * @param recordCount records as written in the zone file, for logs and metrics
   * @param healthChecks the addresses its HEALTHCHECK records ask to be probed
   */
  public Zone(Name origin, String file, Map<Name, Node> nodes, int recordCount,
      java.util.List<CheckedAddress> healthChecks) {
    this.healthChecks = java.util.List.copyOf(healthChecks);
    this.origin = origin;
    this.file = file;
    this.nodes = Map.copyOf(nodes);
    this.apex = this.nodes.get(origin);
    this.recordCount = recordCount;
    this.aliasOwners = this.nodes.values().stream().filter(Node::hasAlias)
        .sorted(java.util.Comparator.comparing(Node::name)).toList();
    SOARecord soa = (SOARecord) apex.get(org.xbill.DNS.Type.SOA).first();
    // RFC 2308 §3: the SOA in a negative answer has TTL min(SOA TTL, SOA MINIMUM).
    long negativeTtl = Math.min(soa.getTTL(), soa.getMinimum());
    this.negativeSoa = new SOARecord(origin, soa.getDClass(), negativeTtl, soa.getHost(), soa.getAdmin(),
        soa.getSerial(), soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum());
  }

  public Name origin() {
    return origin;
  }

  /** The file the zone was loaded from, for logs and error messages. */
  public String file() {
    return file;
  }

  public Node apex() {
    return apex;
  }

  public long serial() {
    return ((SOARecord) negativeSoa).getSerial();
  }

  /** Records as written in the zone file, configuration records included. */
  public int recordCount() {
    return recordCount;
  }

  /** The SOA to put in the authority section of NXDOMAIN and NODATA answers (RFC 2308 §3). */
  public Record negativeSoa() {
    return negativeSoa;
  }

  /** Every name of the zone, empty non-terminals and names below cuts included. */
  public java.util.Set<Name> names() {
    return nodes.keySet();
  }

  /** Every address a HEALTHCHECK of this zone asks to be probed: configuration, not state. */
  public java.util.List<CheckedAddress> healthChecks() {
    return healthChecks;
  }

  /** The names that have weighted aliases, in canonical order (for metrics of the weighted split). */
  public java.util.List<Node> aliasOwners() {
    return aliasOwners;
  }

  /** The node at exactly {@code name}, ignoring zone cuts (glue below a cut is found too), or null. */
  public Node node(Name name) {
    return nodes.get(name);
  }

  /**
   * Finds where {@code qname} (at or below the origin) lands: RFC 1034 §4.3.2 step 3, walking down
   * from the apex one label at a time so cuts and DNAMEs above the name are seen first.
   */
  public NameLookup lookup(Name qname) {
    int depth = qname.labels() - origin.labels();
    Node encloser = apex;
    for (int strip = depth - 1; strip >= 0; strip--) {
      if (encloser.dname() != null) {
        // RFC 6672 §2.3: a DNAME redirects every name below its owner.
        return new NameLookup.Dname(encloser);
      }
      Name candidate = strip == 0 ? qname : new Name(qname, strip);
      Node node = nodes.get(candidate);
      if (node == null) {
        // RFC 4592 §3.3.1: the closest encloser's wildcard child is the source of synthesis.
        Node wildcard = encloser.wildcard();
        return wildcard != null ? new NameLookup.Wildcard(wildcard) : NameLookup.NAME_ERROR;
      }
      if (node.isCut()) {
        return new NameLookup.Cut(node, strip == 0);
      }
      encloser = node;
    }
    return new NameLookup.Exact(encloser);
  }
}
