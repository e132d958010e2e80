package io.wadns.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.wadns.protocol.QueryObserver;
import io.wadns.protocol.Transport;
import io.wadns.text.AddressText;
import io.wadns.wire.Wire;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Per-query metrics, read from the reply bytes: queries by transport, type and rcode, truncated
 * replies, dropped packets, rate-limited replies and a latency histogram. Counted per thread
 * ({@link ThreadTallies}) and summed when scraped, so counting a query is a few plain additions,
 * no atomic instruction. Also writes the optional query log.
 */
public final class QueryMetrics implements QueryObserver {
  private static final Logger queryLog = LoggerFactory.getLogger("wadns.query");

  /** Types given their own label value; the rest count as "other". */
  private static final int[] TYPES = {Type.A, Type.AAAA, Type.CNAME, Type.MX, Type.TXT, Type.NS, Type.SOA,
      Type.SRV, Type.PTR, Type.CAA, Type.DS, Type.DNSKEY, Type.HTTPS, Type.SVCB, Type.ANY, Type.AXFR, Type.IXFR};
  private static final int OTHER_TYPE = TYPES.length;
  private static final int NO_QUESTION = TYPES.length + 1;
  private static final int TYPE_SLOTS = TYPES.length + 2;
  private static final int RCODES = 16;
  private static final int TRANSPORTS = Transport.values().length;
  /** Upper bounds of the latency buckets, in seconds; the last bucket is +Inf. */
  private static final double[] BOUNDS = {5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 5e-3, 2.5e-2};
  private static final long[] BOUND_NANOS = new long[BOUNDS.length];

  static {
    for (int i = 0; i < BOUNDS.length; i++) {
      BOUND_NANOS[i] = Math.round(BOUNDS[i] * 1e9);
    }
  }

  // The counters of a row: queries by transport, type slot and rcode, then the rest.
  private static final int QUERIES = 0;
  private static final int TRUNCATED = QUERIES + TRANSPORTS * TYPE_SLOTS * RCODES;
  private static final int DROPPED = TRUNCATED + TRANSPORTS;
  private static final int RATE_LIMIT_DROPS = DROPPED + TRANSPORTS;
  private static final int RATE_LIMIT_SLIPS = RATE_LIMIT_DROPS + 1;
  private static final int LATENCY_BUCKETS = RATE_LIMIT_SLIPS + 1;
  private static final int LATENCY_NANOS = LATENCY_BUCKETS + BOUNDS.length + 1;
  private static final int WIDTH = LATENCY_NANOS + 1;

  private final ThreadTallies tallies = new ThreadTallies(WIDTH);
  private final boolean logQueries;

  public QueryMetrics(PrometheusRegistry registry, boolean logQueries) {
    this.logQueries = logQueries;
    CounterWithCallback.builder().name("wadns_queries")
        .help("Queries answered, by transport, query type and response code")
        .labelNames("transport", "qtype", "rcode")
        .callback(cb -> {
          for (Transport t : Transport.values()) {
            for (int slot = 0; slot < TYPE_SLOTS; slot++) {
              for (int rcode = 0; rcode < RCODES; rcode++) {
                long n = tallies.sum(queriesIndex(t, slot, rcode));
                if (n > 0) {
                  cb.call(n, label(t), slotLabel(slot), Rcode.string(rcode));
                }
              }
            }
          }
        }).register(registry);
    CounterWithCallback.builder().name("wadns_truncated")
        .help("Replies sent with TC set because the answer did not fit").labelNames("transport")
        .callback(cb -> {
          for (Transport t : Transport.values()) {
            cb.call(tallies.sum(TRUNCATED + t.ordinal()), label(t));
          }
        }).register(registry);
    CounterWithCallback.builder().name("wadns_dropped")
        .help("Packets dropped unanswered: shorter than a DNS header, or responses").labelNames("transport")
        .callback(cb -> {
          for (Transport t : Transport.values()) {
            cb.call(tallies.sum(DROPPED + t.ordinal()), label(t));
          }
        }).register(registry);
    CounterWithCallback.builder().name("wadns_rate_limited")
        .help("UDP replies held back by response rate limiting: dropped, or sent as a truncated slip")
        .labelNames("action")
        .callback(cb -> {
          cb.call(tallies.sum(RATE_LIMIT_DROPS), "drop");
          cb.call(tallies.sum(RATE_LIMIT_SLIPS), "slip");
        }).register(registry);
    registry.register(new Latency());
  }

