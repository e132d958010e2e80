package io.wadns.transfer;

import io.wadns.zone.ZoneRecords;
import org.xbill.DNS.Type;

/**
 * The records of a full zone transfer (RFC 5936 §2.2): the SOA, every other record of the zone
 * (configuration records included), and the SOA again.
 */
final class AxfrRecords implements RecordSource {
  private final SoaRecord soa;
  private final ZoneRecords zone;
  /** 0: the first SOA, 1: the zone, 2: the last SOA, 3: done. */
  private int phase = -1;

  AxfrRecords(SoaRecord soa, ZoneRecords zone) {
    this.soa = soa;
    this.zone = zone;
  }

  @Override
  public boolean next() {
    if (phase == 1) {
      while (zone.next()) {
        if (zone.type() != Type.SOA) {
          return true;
        }
      }
      phase = 2;
      return true;
    }
    phase++;
    if (phase == 1) {
      return next();
    }
    return phase <= 2;
  }

  private boolean atSoa() {
    return phase != 1;
  }

  @Override
  public byte[] ownerArena() {
    return atSoa() ? soa.owner() : zone.ownerArena();
  }

  @Override
  public int ownerStart() {
    return atSoa() ? 0 : zone.ownerStart();
  }

  @Override
  public int ownerLength() {
    return atSoa() ? soa.owner().length : zone.ownerLength();
  }

  @Override
  public int type() {
    return atSoa() ? Type.SOA : zone.type();
  }

  @Override
  public long ttl() {
    return atSoa() ? soa.ttl() : zone.ttl();
  }

  @Override
  public byte[] rdataArena() {
    return atSoa() ? soa.rdata() : zone.rdataArena();
  }

  @Override
  public int rdataStart() {
    return atSoa() ? 0 : zone.rdataStart();
  }

  @Override
  public int rdataLength() {
    return atSoa() ? soa.rdata().length : zone.rdataLength();
  }
}
