package io.wadns.rrl;

import io.wadns.protocol.Wire;

import static io.wadns.rrl.ResponseRateLimiter.Decision.DROP;
import static io.wadns.rrl.ResponseRateLimiter.Decision.SEND;
import static io.wadns.rrl.ResponseRateLimiter.Decision.SLIP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wadns.rrl.ResponseRateLimiter.Decision;
import io.wadns.rrl.ResponseRateLimiter.Settings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class ResponseRateLimiterTest {
  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong clock = new AtomicLong(123 * SECOND + 456);

  private ResponseRateLimiter limiter(int rate) {
    return limiter(Settings.ofRate(rate));
  }

  private ResponseRateLimiter limiter(Settings settings) {
    return new ResponseRateLimiter(settings, clock::get);
  }

  private void advanceSeconds(double seconds) {
    clock.addAndGet((long) (seconds * SECOND));
  }

  // ---- under and over the rate ----

  @Test
  void repliesUnderTheRateAreAllSent() {
    ResponseRateLimiter rrl = limiter(5);
    byte[] reply = answer("www.example.com.", Type.A);
    for (int second = 0; second < 10; second++) {
      assertThat(decideMany(rrl, "192.0.2.1", reply, 5)).containsOnly(SEND).hasSize(5);
      advanceSeconds(1);
    }
  }

  @Test
  void repliesOverTheRateAreDroppedWithTheFirstAndEverySlipthSlipped() {
    ResponseRateLimiter rrl = limiter(5); // slip 2 by default
    List<Decision> decisions = decideMany(rrl, "192.0.2.1", answer("www.example.com.", Type.A), 15);

    assertThat(decisions.subList(0, 5)).containsOnly(SEND);
    assertThat(decisions.subList(5, 15))
        .containsExactly(SLIP, DROP, SLIP, DROP, SLIP, DROP, SLIP, DROP, SLIP, DROP);
  }

  @Test
  void slipThreeSlipsEveryThirdLimitedReply() {
    ResponseRateLimiter rrl = limiter(Settings.ofRate(1).withSlip(3));
    List<Decision> decisions = decideMany(rrl, "192.0.2.1", answer("www.example.com.", Type.A), 8);

    assertThat(decisions).containsExactly(SEND, SLIP, DROP, DROP, SLIP, DROP, DROP, SLIP);
  }

  @Test
  void slipZeroNeverSlips() {
    ResponseRateLimiter rrl = limiter(Settings.ofRate(3).withSlip(0));
    List<Decision> decisions = decideMany(rrl, "192.0.2.1", answer("www.example.com.", Type.A), 100);

    assertThat(decisions.subList(0, 3)).containsOnly(SEND);
    assertThat(decisions.subList(3, 100)).containsOnly(DROP);
  }

  @Test
  void slipOneSlipsEveryLimitedReply() {
    ResponseRateLimiter rrl = limiter(Settings.ofRate(3).withSlip(1));
    List<Decision> decisions = decideMany(rrl, "192.0.2.1", answer("www.example.com.", Type.A), 100);

    assertThat(decisions.subList(0, 3)).containsOnly(SEND);
    assertThat(decisions.subList(3, 100)).containsOnly(SLIP);
  }

  // ---- credit over time ----

  @Test
  void creditRefillsAtTheRatePerSecond() {
    ResponseRateLimiter rrl = limiter(Settings.ofRate(5).withSlip(0));
    byte[] reply = answer("www.example.com.", Type.A);
    assertThat(decideMany(rrl, "192.0.2.1", reply, 6)).containsExactly(SEND, SEND, SEND, SEND, SEND, DROP);

    advanceSeconds(1); // owes 1, earns 5
    assertThat(decideMany(rrl, "192.0.2.1", reply, 5)).containsExactly(SEND, SEND, SEND, SEND, DROP);

    advanceSeconds(0.5); // same second: no credit yet
    assertThat(rrl.decide(address("192.0.2.1"), reply, reply.length)).isEqualTo(DROP);
  }

  @Test
  void creditIsCappedAtOneSecondsWorth() {
    ResponseRateLimiter rrl = limiter(Settings.ofRate(5).withSlip(0));
    byte[] reply = answer("www.example.com.", Type.A);
    rrl.decide(address("192.0.2.1"), reply, reply.length);

    advanceSeconds(10); // a quiet client does not bank 50 responses
    assertThat(decideMany(rrl, "192.0.2.1", reply, 6)).containsExactly(SEND, SEND, SEND, SEND, SEND, DROP);
  }

  @Test
  void aFloodStaysLimitedUntilItHasBeenQuietForTheWindow() {
    ResponseRateLimiter rrl = limiter(new Settings(2, 0, 5, 24, 56, 1000));
    byte[] reply = answer("www.example.com.", Type.A);
    decideMany(rrl, "192.0.2.1", reply, 1000); // owes the whole window: 2/s x 5 s

    advanceSeconds(5); // five seconds of credit only pays the debt
    assertThat(rrl.decide(address("192.0.2.1"), reply, reply.length)).isEqualTo(DROP);

    advanceSeconds(6); // quiet for longer than the window: forgiven
    assertThat(decideMany(rrl, "192.0.2.1", reply, 3)).containsExactly(SEND, SEND, DROP);
  }

  @Test
  void aClockGoingBackwardsGivesNoCredit() {
    ResponseRateLimiter rrl = limiter(Settings.ofRate(2).withSlip(0));
    byte[] reply = answer("www.example.com.", Type.A);
    decideMany(rrl, "192.0.2.1", reply, 2);

    advanceSeconds(-30);
    assertThat(rrl.decide(address("192.0.2.1"), reply, reply.length)).isEqualTo(DROP);
    advanceSeconds(31);
    assertThat(rrl.decide(address("192.0.2.1"), reply, reply.length)).isEqualTo(SEND);
  }

  // ---- client networks ----

  @Test
  void clientsInOneSlash24ShareAnAccount() {
    ResponseRateLimiter rrl = limiter(Settings.ofRate(4).withSlip(0));
    byte[] reply = answer("www.example.com.", Type.A);
    decideMany(rrl, "198.51.100.1", reply, 4);

    assertThat(rrl.decide(address("198.51.100.254"), reply, reply.length)).isEqualTo(DROP);
  }

  @Test
  void clientsInDifferentSlash24sAreIndependent() {
    ResponseRateLimiter rrl = limiter(Settings.ofRate(4).withSlip(0));
    byte[] reply = answer("www.example.com.", Type.A);
    decideMany(rrl, "198.51.100.1", reply, 100);

    assertThat(decideMany(rrl, "198.51.101.1", reply, 4)).containsOnly(SEND);
    assertThat(decideMany(rrl, "198.51.99.255", reply, 4)).containsOnly(SEND);
    assertThat(decideMany(rrl, "203.0.113.1", reply, 4)).containsOnly(SEND);
  }

  @Test
  void theIpv4PrefixLengthIsConfigurable() {
    ResponseRateLimiter rrl = limiter(new Settings(1, 0, 15, 32, 56, 1000));
    byte[] reply = answer("www.example.com.", Type.A);
    decideMany(rrl, "198.51.100.1", reply, 10);

    assertThat(rrl.decide(address("198.51.100.2"), reply, reply.length)).isEqualTo(SEND);
  }

  @Test
  void ipv6ClientsAreGroupedBySlash56() {
    ResponseRateLimiter rrl = limiter(Settings.ofRate(4).withSlip(0));
    byte[] reply = answer("www.example.com.", Type.AAAA);
    decideMany(rrl, "2001:db8:aa:bb00::1", reply, 4);

    // Same /56 (only the last 8 bits of the fourth group differ, and the interface id).
    assertThat(rrl.decide(address("2001:db8:aa:bbff:1234::9"), reply, reply.length)).isEqualTo(DROP);
    // Next /56 over.
    assertThat(decideMany(rrl, "2001:db8:aa:bc00::1", reply, 4)).containsOnly(SEND);
  }

  @Test
  void anIpv4MappedAddressCountsAsItsIpv4Network() {
    ResponseRateLimiter rrl = limiter(Settings.ofRate(4).withSlip(0));
    byte[] reply = answer("www.example.com.", Type.A);
    decideMany(rrl, "192.0.2.7", reply, 4);

    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xFF;
    mapped[11] = (byte) 0xFF;
    System.arraycopy(address("192.0.2.99").getAddress(), 0, mapped, 12, 4);
    assertThat(rrl.decide(mapped, reply, reply.length)).isEqualTo(DROP);
  }

  @Test
  void ipv4AndIpv6AddressesOfTheSameBitsAreDifferentClients() {
    ResponseRateLimiter rrl = limiter(new Settings(1, 0, 15, 0, 0, 1000));
    byte[] reply = answer("www.example.com.", Type.A);
    decideMany(rrl, "192.0.2.1", reply, 2);

    assertThat(rrl.decide(address("2001:db8::1"), reply, reply.length)).isEqualTo(SEND);
  }

  @Test
  void anAddressOfTheWrongSizeIsRejected() {
    ResponseRateLimiter rrl = limiter(5);
    byte[] reply = answer("www.example.com.", Type.A);

    assertThatThrownBy(() -> rrl.decide(new byte[5], reply, reply.length))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- response identities ----

  @Test
  void answersForDifferentNamesOrTypesHaveTheirOwnAccounts() {
    ResponseRateLimiter rrl = limiter(Settings.ofRate(2).withSlip(0));
    decideMany(rrl, "192.0.2.1", answer("www.example.com.", Type.A), 10);

    assertThat(decideMany(rrl, "192.0.2.1", answer("mail.example.com.", Type.A), 2)).containsOnly(SEND);
    assertThat(decideMany(rrl, "192.0.2.1", answer("www.example.com.", Type.AAAA), 2)).containsOnly(SEND);
  }

  @Test
  void theQueryNameIsCountedCaseInsensitively() {
    ResponseRateLimiter rrl = limiter(Settings.ofRate(2).withSlip(0));
    decideMany(rrl, "192.0.2.1", answer("www.example.com.", Type.A), 2);

    byte[] shouted = answer("WWW.Example.COM.", Type.A);
    assertThat(rrl.decide(address("192.0.2.1"), shouted, shouted.length)).isEqualTo(DROP);
  }

  @Test
  void nameErrorsForRandomNamesInOneZoneShareOneAccount() {
    ResponseRateLimiter rrl = limiter(Settings.ofRate(10).withSlip(0));
    Random random = new Random(6);
    List<Decision> decisions = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      byte[] reply = nxdomain("q" + Integer.toHexString(random.nextInt()) + ".example.com.", "example.com.");
      decisions.add(rrl.decide(address("192.0.2.1"), reply, reply.length));
    }

    assertThat(decisions.subList(0, 10)).containsOnly(SEND);
    assertThat(decisions.subList(10, 100)).containsOnly(DROP);
    // Another zone, and the zone's positive answers, have their own accounts.
    byte[] otherZone = nxdomain("nope.example.net.", "example.net.");
    assertThat(rrl.decide(address("192.0.2.1"), otherZone, otherZone.length)).isEqualTo(SEND);
    byte[] positive = answer("www.example.com.", Type.A);
    assertThat(rrl.decide(address("192.0.2.1"), positive, positive.length)).isEqualTo(SEND);
  }

  @Test
  void aNameErrorWithoutSoaIsCountedByQueryName() {
    ResponseRateLimiter rrl = limiter(Settings.ofRate(1).withSlip(0));
    byte[] first = nxdomain("a.example.com.", null);
    byte[] second = nxdomain("b.example.com.", null);
    rrl.decide(address("192.0.2.1"), first, first.length);

    assertThat(rrl.decide(address("192.0.2.1"), first, first.length)).isEqualTo(DROP);
    assertThat(rrl.decide(address("192.0.2.1"), second, second.length)).isEqualTo(SEND);
  }

  @Test
  void referralsForRandomNamesUnderOneDelegationShareOneAccount() {
    ResponseRateLimiter rrl = limiter(Settings.ofRate(3).withSlip(0));
    List<Decision> decisions = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      byte[] reply = referral("r" + i + ".child.example.com.", "child.example.com.");
      decisions.add(rrl.decide(address("192.0.2.1"), reply, reply.length));
    }

    assertThat(decisions.subList(0, 3)).containsOnly(SEND);
    assertThat(decisions.subList(3, 20)).containsOnly(DROP);
  }

  @Test
  void errorResponsesOfOneClientShareOneAccount() {
    ResponseRateLimiter rrl = limiter(Settings.ofRate(3).withSlip(0));
    List<Decision> decisions = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      byte[] reply = error("n" + i + ".example.org.", i % 2 == 0 ? Rcode.REFUSED : Rcode.SERVFAIL);
      decisions.add(rrl.decide(address("192.0.2.1"), reply, reply.length));
    }

    assertThat(decisions.subList(0, 3)).containsOnly(SEND);
    assertThat(decisions.subList(3, 10)).containsOnly(DROP);
    byte[] otherClient = error("n.example.org.", Rcode.REFUSED);
    assertThat(rrl.decide(address("192.0.3.1"), otherClient, otherClient.length)).isEqualTo(SEND);
  }

  @Test
  void unreadableRepliesCountAsErrorsAndNeverThrow() {
    ResponseRateLimiter rrl = limiter(Settings.ofRate(1000).withSlip(1));
    Random random = new Random(42);
    byte[] valid = nxdomain("x.example.com.", "example.com.");
    for (int i = 0; i < 20_000; i++) {
      byte[] reply = Arrays.copyOf(valid, valid.length);
      for (int flips = random.nextInt(8); flips >= 0; flips--) {
        reply[random.nextInt(reply.length)] = (byte) random.nextInt(256);
      }
      int length = random.nextInt(reply.length + 1);
      Decision decision = rrl.decide(address("192.0.2.1"), reply, length);
      assertThat(decision).isNotNull();
      if (decision == SLIP) {
        assertThat(ResponseRateLimiter.slip(reply, length)).isBetween(0, length);
      }
    }
    byte[] empty = new byte[0];
    assertThat(rrl.decide(address("192.0.2.1"), empty, 0)).isNotNull();
  }

  // ---- the slip reply ----

  @Test
  void slipRewritesAnAnswerIntoATruncatedQuestionOnlyReply() throws Exception {
    byte[] reply = answer("www.example.com.", Type.A);

    int length = ResponseRateLimiter.slip(reply, reply.length);

    Message slipped = new Message(Arrays.copyOf(reply, length));
    assertThat(slipped.getHeader().getID()).isEqualTo(0x4242);
    assertThat(slipped.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(slipped.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(slipped.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(slipped.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(slipped.getQuestion().getName()).isEqualTo(Name.fromString("www.example.com."));
    assertThat(slipped.getQuestion().getType()).isEqualTo(Type.A);
    assertThat(slipped.getSection(Section.ANSWER)).isEmpty();
    assertThat(slipped.getSection(Section.AUTHORITY)).isEmpty();
    assertThat(slipped.getSection(Section.ADDITIONAL)).isEmpty();
    assertThat(length).isEqualTo(12 + Name.fromString("www.example.com.").length() + 4);
  }

  @Test
  void slipKeepsTheRcodeAndTheOptRecord() throws Exception {
    Message m = nxdomainMessage("x.example.com.", "example.com.");
    m.addRecord(new OPTRecord(1232, 0, 0, Flags.DO), Section.ADDITIONAL);
    byte[] reply = m.toWire();

    int length = ResponseRateLimiter.slip(reply, reply.length);

    Message slipped = new Message(Arrays.copyOf(reply, length));
    assertThat(slipped.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(slipped.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(slipped.getSection(Section.AUTHORITY)).isEmpty();
    assertThat(slipped.getOPT()).isNotNull();
    assertThat(slipped.getOPT().getPayloadSize()).isEqualTo(1232);
    assertThat(slipped.getOPT().getFlags() & Flags.DO).isEqualTo(Flags.DO);
    assertThat(slipped.getSection(Section.ADDITIONAL)).hasSize(1);
  }

  @Test
  void slipOfAReplyWithoutHeaderIsEmpty() {
    assertThat(ResponseRateLimiter.slip(new byte[11], 11)).isZero();
  }

  // ---- bounds and threads ----

  @Test
  void theTableStaysBoundedAfterAMillionDistinctClients() {
    int max = 10_000;
    ResponseRateLimiter rrl = limiter(new Settings(2, 2, 15, 24, 56, max));
    byte[] reply = answer("www.example.com.", Type.A);
    byte[] client = new byte[4];
    for (int i = 0; i < 1_000_000; i++) {
      int network = (i + 1) << 8; // a distinct /24 each time
      client[0] = (byte) (network >>> 24);
      client[1] = (byte) (network >>> 16);
      client[2] = (byte) (network >>> 8);
      assertThat(rrl.decide(client, reply, reply.length)).isEqualTo(SEND);
      if (i % 1000 == 0) {
        advanceSeconds(0.01);
      }
      if ((i & 0xFFFF) == 0) {
        assertThat(rrl.tableSize()).isLessThanOrEqualTo(max);
      }
    }
    assertThat(rrl.tableSize()).isLessThanOrEqualTo(max).isGreaterThan(max / 2);
    // The table still limits a fresh flood after all that churn.
    assertThat(decideMany(rrl, "192.0.2.1", reply, 4)).containsExactly(SEND, SEND, SLIP, DROP);
  }

  @Test
  void aSprayOfNewClientsDoesNotEvictAnActiveFlood() {
    ResponseRateLimiter rrl = limiter(new Settings(2, 0, 15, 24, 56, 10_000));
    byte[] reply = answer("www.example.com.", Type.A);
    byte[] client = new byte[4];
    decideMany(rrl, "192.0.2.1", reply, 10);
    for (int i = 0; i < 50_000; i++) {
      if (i % 100 == 0) {
        advanceSeconds(0.25);
        // The flood goes on; the spray of 100 new networks per quarter second goes past it.
        assertThat(rrl.decide(address("192.0.2.1"), reply, reply.length)).isEqualTo(DROP);
      }
      int network = (i + 1000) << 8;
      client[0] = (byte) (network >>> 24);
      client[1] = (byte) (network >>> 16);
      client[2] = (byte) (network >>> 8);
      rrl.decide(client, reply, reply.length);
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void concurrentDecisionsOnOneAccountAddUpExactly() throws Exception {
    int rate = 1000;
    ResponseRateLimiter rrl = limiter(Settings.ofRate(rate)); // the clock stands still: one second's credit
    byte[] reply = answer("www.example.com.", Type.A);
    byte[] client = address("192.0.2.1").getAddress();
    int threads = 4;
    int perThread = 100_000;

    Map<Decision, Long> totals = runConcurrently(threads, t -> {
      long[] counts = new long[Decision.values().length];
      for (int i = 0; i < perThread; i++) {
        counts[rrl.decide(client, reply, reply.length).ordinal()]++;
      }
      return counts;
    });

    long limited = (long) threads * perThread - rate;
    assertThat(totals.get(SEND)).isEqualTo(rate);
    assertThat(totals.get(SLIP)).isEqualTo((limited + 1) / 2);
    assertThat(totals.get(DROP)).isEqualTo(limited / 2);
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void concurrentDecisionsOverManyClientsStayBoundedAndConsistent() throws Exception {
    int max = 5_000;
    ResponseRateLimiter rrl = limiter(new Settings(5, 2, 15, 24, 56, max));
    int threads = 4;
    int perThread = 100_000;

    Map<Decision, Long> totals = runConcurrently(threads, t -> {
      byte[] reply = answer("t" + t + ".example.com.", Type.A);
      byte[] client = new byte[4];
      Random random = new Random(t);
      long[] counts = new long[Decision.values().length];
      for (int i = 0; i < perThread; i++) {
        int network = random.nextInt(20_000) << 8;
        client[0] = (byte) (network >>> 24);
        client[1] = (byte) (network >>> 16);
        client[2] = (byte) (network >>> 8);
        counts[rrl.decide(client, reply, reply.length).ordinal()]++;
        if (i % 10_000 == 0) {
          clock.addAndGet(SECOND / 4);
        }
      }
      return counts;
    });

    assertThat(totals.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(threads * perThread);
    assertThat(totals.get(SEND)).isPositive();
    assertThat(rrl.tableSize()).isLessThanOrEqualTo(max);
  }

  // ---- settings ----

  @Test
  void settingsDefaultToBindsValues() {
    Settings settings = Settings.ofRate(20);

    assertThat(settings)
        .isEqualTo(new Settings(20, 2, 15, 24, 56, Settings.DEFAULT_MAX_TABLE_ENTRIES));
    assertThat(settings.withSlip(0).slip()).isZero();
  }

  @Test
  void settingsOutOfRangeAreRejectedWithTheirName() {
    assertThatThrownBy(() -> Settings.ofRate(0)).hasMessageContaining("responsesPerSecond");
    assertThatThrownBy(() -> Settings.ofRate(5).withSlip(11)).hasMessageContaining("slip");
    assertThatThrownBy(() -> new Settings(5, 2, 0, 24, 56, 10)).hasMessageContaining("windowSeconds");
    assertThatThrownBy(() -> new Settings(5, 2, 15, 33, 56, 10)).hasMessageContaining("ipv4PrefixLength");
    assertThatThrownBy(() -> new Settings(5, 2, 15, 24, 129, 10)).hasMessageContaining("ipv6PrefixLength");
    assertThatThrownBy(() -> new Settings(5, 2, 15, 24, 56, 0)).hasMessageContaining("maxTableEntries");
  }

  @Test
  void aTinyTableStillWorks() {
    ResponseRateLimiter rrl = limiter(new Settings(1, 0, 15, 24, 56, 1));
    byte[] reply = answer("www.example.com.", Type.A);

    assertThat(decideMany(rrl, "192.0.2.1", reply, 2)).containsExactly(SEND, DROP);
    assertThat(decideMany(rrl, "192.0.3.1", reply, 2)).containsExactly(SEND, DROP);
    assertThat(rrl.tableSize()).isEqualTo(1);
  }

  // ---- helpers ----

  private interface Worker {
    long[] run(int thread) throws Exception;
  }

  private static Map<Decision, Long> runConcurrently(int threads, Worker worker) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<long[]>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit((Callable<long[]>) () -> worker.run(thread)));
      }
      Map<Decision, Long> totals = new EnumMap<>(Decision.class);
      for (Decision d : Decision.values()) {
        totals.put(d, 0L);
      }
      for (Future<long[]> f : futures) {
        long[] counts = f.get();
        for (Decision d : Decision.values()) {
          totals.merge(d, counts[d.ordinal()], Long::sum);
        }
      }
      return totals;
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Decision> decideMany(ResponseRateLimiter rrl, String client, byte[] reply, int n) {
    InetAddress address = address(client);
    List<Decision> decisions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      decisions.add(rrl.decide(address, reply, reply.length));
    }
    return decisions;
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static Message reply(String qname, int qtype, int rcode) {
    Message m = new Message(0x4242);
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setFlag(Flags.AA);
    m.getHeader().setRcode(rcode);
    m.addRecord(Record.newRecord(Wire.name(qname), qtype, DClass.IN), Section.QUESTION);
    return m;
  }

  private static byte[] answer(String qname, int qtype) {
    Message m = reply(qname, qtype, Rcode.NOERROR);
    Name name = Wire.name(qname);
    Record record =
        qtype == Type.AAAA
            ? Record.newRecord(name, Type.AAAA, DClass.IN, 300, address("2001:db8::53").getAddress())
            : new ARecord(name, DClass.IN, 300, address("192.0.2.53"));
    m.addRecord(record, Section.ANSWER);
    return m.toWire();
  }

  private static Message nxdomainMessage(String qname, String zone) {
    Message m = reply(qname, Type.A, Rcode.NXDOMAIN);
    if (zone != null) {
      Name origin = Wire.name(zone);
      m.addRecord(
          new SOARecord(origin, DClass.IN, 300, Wire.name("ns1." + zone), Wire.name("admin." + zone),
              2024010101L, 3600, 600, 86400, 300),
          Section.AUTHORITY);
    }
    return m;
  }

  private static byte[] nxdomain(String qname, String zone) {
    return nxdomainMessage(qname, zone).toWire();
  }

  private static byte[] referral(String qname, String cut) {
    Message m = reply(qname, Type.A, Rcode.NOERROR);
    m.getHeader().unsetFlag(Flags.AA);
    Name owner = Wire.name(cut);
    m.addRecord(new NSRecord(owner, DClass.IN, 3600, Wire.name("ns1." + cut)), Section.AUTHORITY);
    m.addRecord(new NSRecord(owner, DClass.IN, 3600, Wire.name("ns2." + cut)), Section.AUTHORITY);
    return m.toWire();
  }

  private static byte[] error(String qname, int rcode) {
    return reply(qname, Type.A, rcode).toWire();
  }
}
