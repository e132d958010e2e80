package io.wadns.zonefile;

import org.xbill.DNS.Record;

/**
 * The address RRset of an alias target as dnsjava records, for the groups of alias trees: the few
 * RRsets that weighted answers are made of.
 */
record TargetSet(int type, Record[] records, int[] healthKeys) {}
