package io.wadns.transfer;

import io.wadns.tsig.TsigKeyring;
import io.wadns.zone.ZoneSet;

/**
 * The primary side of a fleet: publishes the served zones to secondaries after every load and
 * reload, and answers their transfer requests. Built once by {@code serve}.
 */
public final class Primary implements AutoCloseable {
  private final Publisher publisher = new Publisher();
  private final OutboundTransfers transfers;

  public Primary(TransferAcl allow, TsigKeyring keys) {
    this.transfers = new OutboundTransfers(publisher::zone, allow, keys, new TransferStats());
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
