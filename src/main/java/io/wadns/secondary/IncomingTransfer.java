package io.wadns.secondary;

import io.wadns.zonefile.WireZone;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * The records of one AXFR or IXFR response, in the order they arrive, told apart as RFC 5936 §2.2 and
 * RFC 1995 §4 say: an IXFR response whose second record is the SOA of our version holds differences;
 * any other response holds the whole zone. Refuses records of another class, out of the zone, or more
 * than the record limit. The records of a whole zone go, as they arrive, into a {@link WireZone} (the
 * opening SOA first, each record's place in the transfer as its line): they are not kept as objects.
 * Confined to one transfer, one thread.
 */
final class IncomingTransfer {
  private enum State { FIRST_SOA, SECOND, FULL, DELETING, ADDING, DONE }

  private final Name origin;
  /** Our serial when we asked for IXFR, else -1 (AXFR). */
  private final long ourSerial;
  private final long maxRecords;
  private State state = State.FIRST_SOA;
  private long count;
  private SOARecord last;
  private final Supplier<WireZone> wholeZone;
  /** The whole zone's records so far, once the response is known to hold it. */
  private WireZone zone;
  private int fed;
  private final List<Transferred.Difference> differences = new ArrayList<>();
  private SOARecord from;
  private SOARecord to;
  private List<Record> deleted;
  private List<Record> added;
  private long expectedFrom;
  private Transferred result;

  /**
   * @param ourSerial the serial of the version we hold when asking for IXFR, else -1
   * @param wholeZone where the records go when the response holds the whole zone
   */
  IncomingTransfer(Name origin, long ourSerial, long maxRecords, Supplier<WireZone> wholeZone) {
    this.origin = origin;
    this.wholeZone = wholeZone;
    this.ourSerial = ourSerial;
    this.maxRecords = maxRecords;
    this.expectedFrom = ourSerial;
  }

  boolean done() {
    return state == State.DONE;
  }

  /** What the response held; only once {@link #done()}. */
  Transferred result() {
    if (result == null) {
      throw new IllegalStateException("the transfer has not ended");
    }
    return result;
  }

  void add(Record r) throws TransferException {
    if (state == State.DONE) {
      if (result instanceof Transferred.UpToDate) {
        // A primary not newer than us that sends more than its SOA (its whole zone, say): nothing of it is
        // needed, and the rest of its first message is passed over (the client reads no further message).
        return;
      }
      throw new TransferException("records after the final SOA");
    }
    counted();
    if (r.getDClass() != DClass.IN) {
      throw new TransferException("a record of class " + DClass.string(r.getDClass()));
    }
    int type = r.getType();
    if (type == 0 || type == Type.OPT || (type >= 128 && type <= 255)) {
      // RFC 6895 §3.1: query and meta types (OPT, TSIG, ANY, AXFR...) are never zone data; the zone file
      // parser refuses them, and a transfer, incremental or not, must not bring them in either.
      throw new TransferException("a record of type " + Type.string(type) + " at " + r.getName()
          + ", a query or meta type, not zone data");
    }
    if (!r.getName().subdomain(origin)) {
      throw new TransferException("a record out of the zone: " + r.getName());
    }
    boolean apexSoa = r instanceof SOARecord && r.getName().equals(origin);
    if (r.getType() == Type.SOA && !apexSoa) {
      throw new TransferException("an SOA record below the apex: " + r.getName());
    }
    SOARecord soa = apexSoa ? (SOARecord) r : null;
    switch (state) {
      case FIRST_SOA -> first(soa);
      case SECOND -> second(r, soa);
      case FULL -> full(r, soa);
      case DELETING -> deleting(r, soa);
      case ADDING -> adding(r, soa);
      default -> throw new IllegalStateException();
    }
  }

  /**
   * Whether the response is known to hold the whole zone and has not ended: until the closing SOA, its
   * records may come by {@link #addToWholeZone}.
   */
  boolean wholeZoneUnderWay() {
    return state == State.FULL;
  }

  /**
   * A record of the whole zone in wire form, as {@link #add} would take it, that the caller found to be of
   * class IN, in the zone, of a type of zone data and not an SOA ({@link WireAnswers}); only while {@link
   * #wholeZoneUnderWay}. The arrays are copied.
   */
  void addToWholeZone(byte[] owner, int ownerLength, int type, long ttl, byte[] rdata, int rdataLength)
      throws TransferException {
    if (state != State.FULL) {
      throw new IllegalStateException("not within a whole zone");
    }
    counted();
    zone.record(owner, ownerLength, type, ttl, rdata, rdataLength, "AXFR", ++fed);
  }

  private void counted() throws TransferException {
    if (++count > maxRecords + 2) {
      throw new TransferException("more than " + maxRecords + " records (the max-records limit)");
    }
  }

  private void first(SOARecord soa) throws TransferException {
    if (soa == null) {
      throw new TransferException("the response does not start with the zone's SOA");
    }
    last = soa;
    if (ourSerial >= 0 && !Serials.greater(soa.getSerial(), ourSerial)) {
      // RFC 1995 §2: a version not newer than ours is answered with its SOA alone.
      result = new Transferred.UpToDate(soa);
      state = State.DONE;
      return;
    }
    state = State.SECOND;
  }

  private void second(Record r, SOARecord soa) throws TransferException {
    if (ourSerial >= 0 && soa != null && soa.getSerial() == ourSerial) {
      state = State.DELETING; // RFC 1995 §4: the old SOA starts the first difference
      startDifference(soa);
      return;
    }
    zone = wholeZone.get();
    WireRecords.feed(last, zone, "AXFR", ++fed);
    state = State.FULL;
    full(r, soa);
  }

  private void full(Record r, SOARecord soa) throws TransferException {
    if (soa == null) {
      WireRecords.feed(r, zone, "AXFR", ++fed);
      return;
    }
    // RFC 5936 §2.2: the last record is the first SOA again.
    if (soa.getSerial() != last.getSerial()) {
      throw new TransferException("the closing SOA has serial " + soa.getSerial() + ", the first " + last.getSerial());
    }
    result = new Transferred.Full(last, zone, fed);
    state = State.DONE;
  }

  private void startDifference(SOARecord soa) throws TransferException {
    if (soa.getSerial() != expectedFrom) {
      throw new TransferException("a difference from serial " + soa.getSerial() + " where " + expectedFrom
          + " was expected");
    }
    from = soa;
    deleted = new ArrayList<>();
  }

  private void deleting(Record r, SOARecord soa) {
    if (soa == null) {
      deleted.add(r);
      return;
    }
    to = soa;
    added = new ArrayList<>();
    state = State.ADDING;
  }

  private void adding(Record r, SOARecord soa) throws TransferException {
    if (soa == null) {
      added.add(r);
      return;
    }
    differences.add(new Transferred.Difference(from, deleted, to, added));
    expectedFrom = to.getSerial();
    if (to.getSerial() == last.getSerial()) {
      if (soa.getSerial() != last.getSerial()) {
        throw new TransferException("the closing SOA has serial " + soa.getSerial() + ", the first "
            + last.getSerial());
      }
      result = new Transferred.Incremental(last, differences);
      state = State.DONE;
      return;
    }
    startDifference(soa);
    state = State.DELETING;
  }
}
