package io.wadns.transfer;

import io.wadns.tsig.TsigKeyring;
import io.wadns.zone.ZoneSet;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The primary side of a fleet: publishes the served zones to secondaries after every load and
 * reload, and answers their transfer requests. Built once by {@code serve}.
 */
public final class Primary implements AutoCloseable {
  private final Publisher publisher;
  private final OutboundTransfers transfers;
  private final NotifySender notifier;

  /**
   * @param journals the folder of the IXFR journals, or null to keep them in memory only
   * @param journalBytes the most one zone's journal holds
   */
  public Primary(TransferAcl allow, List<NotifyTarget> notify, TsigKeyring keys, Path journals, long journalBytes) {
    this.publisher = new Publisher(journals == null ? null : new JournalFile(journals), journalBytes);
    TransferStats stats = new TransferStats();
    this.transfers = new OutboundTransfers(publisher::get, allow, keys, stats, true);
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2, r -> {
      Thread t = new Thread(r, "wadns-notify");
      t.setDaemon(true);
      return t;
    });
    scheduler.setRemoveOnCancelPolicy(true);
    SecureRandom random = new SecureRandom();
    // The first NOTIFY waits half a second: the server is listening by then, and a burst of reloads sends one.
    this.notifier = new NotifySender(notify, keys, new UdpNotifyChannel(), scheduler, NotifySender.BACKOFF,
        Duration.ofSeconds(2), Duration.ofMillis(500), random::nextInt, stats);
  }

  /** Called after the first load and after every reload, on the reload thread, with the zones now served. */
  public void loaded(ZoneSet served) {
    Publisher.Changes changes = publisher.publish(served);
    notifier.changed(changes.changed());
  }

  public OutboundTransfers transfers() {
    return transfers;
  }

  public TransferStats stats() {
    return transfers.stats();
  }

  @Override
  public void close() {
    notifier.close();
  }
}
