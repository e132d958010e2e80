package io.wadns.zonefile;

/**
 * An RRset while a zone is built: its distinct records (indices into the {@link ZoneDraft}), its one
 * TTL, and the health key of each address when its owner has a HEALTHCHECK (else null).
 */
record SetDraft(int node, int type, long ttl, int[] records, int[] healthKeys) {}
