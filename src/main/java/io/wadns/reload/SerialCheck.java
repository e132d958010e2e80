package io.wadns.reload;

import io.wadns.health.CheckedAddress;
import io.wadns.weighted.AliasChoice;
import io.wadns.zone.Node;
import io.wadns.zone.RecordSet;
import io.wadns.zone.Zone;
import io.wadns.zonefile.ZoneLoader.FileLoad;
import io.wadns.zonefile.ZoneProblem;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Warns when a reloaded zone changed but its SOA serial did not increase (RFC 1982 arithmetic):
 * secondaries compare serials to decide whether to transfer, so they would keep the old data, as
 * BIND and Knot warn too. The contents are compared only in that case, off the query path.
 */
final class SerialCheck {
  private SerialCheck() {}

  /** The warning for {@code now} replacing {@code before}, or null when there is nothing to say. */
  static ZoneProblem unchangedSerial(FileLoad before, FileLoad now) {
    Zone old = before.zone();
    Zone zone = now.zone();
    if (!old.origin().equals(zone.origin())) {
      return null;
    }
    long diff = (zone.serial() - old.serial()) & 0xFFFFFFFFL;
    if (diff != 0 && diff < 0x80000000L) {
      return null; // RFC 1982 §3.2: a greater serial
    }
    if (diff == 0 && digest(old) == digest(zone)) {
      return null; // only comments or layout changed
    }
    String what = diff == 0 ? "did not change" : "went backwards from " + old.serial();
    return ZoneProblem.warning(now.file().toString(), now.soaLine(), "zone " + zone.origin() + " changed but its SOA"
        + " serial " + zone.serial() + " " + what + ": secondaries will keep the old data until it increases"
        + " (RFC 1982)");
  }

  /**
   * An order-independent digest of what the zone serves and how: every record, every weighted alias
   * and every health check. Equal zones have equal digests; a collision only hides a warning.
   */
  static long digest(Zone served) {
    // The zone as read, signed or not: the records of an NSEC3 chain its file holds count too, though a
    // zone served signed hides their owners from lookups
    Zone zone = served.unsigned();
    long sum = 0;
    Set<AliasChoice> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    // Shared sub-trees are counted once: their aliases belong to the names that own them.
    for (Name name : zone.names()) {
      Node node = zone.node(name);
      for (int i = 0; i < node.setCount(); i++) {
        RecordSet set = node.set(i);
        for (int r = 0; r < set.size(); r++) {
          sum += mix(record(set.get(r)));
        }
      }
      for (int type : new int[] {Type.A, Type.AAAA}) {
        AliasChoice choice = node.alias(type) == null ? null : node.alias(type).root();
        if (choice != null && seen.add(choice)) {
          for (int i = 0; i < choice.size(); i++) {
            sum += mix(record(choice.alias(i)) * 31 + type);
          }
        }
      }
    }
    for (CheckedAddress c : zone.healthChecks()) {
      sum += mix(c.group().hashCode() * 31L + c.address().hashCode() * 17L + c.spec().hashCode());
    }
    return sum;
  }

  private static long record(Record r) {
    long h = r.getName().hashCode();
    h = h * 31 + r.getType();
    h = h * 31 + r.getTTL();
    return h * 31 + java.util.Arrays.hashCode(r.rdataToWireCanonical());
  }

  /** A 64-bit finalizer (MurmurHash3 fmix64), so the sum of many hashes stays well spread. */
  private static long mix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    return k ^ (k >>> 33);
  }
}
