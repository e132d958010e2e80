package io.wadns.transfer;

import io.wadns.text.AddressText;
import io.wadns.tsig.TsigErrors;
import io.wadns.tsig.TsigKeyring;
import io.wadns.zone.Zone;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/**
 * Tells the secondaries of every change of a primary zone (RFC 1996): a NOTIFY with the zone's new
 * SOA, signed when the target names a key, sent again after each {@link #backoff} step until the
 * secondary answers it (§3.6, §4.1: retried with increasing intervals) or the steps run out. A newer
 * change of the same zone replaces a NOTIFY still being retried for that secondary. An answer with
 * an error (REFUSED, NOTAUTH: a secondary that will not take it) ends the retries at once, if it is signed
 * as the NOTIFY was; a NOTAUTH that gives the TSIG error of a NOTIFY the secondary could not verify (RFC
 * 8945 §5.2) does too, and the error is logged.
 *
 * <p>Runs on a scheduler of its own, never a query thread; the scheduler and the channel are given,
 * so tests control time and the network.
 */
final class NotifySender implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("wadns");
  /** RFC 1996 §3.6 leaves the intervals to the primary; these double, as Knot's and BIND's do. */
  static final List<Duration> BACKOFF = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
      Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16), Duration.ofSeconds(32),
      Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(60));

  private final List<NotifyTarget> targets;
  private final TsigKeyring keys;
  private final NotifyChannel channel;
  private final ScheduledExecutorService scheduler;
  private final List<Duration> backoff;
  private final Duration timeout;
  private final Duration delay;
  private final IntSupplier ids;
  private final TransferStats stats;
  private final Map<Pending, Chain> pending = new ConcurrentHashMap<>();

  private record Pending(Name zone, NotifyTarget target) {}

  /** The tries of one NOTIFY; a newer change supersedes it. */
  private static final class Chain {
    volatile ScheduledFuture<?> next;
    volatile boolean superseded;
  }

  /**
   * @param backoff the waits between tries; the number of tries is one more
   * @param timeout how long each try waits for the answer
   * @param delay how long after a change the first NOTIFY goes (a burst of reloads sends one)
   * @param ids message IDs (RFC 5452 §9.2: unpredictable)
   */
  NotifySender(List<NotifyTarget> targets, TsigKeyring keys, NotifyChannel channel,
      ScheduledExecutorService scheduler, List<Duration> backoff, Duration timeout, Duration delay, IntSupplier ids,
      TransferStats stats) {
    this.targets = List.copyOf(targets);
    this.keys = keys;
    this.channel = channel;
    this.scheduler = scheduler;
    this.backoff = List.copyOf(backoff);
    this.timeout = timeout;
    this.delay = delay;
    this.ids = ids;
    this.stats = stats;
  }

  /** Schedules a NOTIFY of each zone to every target, after the delay this sender was made with. */
  void changed(List<Zone> zones) {
    changed(zones, delay);
  }

  /** Schedules a NOTIFY of each zone to every target, after {@code delay}. */
  void changed(List<Zone> zones, Duration delay) {
    for (Zone z : zones) {
      SOARecord soa = (SOARecord) z.apex().get(Type.SOA).first();
      for (NotifyTarget t : targets) {
        Pending key = new Pending(z.origin(), t);
        Chain chain = new Chain();
        Chain older = pending.put(key, chain);
        if (older != null) {
          older.superseded = true; // the newer serial is what the secondary must hear of
          ScheduledFuture<?> f = older.next;
          if (f != null) {
            f.cancel(false);
          }
        }
        chain.next = scheduler.schedule(() -> attempt(key, chain, soa, 0), delay.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  /**
   * Stops the NOTIFYs of {@code zones}, no longer served: a secondary need not hear of a zone it will not
   * find, and their tries would count it in the metrics again after its counters were dropped.
   */
  void forget(java.util.Collection<Name> zones) {
    if (zones.isEmpty()) {
      return;
    }
    java.util.Set<Name> gone = new java.util.HashSet<>(zones);
    pending.entrySet().removeIf(e -> {
      if (!gone.contains(e.getKey().zone())) {
        return false;
      }
      Chain chain = e.getValue();
      chain.superseded = true;
      ScheduledFuture<?> f = chain.next;
      if (f != null) {
        f.cancel(false);
      }
      return true;
    });
  }

  private void attempt(Pending key, Chain chain, SOARecord soa, int tries) {
    if (chain.superseded) {
      return;
    }
    NotifyTarget t = key.target();
    String target = AddressText.of(t.address());
    String zone = key.zone().toString();
    Message notify = message(key.zone(), soa);
    TSIG tsig = t.key() == null ? null : keys.signer(t.key());
    if (tsig != null) {
      tsig.apply(notify, null);
    }
    byte[] wire = notify.toWire();
    stats.notified(zone, target, TransferStats.NotifyOutcome.SENT);
    // Sent now; the answer (or the timeout) is handled on the scheduler, so no thread waits for a
    // secondary and every target is told at once.
    channel.exchange(t.address(), wire, timeout).whenComplete((answer, error) -> {
      try {
        scheduler.execute(() -> answered(key, chain, soa, tries, notify, tsig, answer, error));
      } catch (java.util.concurrent.RejectedExecutionException stopping) {
        // shutting down: nothing more is sent
      }
    });
  }

  /** What came back for a NOTIFY: acknowledged, refused, or tried again after the back-off. */
  private void answered(Pending key, Chain chain, SOARecord soa, int tries, Message notify, TSIG tsig, byte[] answer,
      Throwable error) {
    NotifyTarget t = key.target();
    String target = AddressText.of(t.address());
    String zone = key.zone().toString();
    int rcode = -1;
    String tsigError = "";
    String problem = error != null ? io.wadns.text.ErrorText.of(error)
        : "no answer within " + timeout.toMillis() + " ms";
    try {
      if (answer != null) {
        Message reply = new Message(answer);
        if (!reply.getHeader().getFlag(Flags.QR) || reply.getHeader().getOpcode() != Opcode.NOTIFY) {
          problem = "an answer that is not to a NOTIFY";
        } else if (tsig != null && tsigFailure(reply, answer, notify, t, tsig)) {
          // RFC 8945 §5.2: the secondary could not verify our TSIG and said why; asking again would fail alike
          rcode = Rcode.NOTAUTH;
          tsigError = ", TSIG error " + TsigErrors.name(reply.getTSIG().getError())
              + TsigErrors.meaning(reply.getTSIG().getError(), "secondary");
        } else if (tsig != null && reply.getTSIG() == null) {
          problem = "an unsigned answer to a signed NOTIFY (RFC 8945 §5.3)";
        } else if (tsig != null && tsig.verify(reply, answer, notify.getTSIG()) != Rcode.NOERROR) {
          problem = "an answer whose TSIG does not verify";
        } else {
          rcode = reply.getRcode();
        }
      }
    } catch (IOException | RuntimeException e) {
      problem = io.wadns.text.ErrorText.of(e);
    }
    if (chain.superseded) {
      return; // a newer serial's NOTIFY has taken over
    }
    int tried = tries + 1;
    // Each outcome is logged before it is counted: whoever sees the count finds its line in the log.
    if (rcode == Rcode.NOERROR) {
      log.info("NOTIFY of {} serial {} to {} acknowledged (try {})", zone, soa.getSerial(), target, tried);
      stats.notified(zone, target, TransferStats.NotifyOutcome.ACKNOWLEDGED);
      pending.remove(key, chain);
      return;
    }
    if (rcode > 0 || tries >= backoff.size()) {
      log.warn("NOTIFY of {} serial {} to {} failed after {} tr{}: {}", zone, soa.getSerial(), target, tried,
          tried == 1 ? "y" : "ies", rcode > 0 ? "answered " + Rcode.string(rcode) + tsigError : problem);
      stats.notified(zone, target, TransferStats.NotifyOutcome.FAILED);
      pending.remove(key, chain);
      return;
    }
    log.debug("NOTIFY of {} to {}: {}; trying again in {}", zone, target, problem, backoff.get(tries));
    chain.next = scheduler.schedule(() -> attempt(key, chain, soa, tried), backoff.get(tries).toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * True when {@code reply} is a secondary's TSIG error answer to {@code notify} (RFC 8945 §5.2): NOTAUTH
   * with a TSIG of our key's name for our message ID whose error is BADKEY or BADSIG, unsigned as §5.2.1
   * and §5.2.2 have it, or BADTIME, signed with our key (§5.2.3). An unsigned answer of another kind is
   * not taken as an answer at all (§5.4) and the NOTIFY is sent again.
   */
  private static boolean tsigFailure(Message reply, byte[] answer, Message notify, NotifyTarget t, TSIG tsig) {
    org.xbill.DNS.TSIGRecord r = reply.getTSIG();
    if (reply.getHeader().getRcode() != Rcode.NOTAUTH || r == null || !r.getName().equals(t.key())
        || r.getOriginalID() != notify.getHeader().getID()) {
      return false;
    }
    return switch (r.getError()) {
      case Rcode.BADKEY, Rcode.BADSIG -> r.getSignature().length == 0;
      case Rcode.BADTIME -> tsig.verify(reply, answer, notify.getTSIG()) == Rcode.NOERROR;
      default -> false;
    };
  }

  /** RFC 1996 §3.7: opcode NOTIFY, AA set, the zone's SOA as the question and in the answer. */
  private Message message(Name zone, SOARecord soa) {
    Message m = new Message(ids.getAsInt() & 0xFFFF);
    m.getHeader().setOpcode(Opcode.NOTIFY);
    m.getHeader().setFlag(Flags.AA);
    m.addRecord(Record.newRecord(zone, Type.SOA, DClass.IN), Section.QUESTION);
    m.addRecord(soa, Section.ANSWER);
    return m;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    channel.close();
  }
}
