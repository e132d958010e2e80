package io.wadns.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the primary side, per zone, for {@code /metrics}: transfers served (AXFR, IXFR) with
 * their bytes and time, requests refused, and NOTIFY messages sent, acknowledged and given up on.
 * Thread-safe: written by the connections and the NOTIFY thread, read at scrape time.
 */
public final class TransferStats {
  /** How a transfer was served: a whole zone, or the differences (RFC 1995). */
  public enum Kind {
    AXFR,
    IXFR
  }

  /** What happened to one NOTIFY (RFC 1996 §3.6: the secondary answers it). */
  public enum NotifyOutcome {
    SENT,
    ACKNOWLEDGED,
    FAILED
  }

  /** Counters of one zone and kind of transfer. */
  public record Served(String zone, Kind kind, long transfers, long bytes, long messages, long nanos) {}

  /** NOTIFY counters of one zone and secondary. */
  public record Notified(String zone, String target, NotifyOutcome outcome, long count) {}

  /** A zone as published to secondaries: its serial, and the differences its journal holds. */
  public record PublishedZone(String zone, long serial, int differences, long journalBytes) {}

  private record Key(String zone, Kind kind) {}

  private record NotifyKey(String zone, String target, NotifyOutcome outcome) {}

  private static final class Counts {
    final LongAdder transfers = new LongAdder();
    final LongAdder bytes = new LongAdder();
    final LongAdder messages = new LongAdder();
    final LongAdder nanos = new LongAdder();
  }

  private final Map<Key, Counts> served = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();
  private final Map<NotifyKey, LongAdder> notified = new ConcurrentHashMap<>();

  void served(String zone, Kind kind, long bytes, long messages, long nanos) {
    Counts c = served.computeIfAbsent(new Key(zone, kind), k -> new Counts());
    c.transfers.increment();
    c.bytes.add(bytes);
    c.messages.add(messages);
    c.nanos.add(nanos);
  }

  /** A request refused, by rcode name ({@code REFUSED}, {@code NOTAUTH}, {@code FORMERR}). */
  void refused(String rcode) {
    refused.computeIfAbsent(rcode, k -> new LongAdder()).increment();
  }

  void notified(String zone, String target, NotifyOutcome outcome) {
    notified.computeIfAbsent(new NotifyKey(zone, target, outcome), k -> new LongAdder()).increment();
  }

  /**
   * Drops the counters of {@code zones}, no longer served: a fleet whose catalog adds and removes zones
   * would otherwise keep a series for every zone it ever served.
   */
  void forget(java.util.Collection<org.xbill.DNS.Name> zones) {
    if (zones.isEmpty()) {
      return;
    }
    java.util.Set<String> gone = new java.util.HashSet<>();
    zones.forEach(z -> gone.add(z.toString()));
    served.keySet().removeIf(k -> gone.contains(k.zone()));
    notified.keySet().removeIf(k -> gone.contains(k.zone()));
  }

  public List<Served> served() {
    List<Served> out = new ArrayList<>();
    served.forEach((k, c) -> out.add(new Served(k.zone(), k.kind(), c.transfers.sum(), c.bytes.sum(),
        c.messages.sum(), c.nanos.sum())));
    return out;
  }

  /** Requests refused, by rcode name. */
  public Map<String, Long> refused() {
    Map<String, Long> out = new java.util.TreeMap<>();
    refused.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  public List<Notified> notified() {
    List<Notified> out = new ArrayList<>();
    notified.forEach((k, v) -> out.add(new Notified(k.zone(), k.target(), k.outcome(), v.sum())));
    return out;
  }
}
