package io.wadns.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.wadns.protocol.QueryObserver;
import io.wadns.protocol.Transport;
import io.wadns.text.AddressText;
import io.wadns.wire.Wire;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Per-query metrics, read from the reply bytes: queries by transport, type and rcode, truncated
 * replies, dropped packets, rate-limited replies and a latency histogram. Data points are looked up
 * once and kept in arrays, so counting a query allocates nothing. Also writes the optional query log.
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

  private final Counter queries;
  private final Counter truncated;
  private final Counter dropped;
  private final Counter rateLimited;
  private final Histogram latency;
  private final AtomicReferenceArray<CounterDataPoint> queryPoints =
      new AtomicReferenceArray<>(2 * TYPE_SLOTS * RCODES);
  private final CounterDataPoint[] truncatedPoints = new CounterDataPoint[2];
  private final CounterDataPoint[] droppedPoints = new CounterDataPoint[2];
  private final CounterDataPoint drops;
  private final CounterDataPoint slips;
  private final boolean logQueries;

  public QueryMetrics(PrometheusRegistry registry, boolean logQueries) {
    this.logQueries = logQueries;
    queries = Counter.builder().name("wadns_queries_total")
        .help("Queries answered, by transport, query type and response code")
        .labelNames("transport", "qtype", "rcode").register(registry);
    truncated = Counter.builder().name("wadns_truncated_total")
        .help("Replies sent with TC set because the answer did not fit").labelNames("transport").register(registry);
    dropped = Counter.builder().name("wadns_dropped_total")
        .help("Packets dropped unanswered: shorter than a DNS header, or responses")
        .labelNames("transport").register(registry);
    rateLimited = Counter.builder().name("wadns_rate_limited_total")
        .help("UDP replies held back by response rate limiting: dropped, or sent as a truncated slip")
        .labelNames("action").register(registry);
    latency = Histogram.builder().name("wadns_answer_duration_seconds")
        .help("Time to produce a reply, from packet in to packet out of the resolver")
        .classicOnly()
        .classicUpperBounds(5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 5e-3, 2.5e-2)
        .register(registry);
    for (Transport t : Transport.values()) {
      truncatedPoints[t.ordinal()] = truncated.labelValues(label(t));
      droppedPoints[t.ordinal()] = dropped.labelValues(label(t));
    }
    drops = rateLimited.labelValues("drop");
    slips = rateLimited.labelValues("slip");
  }

  @Override
  public void answered(Transport transport, InetSocketAddress client, byte[] reply, int length, String target,
      long nanos) {
    int qtype = Wire.questionType(reply, length);
    int rcode = reply[3] & 0x0F;
    int slot = (transport.ordinal() * TYPE_SLOTS + typeSlot(qtype)) * RCODES + rcode;
    CounterDataPoint point = queryPoints.get(slot);
    if (point == null) {
      point = queries.labelValues(label(transport), typeLabel(qtype), Rcode.string(rcode));
      queryPoints.set(slot, point);
    }
    point.inc();
    if ((reply[2] & 0x02) != 0) {
      truncatedPoints[transport.ordinal()].inc();
    }
    latency.observe(nanos / 1e9);
    if (logQueries) {
      queryLog.info("client={} transport={} name={} type={} rcode={} target={}",
          client == null ? "-" : AddressText.of(client.getAddress()) + "#" + client.getPort(), label(transport),
          Wire.questionType(reply, length) < 0 ? "-" : Wire.nameText(reply, Wire.HEADER_LENGTH, length), qtype < 0 ? "-" : Type.string(qtype), Rcode.string(rcode),
          target == null ? "-" : target);
    }
  }

  @Override
  public void dropped(Transport transport, InetSocketAddress client) {
    droppedPoints[transport.ordinal()].inc();
  }

  @Override
  public void rateLimited(boolean slipped) {
    (slipped ? slips : drops).inc();
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

  private static String typeLabel(int qtype) {
    int slot = typeSlot(qtype);
    return slot == NO_QUESTION ? "none" : slot == OTHER_TYPE ? "other" : Type.string(qtype);
  }
}
