package io.wadns.dnssec;

import io.wadns.zone.Zone;
import io.wadns.zone.ZoneData;
import java.time.Instant;
import org.xbill.DNS.Type;

/**
 * Zones signed elsewhere: a zone file signed by {@code dnssec-signzone}, or a transfer from a signing
 * primary, brings its own DNSKEY, RRSIG and NSEC records while no key here signs it. When those records
 * are complete and consistent ({@link ImportedSignatures}), the zone is served signed with them, as NSD
 * serves every zone: RRSIGs beside the RRsets they cover and NSEC proofs in negative answers, for
 * queries with DO (RFC 4035 §3). Otherwise they are served as data only, never beside the records they
 * cover, and validating resolvers fail every answer if the parent holds a DS for the zone (RFC 4035 §5),
 * which is worse than an unsigned zone. Nothing is refused, since the parent's DS is not known here, but
 * the operator is told why.
 */
public final class ForeignSignatures {
  private ForeignSignatures() {}

  /** A zone as it is to be served, and the warning for the operator (null when there is none). */
  public record Served(Zone zone, String warning) {}

  /**
   * {@code zone} as it is to be served at {@code now}: signed with its own signatures when it holds a
   * servable set of them, else as it is. Reads the whole zone: call once per zone version, off the
   * query path.
   */
  public static Served serve(Zone zone, Instant now) {
    if (zone.signatures() != null || rrsigNames(zone.data()) == 0) {
      return new Served(zone, null); // signed here (its own RRSIGs were left out), or not signed at all
    }
    try {
      ImportedSignatures.Imported imported = ImportedSignatures.read(zone, now);
      String warning = imported.notes().isEmpty() ? null : "zone " + zone.origin()
          + " is served with the signatures made where it was signed, but " + String.join("; and ", imported.notes());
      return new Served(zone.withSignatures(imported.signatures()), warning);
    } catch (ImportedSignatures.NotServable e) {
      return new Served(zone, servedAsData(zone, e.getMessage()));
    }
  }

  /** True when {@code zone} is served unsigned though it holds RRSIG records (for /metrics). */
  public static boolean servedAsData(Zone zone) {
    return zone.signatures() == null && rrsigNames(zone.data()) > 0;
  }

  private static String servedAsData(Zone zone, String reason) {
    ZoneData data = zone.data();
    int names = rrsigNames(data);
    return "zone " + zone.origin() + " holds RRSIG records (at " + names + (names == 1 ? " name" : " names")
        + ", the first " + data.name(firstRrsigNode(data)) + ") from a signing done elsewhere, and they cannot"
        + " be served as its signatures: " + reason + ". They are served as data only, never beside the"
        + " records they cover and with no NSEC proofs, so validating resolvers will fail the zone if its"
        + " parent has a DS for it; sign it again where it is signed, sign it here with --keys (which leaves"
        + " these records out), or serve it without them";
  }

  /** How many names own RRSIG records. */
  private static int rrsigNames(ZoneData data) {
    int names = 0;
    for (int n = 0; n < data.nodeCount(); n++) {
      if (data.setIndex(n, Type.RRSIG) >= 0) {
        names++;
      }
    }
    return names;
  }

  private static int firstRrsigNode(ZoneData data) {
    for (int n = 0; n < data.nodeCount(); n++) {
      if (data.setIndex(n, Type.RRSIG) >= 0) {
        return n;
      }
    }
    return -1;
  }
}