  @Override
  public void answered(Transport transport, InetSocketAddress client, byte[] reply, int length, String target,
      long nanos) {
    long[] row = tallies.mine();
    int qtype = Wire.questionType(reply, length);
    int rcode = reply[3] & 0x0F;
    ThreadTallies.add(row, queriesIndex(transport, typeSlot(qtype), rcode), 1);
    if ((reply[2] & 0x02) != 0) {
      ThreadTallies.add(row, TRUNCATED + transport.ordinal(), 1);
    }
    int bucket = 0;
    while (bucket < BOUND_NANOS.length && nanos > BOUND_NANOS[bucket]) {
      bucket++;
    }
    ThreadTallies.add(row, LATENCY_BUCKETS + bucket, 1);
    ThreadTallies.add(row, LATENCY_NANOS, nanos);
    if (logQueries) {
      queryLog.info("client={} transport={} name={} type={} rcode={} target={}",
          client == null ? "-" : AddressText.of(client.getAddress()) + "#" + client.getPort(), label(transport),
          qtype < 0 ? "-" : Wire.nameText(reply, Wire.HEADER_LENGTH, length), qtype < 0 ? "-" : Type.string(qtype),
          Rcode.string(rcode), target == null ? "-" : target);
    }
  }

  @Override
  public void dropped(Transport transport, InetSocketAddress client) {
    ThreadTallies.add(tallies.mine(), DROPPED + transport.ordinal(), 1);
  }

  @Override
  public void rateLimited(boolean slipped) {
    ThreadTallies.add(tallies.mine(), slipped ? RATE_LIMIT_SLIPS : RATE_LIMIT_DROPS, 1);
  }

  private static int queriesIndex(Transport t, int typeSlot, int rcode) {
    return QUERIES + (t.ordinal() * TYPE_SLOTS + typeSlot) * RCODES + rcode;
  }

  private static String label(Transport t) {
    return t == Transport.UDP ? "udp" : "tcp";
  }

  private static int typeSlot(int qtype) {
    if (qtype < 0) {
      return NO_QUESTION;
    }
    for (int i = 0; i < TYPES.length; i++) {
      if (TYPES[i] == qtype) {
        return i;
      }
    }
    return OTHER_TYPE;
  }

  private static String slotLabel(int slot) {
    return slot == NO_QUESTION ? "none" : slot == OTHER_TYPE ? "other" : Type.string(TYPES[slot]);
  }

  /** The latency histogram, from the per-thread bucket counts (Prometheus classic buckets, upper bounds inclusive). */
  private final class Latency implements Collector {
    @Override
    public MetricSnapshot collect() {
      ClassicHistogramBuckets.Builder buckets = ClassicHistogramBuckets.builder();
      for (int i = 0; i <= BOUNDS.length; i++) {
        buckets.bucket(i < BOUNDS.length ? BOUNDS[i] : Double.POSITIVE_INFINITY, tallies.sum(LATENCY_BUCKETS + i));
      }
      return HistogramSnapshot.builder().name("wadns_answer_duration_seconds")
          .help("Time to produce a reply, from packet in to packet out of the resolver")
          .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
              .classicHistogramBuckets(buckets.build())
              .sum(tallies.sum(LATENCY_NANOS) / 1e9)
              .build())
          .build();
    }

    @Override
    public String getPrometheusName() {
      return "wadns_answer_duration_seconds";
    }
  }
}
