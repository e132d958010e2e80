package io.wadns.config;

import io.wadns.transfer.NotifyTarget;
import io.wadns.transfer.TransferAcl;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code transfer:} section: the primary side of zone transfer.
 *
 * @param allow who may AXFR and IXFR the primary zones (nobody by default)
 * @param notifyTargets the secondaries told of each change (RFC 1996)
 * @param journal the folder of the IXFR journals (RFC 1995), kept across restarts
 * @param journalBytes the most one zone's journal holds; the oldest changes go first
 */
public record TransferConfig(TransferAcl allow, List<NotifyTarget> notifyTargets, Path journal, long journalBytes) {
  /** 16 MiB: hundreds of thousands of changed records per zone, held in memory and on disk. */
  public static final long DEFAULT_JOURNAL_BYTES = 16L << 20;

  public TransferConfig {
    notifyTargets = List.copyOf(notifyTargets);
  }

  static TransferConfig none() {
    return new TransferConfig(TransferAcl.NOBODY, List.of(), null, DEFAULT_JOURNAL_BYTES);
  }

  /** True when the file configured anything of the primary side. */
  public boolean configured() {
    return !allow.isEmpty() || !notifyTargets.isEmpty();
  }
}
