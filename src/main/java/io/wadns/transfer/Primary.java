package io.wadns.transfer;

import io.wadns.tsig.TsigKeyring;
import io.wadns.zone.ZoneSet;
import java.nio.file.Path;

/**
 * The primary side of a fleet: publishes the served zones to secondaries after every load and
 * reload, and answers their transfer requests. Built once by {@code serve}.
 */
public final class Primary implements AutoCloseable {
  private final Publisher publisher;
  private final OutboundTransfers transfers;

  /**
   * @param journals the folder of the IXFR journals, or null to keep them in memory only
   * @param journalBytes the most one zone's journal holds
   */
  public Primary(TransferAcl allow, TsigKeyring keys, Path journals, long journalBytes) {
    this.publisher = new Publisher(journals == null ? null : new JournalFile(journals), journalBytes);
    this.transfers = new OutboundTransfers(publisher::get, allow, keys, new TransferStats(), true);
  }

  /** Called after the first load and after every reload, on the reload thread, with the zones now served. */
  public void loaded(ZoneSet served) {
    publisher.publish(served);
  }

  public OutboundTransfers transfers() {
    return transfers;
  }

  public TransferStats stats() {
    return transfers.stats();
  }

  @Override
  public void close() {}
}
