package io.wadns.zonefile;

/**
 * The address RRset (A or AAAA) of an alias target as its RDATA, for the groups of alias trees: the
 * few RRsets that weighted answers are made of.
 *
 * @param type A or AAAA
 * @param ttl the RRset's TTL
 * @param rdata each distinct record's RDATA, in file order
 * @param healthKeys the health key of each address, index for index; null when unchecked
 */
record TargetSet(int type, long ttl, byte[][] rdata, int[] healthKeys) {}
