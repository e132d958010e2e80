package io.wadns.transfer;

import io.wadns.text.AddressPrefix;
import static io.wadns.transfer.TransferTesting.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.metrics.MetricsRegistry;
import io.wadns.metrics.TransferMetrics;
import io.wadns.zone.ZoneSet;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** {@code /metrics} of the primary side: per zone serial, journal, transfers, refusals and NOTIFYs. */
class TransferMetricsTest {
  @Test
  void everyTransferAndNotifyShowsPerZone() throws Exception {
    TransferAcl loopback = new TransferAcl(List.of(new TransferAcl.Rule(new AddressPrefix(LOOPBACK.getAddress(), 8),
        null)));
    Primary primary = new Primary(loopback, List.of(), KEYS, null, 1 << 20, null);
    primary.loaded(new ZoneSet(List.of(IxfrOutTest.v1())));
    primary.loaded(new ZoneSet(List.of(IxfrOutTest.v2())));
    drain(primary.transfers().answer(request("example.com.", Type.AXFR).toWire(), LOOPBACK));
    drain(primary.transfers().answer(AxfrOutTest.ixfr(1), LOOPBACK));
    drain(primary.transfers().answer(request("example.com.", Type.AXFR).toWire(), ELSEWHERE));
    primary.stats().notified("example.com.", "127.0.0.3:53", TransferStats.NotifyOutcome.SENT);
    primary.stats().notified("example.com.", "127.0.0.3:53", TransferStats.NotifyOutcome.ACKNOWLEDGED);
    MetricsRegistry metrics = new MetricsRegistry();
    TransferMetrics.register(metrics.prometheus(), primary.stats(), primary::published);
    String text = new String(metrics.scrape(), StandardCharsets.UTF_8);
    assertThat(text).contains("wadns_published_serial{zone=\"example.com.\"} 2")
        .contains("wadns_journal_differences{zone=\"example.com.\"} 1")
        .contains("wadns_transfers_total{type=\"axfr\",zone=\"example.com.\"} 1")
        .contains("wadns_transfers_total{type=\"ixfr\",zone=\"example.com.\"} 1")
        .contains("wadns_transfer_bytes_total{type=\"ixfr\",zone=\"example.com.\"}")
        .contains("wadns_transfer_seconds_total{type=\"axfr\",zone=\"example.com.\"}")
        .contains("wadns_transfers_refused_total{rcode=\"REFUSED\"} 1")
        .contains("wadns_notify_total{result=\"acknowledged\",target=\"127.0.0.3:53\",zone=\"example.com.\"} 1");

    // The zone is removed: its series go with it.
    primary.loaded(new ZoneSet(List.of()));
    String after = new String(metrics.scrape(), StandardCharsets.UTF_8);
    assertThat(after).doesNotContain("zone=\"example.com.\"")
        .contains("wadns_transfers_refused_total{rcode=\"REFUSED\"} 1");
    primary.close();
  }
}
