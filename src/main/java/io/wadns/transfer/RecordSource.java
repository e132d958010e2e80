package io.wadns.transfer;

/**
 * Records in wire form, one at a time, read in place: what a transfer writes into its messages.
 * Owner names are uncompressed; the class is IN.
 */
interface RecordSource {
  /** Moves to the next record; false when there is none. */
  boolean next();

  byte[] ownerArena();

  int ownerStart();

  int ownerLength();

  int type();

  long ttl();

  byte[] rdataArena();

  int rdataStart();

  int rdataLength();
}
