package io.wadns.transfer;

import static io.wadns.transfer.TransferTesting.*;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.wadns.testing.LogCapture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** NOTIFY out (RFC 1996): sent after a change, signed, retried with back-off until answered, superseded. */
@Timeout(30)
class NotifySenderTest {
  @RegisterExtension final LogCapture logs = LogCapture.of("wadns");
  private static final InetSocketAddress SECONDARY = new InetSocketAddress("127.0.0.3", 53);
  private static final List<Duration> FAST = List.of(Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(20));

  private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
  private final TransferStats stats = new TransferStats();
  /** Every NOTIFY the secondary got, in order. */
  private final List<Message> received = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  /** A secondary that answers each NOTIFY as {@code answer} says: null for silence. */
  private NotifySender sender(NotifyTarget target, Function<Message, Message> answer) {
    NotifyChannel channel = (to, wire, timeout) -> {
      Message m = parse(wire);
      received.add(m);
      Message reply = answer.apply(m);
      return CompletableFuture.completedFuture(reply == null ? null : reply.toWire());
    };
    AtomicInteger ids = new AtomicInteger(100);
    return new NotifySender(List.of(target), KEYS, channel, scheduler, FAST, Duration.ofMillis(50), Duration.ZERO,
        ids::incrementAndGet, stats);
  }

  private static Message ok(Message notify, int rcode) {
    Message reply = new Message(notify.getHeader().getID());
    reply.getHeader().setFlag(Flags.QR);
    reply.getHeader().setOpcode(Opcode.NOTIFY);
    reply.getHeader().setRcode(rcode);
    return reply;
  }

  private long count(TransferStats.NotifyOutcome outcome) {
    return stats.notified().stream().filter(n -> n.outcome() == outcome).mapToLong(TransferStats.Notified::count)
        .sum();
  }

  private void await(TransferStats.NotifyOutcome outcome, long n) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (count(outcome) < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(count(outcome)).as(outcome.toString()).isEqualTo(n);
  }

