package io.wadns.dnssec;

import io.wadns.zone.Zone;
import io.wadns.zone.ZoneData;
import org.xbill.DNS.Type;

/**
 * RRSIG records that came with a zone (a zone file signed by {@code dnssec-signzone}, or a transfer from a
 * signing primary) while no key here signs it. wadns then serves them as data only: never beside the RRsets
 * they cover, and with no NSEC or NSEC3 proof in negative answers. If the parent holds a DS for the zone,
 * validating resolvers find every answer bogus and fail the zone (RFC 4035 §5), which is worse than an
 * unsigned zone. Nothing is refused, since the parent's DS is not known here, but the operator is told.
 */
public final class ForeignSignatures {
  private ForeignSignatures() {}

  /** The warning for {@code zone} served as it is, or null when it holds no RRSIG or is signed here. */
  public static String warning(Zone zone) {
    if (zone.signatures() != null) {
      return null; // signed here: the zone's own RRSIGs were left out when it was signed
    }
    ZoneData data = zone.data();
    int names = 0;
    int first = -1;
    for (int n = 0; n < data.nodeCount(); n++) {
      for (int s = data.setsStart(n); s < data.setsEnd(n); s++) {
        if (data.setType(s) == Type.RRSIG) {
          if (names++ == 0) {
            first = n;
          }
          break;
        }
      }
    }
    if (names == 0) {
      return null;
    }
    return "zone " + zone.origin() + " holds RRSIG records (at " + names + (names == 1 ? " name" : " names")
        + ", the first " + data.name(first) + ") from a signing done elsewhere, and no key signs it here:"
        + " they are served as data only, never beside the records they cover and with no NSEC proofs, so"
        + " validating resolvers will fail the zone if its parent has a DS for it; sign it here with --keys"
        + " (which leaves these records out), or serve it without them";
  }
}
