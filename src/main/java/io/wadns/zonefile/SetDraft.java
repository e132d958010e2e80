package io.wadns.zonefile;

import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * An RRset while a zone is built: its distinct records with one TTL, and the health key of each
 * address when its owner has a HEALTHCHECK (else null).
 */
record SetDraft(Name owner, int type, long ttl, Record[] records, int[] healthKeys) {
  int size() {
    return records.length;
  }
}
