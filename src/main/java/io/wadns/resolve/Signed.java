package io.wadns.resolve;

import io.wadns.health.HealthView;
import io.wadns.weighted.AddressGroup;
import io.wadns.weighted.Randomness;
import io.wadns.weighted.WeightedName;
import io.wadns.zone.RecordSet;
import io.wadns.zone.ZoneSignatures;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** How answers carry what signing made: RRSIGs after their RRset, renamed for wildcard synthesis. */
final class Signed {
  private Signed() {}

  /** The apex types a signed zone makes itself, in the order ANY lists them. */
  static final int[] APEX_TYPES = {Type.DNSKEY, Type.CDS, Type.CDNSKEY, Type.NSEC3PARAM};

  /**
   * Appends {@code rrsigs} to {@code section}, owned by {@code owner} when the RRset was synthesized
   * from a wildcard (RFC 4035 §3.1.3.3: the RRSIG keeps the wildcard's label count, so a validator
   * rebuilds the wildcard owner), else as they are.
   */
  static void add(List<Record> section, List<Record> rrsigs, Name owner) {
    for (int i = 0, n = rrsigs.size(); i < n; i++) {
      Record sig = rrsigs.get(i);
      section.add(owner == null ? sig : sig.withName(owner));
    }
  }

  /**
   * Appends one answer of {@code group} for {@code weighted}, owned by {@code as}; with {@code sigs} (DO,
   * a signed zone), with its RRSIGs: the records health and {@code max=} choose when that part was signed
   * ahead, else the whole group (whose signature was made with the version, so the answer validates while
   * the part is being signed).
   *
   * @param rename the query name for wildcard synthesis (RRSIGs are renamed to it), else null
   */
  static void addGroup(List<Record> out, WeightedName weighted, AddressGroup group, Randomness random, Name as,
      Name rename, HealthView view, ZoneSignatures sigs) {
    if (sigs == null) {
      group.addTo(out, random, as, view);
      return;
    }
    int[] served = group.servedIndices(random, view);
    List<Record> rrsigs = null;
    if (served.length < group.size()) {
      int[] sorted = served.clone();
      Arrays.sort(sorted);
      rrsigs = sigs.ofGroupPart(weighted, group, sorted);
    }
    if (rrsigs == null) {
      if (served.length < group.size()) {
        served = group.wholeRotation(random);
      }
      rrsigs = sigs.ofGroup(weighted, group);
    }
    group.addIndices(out, served, as);
    add(out, rrsigs, rename);
  }

  /**
   * Appends {@code set} as health serves it, owned by {@code owner} (or its own owner when null), with
   * its RRSIGs when {@code sigs} is not null: the part health serves when it was signed ahead, else the
   * whole set with the version's signature, which validates.
   */
  static void addSet(List<Record> out, RecordSet set, Name owner, HealthView view, ZoneSignatures sigs) {
    if (sigs == null) {
      set.addTo(out, owner, view);
      return;
    }
    int[] part = set.servedPart(view);
    List<Record> rrsigs = part == null ? sigs.ofSet(set.index()) : sigs.ofSetPart(set.index(), part);
    if (rrsigs == null) {
      // Not signed ahead (a version published as health changed): the whole set, which validates.
      set.addTo(out, owner, HealthView.ALL_UP);
      rrsigs = sigs.ofSet(set.index());
    } else {
      set.addTo(out, owner, view);
    }
    add(out, rrsigs, owner);
  }

  /** Appends the apex set of {@code type} that signing made, with its RRSIGs when {@code sigs} is not null. */
  static void addApexSet(List<Record> out, ZoneSignatures signed, ZoneSignatures sigs, int type) {
    out.addAll(signed.apexSet(type));
    if (sigs != null) {
      out.addAll(sigs.ofApexSet(type));
    }
  }

  /**
   * Types a signed zone answers from its keys and chain, never from the zone file: a file's DNSKEY,
   * RRSIG, NSEC, NSEC3 or NSEC3PARAM would contradict what signing made.
   */
  static boolean madeBySigning(int type) {
    return type == Type.DNSKEY || type == Type.CDS || type == Type.CDNSKEY || type == Type.RRSIG
        || type == Type.NSEC || type == Type.NSEC3 || type == Type.NSEC3PARAM;
  }
}
