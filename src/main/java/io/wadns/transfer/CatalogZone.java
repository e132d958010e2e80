package io.wadns.transfer;

import io.wadns.health.HealthKeys;
import io.wadns.zone.Zone;
import io.wadns.zonefile.ZoneLoader;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import org.xbill.DNS.Name;

/**
 * The catalog zone of the primary zones (RFC 9432, schema version 2), which lets a secondary follow
 * every primary zone without being told of each: the SOA and NS that §4.1 asks for (the NS
 * {@code invalid.}), {@code version TXT "2"} (§4.2.1), and one {@code <id>.zones PTR <member>} per
 * zone (§4.2.2). A member's id is the first 8 bytes of the SHA-256 of its name in canonical wire
 * form, in hex: unique, and the same across restarts and reloads, so a secondary never sees a member
 * leave and come back (§5.4, a member's reset). The serial is the clock's second, or one more than
 * the last serial when that is not greater: it increases at every change, restarts included.
 *
 * <p>Used by the reload thread only.
 */
final class CatalogZone {
  private final Name origin;
  private final Clock clock;
  private TreeSet<Name> members;
  private Zone zone;

  CatalogZone(Name origin, Clock clock) {
    this.origin = origin;
    this.clock = clock;
  }

  Name origin() {
    return origin;
  }

  /** The catalog as last made, or null before the first. */
  Zone current() {
    return zone;
  }

  /** The catalog of {@code zones} (the catalog itself left out): the same zone while they are the same. */
  Zone of(List<Zone> zones) {
    TreeSet<Name> now = new TreeSet<>();
    for (Zone z : zones) {
      if (!z.origin().equals(origin)) {
        now.add(z.origin());
      }
    }
    if (zone != null && now.equals(members)) {
      return zone;
    }
    long serial = clock.instant().getEpochSecond() & 0xFFFFFFFFL;
    if (zone != null && !Serials.greater(serial, zone.serial())) {
      serial = (zone.serial() + 1) & 0xFFFFFFFFL;
    }
    members = now;
    zone = build(serial, now);
    return zone;
  }

  private Zone build(long serial, TreeSet<Name> members) {
    // §4.1: TTL 0 everywhere, since catalog zones are not for resolvers; the SOA values are Knot's and BIND's.
    StringBuilder text = new StringBuilder()
        .append("$ORIGIN ").append(origin).append('\n')
        .append("@ 0 IN SOA invalid. invalid. ").append(serial).append(" 3600 600 2147483646 0\n")
        .append("@ 0 IN NS invalid.\n")
        .append("version 0 IN TXT \"2\"\n");
    for (Name member : members) {
      text.append(id(member)).append(".zones 0 IN PTR ").append(member).append('\n');
    }
    ZoneLoader.FileLoad load = ZoneLoader.loadText(origin + "zone", text.toString(), Path.of("."), new HealthKeys());
    if (!load.ok()) {
      throw new IllegalStateException("the catalog zone does not load: " + load.problems());
    }
    return load.zone();
  }

  /** §4.1: a member's unique label. */
  static String id(Name member) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(member.toWireCanonical());
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java", e);
    }
  }
}
