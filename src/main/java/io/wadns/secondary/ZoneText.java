package io.wadns.secondary;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * A transferred zone as zone-file text (RFC 1035 §5): what the store keeps and what the zone-file reader
 * and builder check, as for any zone file. An {@code $ORIGIN} line, then the SOA, then one record a line,
 * each owner written relative to the origin ({@code @} for the apex) where it ends in the origin as
 * spelled, so the file is about the size of the zone file it came from rather than twice that, and reads
 * back as fast. Types the reader knows by name are written by name (wadns' ALIAS and HEALTHCHECK among
 * them, so they become weighted and health records again); others in RFC 3597 form. Owner names are
 * escaped by dnsjava ({@code $} and {@code @} included), so no line can read as a directive.
 */
final class ZoneText {
  private ZoneText() {}

  /**
   * The text to {@code out}, a line at a time: a zone of any size is never held as one array.
   *
   * @param others every record of the zone but its SOA ({@link ZoneUpdate#records})
   */
  static void write(OutputStream out, Name origin, SOARecord soa, Iterable<Record> others, String from,
      Instant when) throws IOException {
    line(out, "; zone " + origin + " serial " + soa.getSerial() + ", transferred from " + from + " at " + when);
    line(out, "$ORIGIN " + origin);
    byte[] originWire = origin.toWire();
    line(out, record(soa, origin, originWire));
    for (Record r : others) {
      line(out, record(r, origin, originWire));
    }
  }

  /** One record as a line: its owner (see {@link #owner}), TTL, class, type and RDATA. */
  private static String record(Record r, Name origin, byte[] originWire) {
    String rdata = r.rdataToString();
    return owner(r.getName(), origin, originWire) + " " + r.getTTL() + " " + DClass.string(r.getDClass()) + " "
        + Type.string(r.getType()) + (rdata.isEmpty() ? "" : " " + rdata);
  }

  /**
   * {@code owner} relative to {@code origin} when it ends in the origin spelled the same way, else absolute:
   * the case a name was written in is kept (RFC 4343 §4).
   */
  private static String owner(Name owner, Name origin, byte[] originWire) {
    if (owner.subdomain(origin)) { // label by label: a byte suffix alone could fall inside a label
      byte[] wire = owner.toWire();
      int suffix = wire.length - originWire.length;
      if (Arrays.equals(wire, suffix, wire.length, originWire, 0, originWire.length)) {
        return suffix == 0 ? "@" : owner.relativize(origin).toString();
      }
    }
    return owner.toString();
  }

  private static void line(OutputStream out, String text) throws IOException {
    byte[] b = text.replace('\n', ' ').getBytes(StandardCharsets.UTF_8);
    out.write(b, 0, b.length);
    out.write('\n');
  }
}
