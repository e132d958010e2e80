package io.wadns.secondary;

import io.wadns.zone.Node;
import io.wadns.zone.RecordSet;
import io.wadns.zone.Zone;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The member zones a catalog zone lists (RFC 9432, schema version 2): one {@code <id>.zones.<catalog>
 * PTR <member>} each (§4.2). A catalog whose {@code version.<catalog> TXT} is not "2" is not interpreted
 * at all (§4.2.1), nor is one where a member ID or a {@code coo} property has more than one PTR record:
 * such a catalog is broken and MUST NOT be processed (§4.2, §4.4.1), so the members of the version before
 * stay as they are. Other properties ({@code group}) are not acted on. At most {@link #MAX_MEMBERS}
 * members.
 *
 * @param memberIds the member zones, in the catalog's order, each with its member ID (the owner of its
 *     PTR): a new ID for the same zone asks for the zone to be reset (§5.5); empty with a problem
 * @param problems what was left out, or why the catalog is not interpreted
 */
record CatalogMembers(Map<Name, Name> memberIds, List<String> problems, boolean usable) {
  /**
   * Members one catalog may list: each becomes a zone with its own checks, transfers, store file and
   * metric series (a dozen), so what a catalog's primary can make us do is bounded too.
   */
  static final int MAX_MEMBERS = 10_000;
  /** Problems told per catalog version; the rest are counted in one more line. */
  static final int MAX_PROBLEMS = 20;

  /** The member zones, in the catalog's order. */
  Set<Name> members() {
    return memberIds.keySet();
  }

  static CatalogMembers of(Zone catalog) {
    Name origin = catalog.origin();
    List<String> problems = new ArrayList<>();
    Node version = catalog.node(child("version", origin));
    RecordSet txt = version == null ? null : version.get(Type.TXT);
    if (txt == null || txt.size() != 1 || !((TXTRecord) txt.first()).getStrings().equals(List.of("2"))) {
      problems.add("catalog zone " + origin + " has no version TXT \"2\" (RFC 9432 §4.2.1): not interpreted");
      return new CatalogMembers(Map.of(), problems, false);
    }
    Name zones = child("zones", origin);
    Map<Name, Name> members = new LinkedHashMap<>();
    int untold = 0;
    for (Name name : catalog.names()) {
      if (problems.size() > MAX_PROBLEMS) {
        problems.remove(MAX_PROBLEMS);
        untold++;
      }
      boolean id = name.labels() == zones.labels() + 1 && name.subdomain(zones);
      boolean coo = name.labels() == zones.labels() + 2 && name.subdomain(zones) && name.getLabelString(0)
          .equalsIgnoreCase("coo");
      if (!id && !coo) {
        continue;
      }
      RecordSet ptr = catalog.node(name).get(Type.PTR);
      if (ptr == null) {
        continue;
      }
      if (ptr.size() != 1) {
        return new CatalogMembers(Map.of(), List.of("catalog zone " + origin + " is broken: " + name + " has "
            + ptr.size() + " PTR records where RFC 9432 §4.2 allows one; not processed, the members of the version"
            + " before are kept"), false);
      }
      if (coo) {
        continue; // a change of ownership is not acted on (§5.6): the zone is followed as listed
      }
      Name member = ((PTRRecord) ptr.first()).getTarget();
      if (members.size() >= MAX_MEMBERS) {
        problems.add("catalog " + origin + " lists more than " + MAX_MEMBERS + " members: the rest left out");
        break;
      }
      if (member.equals(origin)) {
        problems.add("catalog " + origin + " lists itself as a member: left out");
      } else if (members.putIfAbsent(member, name) != null) {
        problems.add("catalog " + origin + " lists " + member + " twice: followed once");
      }
    }
    if (problems.size() > MAX_PROBLEMS) {
      problems.remove(MAX_PROBLEMS);
      untold++;
    }
    if (untold > 0) {
      problems.add("catalog " + origin + ": " + untold + " more members left out or listed twice");
    }
    return new CatalogMembers(members, problems, true);
  }

  private static Name child(String label, Name origin) {
    try {
      return Name.concatenate(Name.fromConstantString(label), origin);
    } catch (org.xbill.DNS.NameTooLongException e) {
      return origin; // a catalog name too long for its properties has none
    }
  }
}
