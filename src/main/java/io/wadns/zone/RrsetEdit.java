package io.wadns.zone;

import java.util.List;
import org.xbill.DNS.Name;

/**
 * The new content of one RRset of a zone: its owner, type, TTL and every record's RDATA in wire form
 * (names uncompressed, in their case). No records removes the RRset.
 */
public record RrsetEdit(Name owner, int type, long ttl, List<byte[]> rdata) {
  public RrsetEdit {
    rdata = List.copyOf(rdata);
  }

  boolean removes() {
    return rdata.isEmpty();
  }

  int bytes() {
    int total = 0;
    for (byte[] d : rdata) {
      total += d.length;
    }
    return total;
  }
}
