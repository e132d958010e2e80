package io.wadns.secondary;

import io.wadns.zone.Zone;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.LongAdder;
import org.xbill.DNS.Name;

/**
 * One secondary zone: where it comes from, the version served, its timers and its counters. The
 * version and times are written by the check running for the zone (one at a time) and read by
 * anyone; scheduling is guarded by the object's monitor.
 */
final class FollowedZone {
  final Name origin;
  final List<InetSocketAddress> primaries;
  /** The TSIG key requests and NOTIFY must be signed with, or null. */
  final Name key;
  /** True for a catalog zone (RFC 9432) whose members are followed too. */
  final boolean isCatalog;
  /** The catalog zone that lists this zone as a member, or null for a zone of the configuration. */
  final Name memberOf;
  /** Its member ID in that catalog (RFC 9432 §4.2: the owner of its PTR), or null. */
  final Name memberId;
  /**
   * Set, under the loading lock, once the zone is no longer followed (its catalog dropped it or reset it):
   * a check still running for it then serves and stores nothing, even if a zone of the same name is
   * followed again by then.
   */
  volatile boolean dropped;

  /** The version we hold (served unless expired), or null. */
  volatile Zone zone;
  /** What is served of {@link #zone} when the zone has keys: it, signed; null when not signed. */
  Zone signed;
  /** The version {@link #signed} was made from; guarded, as {@link #signed}, by the loading lock. */
  Zone signedFrom;
  /** The last version looked at for signatures made elsewhere (each version once), and what is served of it. */
  Zone foreignFrom;
  Zone foreignServed;
  volatile boolean expired;
  /** The last successful check, or null. */
  volatile Instant refreshed;
  volatile Instant expiresAt;
  /** Next check transfers the whole zone: our copy and the primary's history disagreed. */
  volatile boolean wholeZoneNext;

  // guarded by this
  ScheduledFuture<?> next;
  boolean running;
  boolean again;
  int bootstrapFailures;
  /** When the last check started ({@link System#nanoTime()}), or 0: NOTIFY waits a moment after it. */
  long lastCheck;

  final LongAdder refreshFailures = new LongAdder();
  final LongAdder notifies = new LongAdder();
  final LongAdder upToDate = new LongAdder();
  final LongAdder axfr = new LongAdder();
  final LongAdder ixfr = new LongAdder();
  final LongAdder axfrBytes = new LongAdder();
  final LongAdder ixfrBytes = new LongAdder();
  final LongAdder axfrNanos = new LongAdder();
  final LongAdder ixfrNanos = new LongAdder();

  FollowedZone(Name origin, List<InetSocketAddress> primaries, Name key, boolean isCatalog, Name memberOf) {
    this(origin, primaries, key, isCatalog, memberOf, null);
  }

  FollowedZone(Name origin, List<InetSocketAddress> primaries, Name key, boolean isCatalog, Name memberOf,
      Name memberId) {
    this.origin = origin;
    this.primaries = List.copyOf(primaries);
    this.key = key;
    this.isCatalog = isCatalog;
    this.memberOf = memberOf;
    this.memberId = memberId;
  }

  /** True when {@code address} is one of the primaries (RFC 1996 §3.10: NOTIFY from a known primary). */
  boolean isPrimary(java.net.InetAddress address) {
    return primaries.stream().anyMatch(p -> p.getAddress().equals(address));
  }

  /** @param hidden a zone file of this server hides the zone (see {@link ServedZones}): not answered from */
  SecondaryZoneState state(boolean hidden) {
    Zone z = zone;
    Instant r = refreshed;
    return new SecondaryZoneState(origin.toString(), memberOf == null ? "" : memberOf.toString(),
        z == null ? -1 : z.serial(), z != null && !expired && !hidden, expired,
        r == null ? 0 : r.getEpochSecond(), refreshFailures.sum(), notifies.sum(), upToDate.sum(),
        new SecondaryZoneState.Transfers(axfr.sum(), axfrBytes.sum(), axfrNanos.sum()),
        new SecondaryZoneState.Transfers(ixfr.sum(), ixfrBytes.sum(), ixfrNanos.sum()));
  }
}