  @Test
  void aChangeIsNotifiedWithTheNewSoaAndAcknowledged() throws Exception {
    sender(new NotifyTarget(SECONDARY, null), m -> ok(m, Rcode.NOERROR)).changed(List.of(zone(5, 0, "")));
    await(TransferStats.NotifyOutcome.ACKNOWLEDGED, 1);
    Message notify = received.get(0);
    assertThat(notify.getHeader().getOpcode()).isEqualTo(Opcode.NOTIFY);
    assertThat(notify.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(notify.getQuestion().getType()).isEqualTo(Type.SOA);
    assertThat(notify.getQuestion().getName()).isEqualTo(name("example.com."));
    assertThat(((SOARecord) notify.getSection(Section.ANSWER).get(0)).getSerial()).isEqualTo(5);
    assertThat(count(TransferStats.NotifyOutcome.SENT)).isEqualTo(1);
  }

  @Test
  void silenceIsRetriedWithBackOffUntilAnswered() throws Exception {
    Deque<Boolean> answers = new ArrayDeque<>(List.of(false, false, true));
    sender(new NotifyTarget(SECONDARY, null), m -> answers.poll() ? ok(m, Rcode.NOERROR) : null)
        .changed(List.of(zone(5, 0, "")));
    await(TransferStats.NotifyOutcome.ACKNOWLEDGED, 1);
    assertThat(count(TransferStats.NotifyOutcome.SENT)).isEqualTo(3);
    assertThat(received).extracting(m -> m.getHeader().getID()).doesNotHaveDuplicates();
  }

  @Test
  void aSecondaryThatNeverAnswersIsGivenUpOnAfterTheLastStep() throws Exception {
    sender(new NotifyTarget(SECONDARY, null), m -> null).changed(List.of(zone(5, 0, "")));
    await(TransferStats.NotifyOutcome.FAILED, 1);
    assertThat(count(TransferStats.NotifyOutcome.SENT)).isEqualTo(FAST.size() + 1);
  }

  @Test
  void anUnsignedAnswerToASignedNotifyIsNoAcknowledgement() throws Exception {
    sender(new NotifyTarget(SECONDARY, XFR), m -> ok(m, Rcode.NOERROR)).changed(List.of(zone(5, 0, "")));
    await(TransferStats.NotifyOutcome.FAILED, 1);
    assertThat(count(TransferStats.NotifyOutcome.ACKNOWLEDGED)).isZero();
    assertThat(count(TransferStats.NotifyOutcome.SENT)).isEqualTo(FAST.size() + 1);
  }

  @Test
  void anErrorAnswerEndsTheRetries() throws Exception {
    sender(new NotifyTarget(SECONDARY, null), m -> ok(m, Rcode.NOTAUTH)).changed(List.of(zone(5, 0, "")));
    await(TransferStats.NotifyOutcome.FAILED, 1);
    Thread.sleep(100);
    assertThat(count(TransferStats.NotifyOutcome.SENT)).isEqualTo(1);
  }

  @Test
  void aTsigErrorEndsTheRetriesAndIsNamed() throws Exception {
    // RFC 8945 §5.2.2: a secondary with another secret under the key's name answers NOTAUTH with an
    // unsigned TSIG whose error is BADSIG; asking again would fail the same way
    sender(new NotifyTarget(SECONDARY, XFR), m -> parse(io.wadns.tsig.TsigErrors.append(ok(m, Rcode.NOTAUTH).toWire(),
        m, null, Rcode.BADSIG))).changed(List.of(zone(5, 0, "")));
    await(TransferStats.NotifyOutcome.FAILED, 1);
    Thread.sleep(100);
    assertThat(count(TransferStats.NotifyOutcome.SENT)).isEqualTo(1);
    assertThat(logs.messages(Level.WARN)).anyMatch(w -> w.contains("failed after 1 try: answered NOTAUTH, TSIG error "
        + "BADSIG (the secondary has another secret under the key's name)"));
  }

  @Test
  void anUnsignedNotauthWithoutATsigErrorIsNoAnswerAndTheNotifyIsSentAgain() throws Exception {
    // RFC 8945 §5.4: an answer to a signed request that carries no TSIG is not taken (anyone could send it)
    sender(new NotifyTarget(SECONDARY, XFR), m -> ok(m, Rcode.NOTAUTH)).changed(List.of(zone(5, 0, "")));
    await(TransferStats.NotifyOutcome.FAILED, 1);
    assertThat(count(TransferStats.NotifyOutcome.SENT)).isEqualTo(FAST.size() + 1);
    assertThat(logs.messages(Level.WARN)).anyMatch(w -> w.contains("an unsigned answer to a signed NOTIFY"));
  }

  @Test
  void aNotifyToATargetWithAKeyIsSignedAndItsAnswerMustBeToo() throws Exception {
    sender(new NotifyTarget(SECONDARY, XFR), m -> {
      Message reply = ok(m, Rcode.NOERROR);
      KEY.signer(java.time.Clock.systemUTC()).apply(reply, m.getTSIG());
      return reply;
    }).changed(List.of(zone(5, 0, "")));
    await(TransferStats.NotifyOutcome.ACKNOWLEDGED, 1);
    Message notify = received.get(0);
    assertThat(notify.getTSIG()).isNotNull();
    assertThat(KEY.signer(java.time.Clock.systemUTC()).verify(notify, notify.toWire(), null)).isEqualTo(Rcode.NOERROR);
  }

  @Test
  void aNewerChangeSupersedesTheRetriesOfAnOlderOne() throws Exception {
    // The first retry of serial 5 a whole second after its NOTIFY: serial 6 comes long before, however
    // slow the machine.
    NotifySender sender = silentAfterTheFirstNotifyOfSerial5(List.of(Duration.ofSeconds(1), Duration.ofMillis(200)));
    sender.changed(List.of(zone(6, 0, "")));
    await(TransferStats.NotifyOutcome.FAILED, 1);
    List<Long> serials = received.stream()
        .map(m -> ((SOARecord) m.getSection(Section.ANSWER).get(0)).getSerial()).toList();
    assertThat(serials).containsExactly(5L, 6L, 6L, 6L);
  }

  @Test
  void aRemovedZoneIsNotifiedNoMore() throws Exception {
    NotifySender sender = silentAfterTheFirstNotifyOfSerial5(List.of(Duration.ofMillis(300), Duration.ofMillis(300)));
    sender.forget(List.of(zone(5, 0, "").origin()));
    Thread.sleep(1000); // both retries would have gone by now
    assertThat(received).hasSize(1);
    assertThat(count(TransferStats.NotifyOutcome.FAILED)).isZero();
  }

  /** A sender to a silent secondary, with {@code backoff}, once the first NOTIFY of serial 5 has gone. */
  private NotifySender silentAfterTheFirstNotifyOfSerial5(List<Duration> backoff) throws InterruptedException {
    NotifyChannel silent = (to, wire, timeout) -> {
      received.add(parse(wire));
      return CompletableFuture.completedFuture(null);
    };
    NotifySender sender = new NotifySender(List.of(new NotifyTarget(SECONDARY, null)), KEYS, silent, scheduler,
        backoff, Duration.ofMillis(1), Duration.ZERO, () -> 1, stats);
    sender.changed(List.of(zone(5, 0, "")));
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (received.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    return sender;
  }
}
