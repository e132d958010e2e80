package io.wadns.secondary;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * A transferred zone as zone-file text (RFC 1035 §5), the SOA first, one record a line with its
 * absolute owner: what the store keeps and what the zone-file reader and builder check, as for any
 * zone file. Types the reader knows by name are written by name (wadns' ALIAS and HEALTHCHECK among
 * them, so they become weighted and health records again); others in RFC 3597 form. Owner names are
 * escaped by dnsjava ({@code $} and {@code @} included), so no line can read as a directive.
 */
final class ZoneText {
  private ZoneText() {}

  /** The text to {@code out}, a line at a time: a zone of any size is never held as one array. */
  static void write(OutputStream out, Name origin, SOARecord soa, Iterable<Record> others, String from,
      Instant when) throws IOException {
    line(out, "; zone " + origin + " serial " + soa.getSerial() + ", transferred from " + from + " at " + when);
    line(out, soa.toString());
    for (Record r : others) {
      if (r.getType() != Type.SOA) {
        line(out, r.toString());
      }
    }
  }

  private static void line(OutputStream out, String text) throws IOException {
    byte[] b = text.replace('\n', ' ').getBytes(StandardCharsets.UTF_8);
    out.write(b, 0, b.length);
    out.write('\n');
  }
}
