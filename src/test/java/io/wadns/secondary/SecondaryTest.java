package io.wadns.secondary;

import static io.wadns.secondary.IncomingTransferTest.rr;
import static io.wadns.secondary.IncomingTransferTest.soa;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.wadns.health.HealthKeys;
import io.wadns.health.HealthRegistry;
import io.wadns.tsig.TsigKey;
import io.wadns.tsig.TsigKeyring;
import io.wadns.zone.RecordTypes;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSet;
import io.wadns.zonefile.LoadLimits;
import io.wadns.zonefile.ZoneLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/** A secondary zone against a scripted primary on loopback: transfers, store, checks, timers, NOTIFY. */
class SecondaryTest {
  @org.junit.jupiter.api.extension.RegisterExtension
  final io.wadns.testing.LogCapture log = io.wadns.testing.LogCapture.of("wadns");

  static final Name ORIGIN = IncomingTransferTest.ORIGIN;
  static final Name KEY = Name.fromConstantString("xfr.");
  static final byte[] SECRET = "a shared secret of 32 bytes!!!!!".getBytes(StandardCharsets.US_ASCII);

  @TempDir
  Path store;

  final Object loading = new Object();
  final HealthRegistry health = new HealthRegistry(Clock.systemUTC());
  final SettableClock clock = new SettableClock();
  final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  static final class SettableClock extends Clock {
    volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    /** An Error thrown once, on the next reading of the clock by a check thread. */
    final java.util.concurrent.atomic.AtomicReference<Error> failCheck = new java.util.concurrent.atomic
        .AtomicReference<>();

    @Override
    public Instant instant() {
      if (Thread.currentThread().getName().equals("wadns-secondary")) {
        Error e = failCheck.getAndSet(null);
        if (e != null) {
          throw e;
        }
      }
      return now;
    }
  }

  /** The zone at {@code serial}: static data, two weighted aliases, a health check; {@code extra} appended. */
  static List<Record> zone(long serial, String... extra) {
    RecordTypes.register();
    List<Record> records = new ArrayList<>(List.of(soa(serial),
        rr("example.com. 3600 NS ns1.example.com."),
        rr("ns1.example.com. 3600 A 192.0.2.53"),
        rr("a.example.com. 60 A 192.0.2.1"),
        rr("b.example.com. 60 A 192.0.2.2"),
        rr("www.example.com. 60 ALIAS 1 a"),
        rr("www.example.com. 60 ALIAS 3 b"),
        rr("b.example.com. 60 HEALTHCHECK tcp port=80 interval=60")));
    for (String e : extra) {
      records.add(rr(e));
    }
    return records;
  }

  static List<Record> axfr(List<Record> zone) {
    List<Record> out = new ArrayList<>(zone);
    out.add(zone.get(0));
    return out;
  }

  /** Answers AXFR with {@code versions}' last zone, IXFR from an older one with the difference. */
  static final class Versions {
    volatile List<Record> zone;
    volatile List<Record> previous;

    Versions(List<Record> zone) {
      this.zone = zone;
    }

    List<List<Record>> answer(Message q) {
      List<Record> now = zone;
      long serial = ((SOARecord) now.get(0)).getSerial();
      if (q.getQuestion().getType() == Type.IXFR) {
        long theirs = ((SOARecord) q.getSection(Section.AUTHORITY).get(0)).getSerial();
        if (theirs == serial) {
          return FakePrimary.one(List.of(now.get(0)));
        }
        if (previous != null && ((SOARecord) previous.get(0)).getSerial() == theirs) {
          List<Record> out = new ArrayList<>();
          out.add(now.get(0));
          out.add(previous.get(0));
          previous.stream().skip(1).filter(r -> !now.contains(r)).forEach(out::add);
          out.add(now.get(0));
          now.stream().skip(1).filter(r -> !previous.contains(r)).forEach(out::add);
          out.add(now.get(0));
          return FakePrimary.one(out);
        }
      }
      // the zone in two messages, as a primary with a large zone sends it
      List<Record> all = axfr(now);
      List<List<Record>> messages = new ArrayList<>();
      messages.add(all.subList(0, 3));
      messages.add(all.subList(3, all.size()));
      return messages;
    }

    void change(List<Record> next) {
      previous = zone;
      zone = next;
    }
  }

  FakePrimary primary(Versions v) throws Exception {
    FakePrimary p = new FakePrimary(v::answer);
    closing.add(p);
    return p;
  }

  Secondary secondary(FakePrimary p, Name key) {
    TsigKeyring keys = TsigKeyring.of(List.of(new TsigKey(KEY, TSIG.HMAC_SHA256, SECRET)), Clock.systemUTC());
    Secondary s = new Secondary(List.of(new Secondary.Followed(ORIGIN, List.of(p.address()), key)), List.of(), store,
        keys, health, loading, clock, LIMITS, ZONE_LIMITS);
    closing.add(s);
    return s;
  }

  static final TransferLimits LIMITS = new TransferLimits(Duration.ofSeconds(2), Duration.ofSeconds(5), 1000, 100,
      1 << 20);
  static final LoadLimits ZONE_LIMITS = new LoadLimits(List.of(), 1000, 0);

  /** Every record of {@code zone} but its SOA, as text. */
  static List<String> text(Zone zone) {
    List<String> out = new ArrayList<>();
    ZoneUpdate.records(zone).forEach(r -> out.add(r.toString()));
    return out;
  }

  static FollowedZone zoneOf(Secondary s) {
    return s.zone(ORIGIN);
  }

  static Zone served(Secondary s) {
    return s.served(ZoneSet::empty).get().find(ORIGIN);
  }

  /** A secondary of a fake primary at serial 1, started from an empty store and checked once. */
  record Following(Versions v, FakePrimary p, Secondary s, FollowedZone z) {}

  Following following() throws Exception {
    return following(1);
  }

  /** As {@link #following()}, the primary at {@code serial}. */
  Following following(long serial) throws Exception {
    Versions v = new Versions(zone(serial));
    FakePrimary p = primary(v);
    Secondary s = secondary(p, null);
    s.loadStore();
    FollowedZone z = zoneOf(s);
    s.check(z);
    return new Following(v, p, s, z);
  }

  @Test
  void firstContactIsAnAxfrWhoseAliasesAndChecksBecomeWeightedAndHealthRecords() throws Exception {
    Versions v = new Versions(zone(1));
    FakePrimary p = primary(v);
    Secondary s = secondary(p, null);
    s.loadStore();
    assertThat(s.served(ZoneSet::empty).get().failed()).as("nothing held yet").contains(ORIGIN);
    FollowedZone z = zoneOf(s);
    s.check(z);
    assertThat(p.requests.get(0).getQuestion().getType()).isEqualTo(Type.AXFR);
    Zone zone = served(s);
    assertThat(zone.serial()).isEqualTo(1);
    assertThat(zone.aliasOwners()).extracting(n -> n.name().toString()).containsExactly("www.example.com.");
    assertThat(zone.healthChecks()).hasSize(1);
    assertThat(health.all()).hasSize(1);
    assertThat(Files.readString(store.resolve("example.com.zone"))).contains("ALIAS").contains("HEALTHCHECK");
    assertThat(s.state().get(0).axfr().count()).isEqualTo(1);
  }

  @Test
  void aWholeTransferIsServedAsSentAndStoredAsTextThatReadsBackTheSame() throws Exception {
    Versions v = new Versions(zone(1, "Mixed.Case.example.com. 300 MX 10 Mail.example.com.",
        "txt.example.com. 300 TXT \"a;b\" \"c\\\"d\" \"\\255\"",
        "_sip._tcp.example.com. 300 SRV 0 5 5060 sip.example.com.",
        "example.com. 300 CAA 0 issue \"ca.example.net\"",
        "odd\\032name\\$.example.com. 300 A 192.0.2.9",
        "unknown.example.com. 300 TYPE65000 \\# 3 010203",
        "sub.example.com. 300 NS ns.sub.example.com.", "ns.sub.example.com. 300 A 192.0.2.10"));
    FakePrimary p = primary(v);
    Secondary s = secondary(p, null);
    s.loadStore();
    s.check(zoneOf(s));
    Zone zone = served(s);
    // As text, which holds the TTLs and the case of names (a dnsjava record's equals ignores both).
    List<String> sent = v.zone.subList(1, v.zone.size()).stream().map(Record::toString).toList(); // SOA aside
    assertThat(text(zone)).containsExactlyInAnyOrderElementsOf(sent).contains(
        "Mixed.Case.example.com.\t300\tIN\tMX\t10 Mail.example.com.");
    Zone stored = ZoneLoader.load(store.resolve("example.com.zone"), new HealthKeys(), ZONE_LIMITS).zone();
    assertThat(text(stored)).containsExactlyInAnyOrderElementsOf(text(zone));
    assertThat(stored.serial()).isEqualTo(zone.serial());
    assertThat(stored.aliasOwners()).extracting(o -> o.name().toString()).containsExactly("www.example.com.");
    assertThat(zone.aliasOwners()).extracting(o -> o.name().toString()).containsExactly("www.example.com.");
  }

  @Test
  void aTransferFromASigningPrimaryServedUnsignedIsWarnedOfOncePerVersion() throws Exception {
    String signature = "ubYQEGxqTPdBoTJF+5LLUyQwVd2hqOkHMwLYcVF1T0YcO3Yb8hR5yMkRyRCGtvwXmNF8jfO+8cjKVu0oF8YrJQ==";
    String rrsig = "a.example.com. 60 RRSIG A 13 3 60 20261231000000 20261201000000 40554 example.com. " + signature;
    Versions v = new Versions(zone(1, rrsig));
    FakePrimary p = primary(v);
    Secondary s = secondary(p, null);
    s.loadStore();
    FollowedZone z = zoneOf(s);
    s.check(z);
    assertThat(served(s).serial()).isEqualTo(1);
    s.served(ZoneSet::empty).get();
    assertThat(log.messages(ch.qos.logback.classic.Level.WARN)).filteredOn(m -> m.contains("signing done elsewhere"))
        .singleElement().asString()
        .startsWith("secondary zone example.com. holds RRSIG records (at 1 name, the first a.example.com.)");

    v.change(zone(2));
    s.check(z);
    assertThat(served(s).serial()).isEqualTo(2);
    assertThat(log.messages(ch.qos.logback.classic.Level.WARN)).as("a version without RRSIGs adds nothing")
        .filteredOn(m -> m.contains("signing done elsewhere")).hasSize(1);
  }

  @Test
  void metricsShowEachZonesSerialTransfersAndNotify() throws Exception {
    Following f = following();
    Versions v = f.v();
    Secondary s = f.s();
    v.change(zone(2, "c.example.com. 60 A 192.0.2.3"));
    s.check(zoneOf(s));
    s.notified(new byte[] {0, 1, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0}, new java.net.InetSocketAddress("192.0.2.9", 53));
    io.wadns.metrics.MetricsRegistry metrics = new io.wadns.metrics.MetricsRegistry();
    io.wadns.metrics.SecondaryMetrics.register(metrics.prometheus(), s::state, s::notifiesRefused);
    String text = new String(metrics.scrape(), StandardCharsets.UTF_8);
    assertThat(text).contains("wadns_secondary_serial{zone=\"example.com.\"} 2")
        .contains("wadns_secondary_served{zone=\"example.com.\"} 1")
        .contains("wadns_secondary_expired{zone=\"example.com.\"} 0")
        .contains("wadns_secondary_last_refresh_timestamp_seconds{zone=\"example.com.\"} 1.7672256E9")
        .contains("wadns_secondary_transfers_total{type=\"axfr\",zone=\"example.com.\"} 1")
        .contains("wadns_secondary_transfers_total{type=\"ixfr\",zone=\"example.com.\"} 1")
        .contains("wadns_secondary_transfer_bytes_total{type=\"ixfr\",zone=\"example.com.\"}")
        .contains("wadns_secondary_transfer_seconds_total{type=\"axfr\",zone=\"example.com.\"}")
        .contains("wadns_secondary_refresh_failures_total{zone=\"example.com.\"} 0")
        .contains("wadns_secondary_notify_refused_total 1");

    // A zone file of the same name hides the secondary zone: still held and refreshed, no longer answered from.
    java.util.function.Supplier<io.wadns.zone.ZoneSet> answered = s.served(
        () -> new io.wadns.zone.ZoneSet(List.of(zoneOf(s).zone)));
    assertThat(answered.get().zones()).hasSize(1);
    assertThat(s.state().get(0).served()).isFalse();
    assertThat(new String(metrics.scrape(), StandardCharsets.UTF_8))
        .contains("wadns_secondary_served{zone=\"example.com.\"} 0")
        .contains("wadns_secondary_serial{zone=\"example.com.\"} 2");
  }

  @Test
  void aChangeComesByIxfrAndIsStored() throws Exception {
    Following f = following();
    Versions v = f.v();
    FakePrimary p = f.p();
    Secondary s = f.s();
    FollowedZone z = f.z();
    v.change(zone(2, "c.example.com. 60 A 192.0.2.3"));
    s.check(z);
    assertThat(p.requests.get(1).getQuestion().getType()).isEqualTo(Type.IXFR);
    assertThat(served(s).serial()).isEqualTo(2);
    assertThat(served(s).node(Name.fromConstantString("c.example.com."))).isNotNull();
    assertThat(s.state().get(0).ixfr().count()).isEqualTo(1);
    // Served first, stored in the background once the zone is quiet.
    long deadline = System.nanoTime() + StoreWriter.QUIET.toNanos() + 10_000_000_000L;
    while (!Files.readString(store.resolve("example.com.zone")).contains("192.0.2.3")
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(Files.readString(store.resolve("example.com.zone"))).contains("192.0.2.3");
    s.check(z);
    assertThat(s.state().get(0).upToDate()).isEqualTo(1);
  }

  @Test
  void theStoredFileIsNotMarkedFreshWhileANewerVersionWaitsToBeWritten() throws Exception {
    Following f = following();
    Path file = store.resolve("example.com.zone");
    java.nio.file.attribute.FileTime stored = Files.getLastModifiedTime(file);
    f.v().change(zone(2, "c.example.com. 60 A 192.0.2.3"));
    f.s().check(f.z()); // by IXFR: served now, written once the zone is quiet
    assertThat(served(f.s()).serial()).isEqualTo(2);
    clock.now = clock.now.plusSeconds(3600);
    f.s().check(f.z()); // up to date
    assertThat(Files.readString(file)).as("serial 1 is still what the file holds").doesNotContain("192.0.2.3");
    assertThat(Files.getLastModifiedTime(file)).as("not marked as refreshed an hour later").isEqualTo(stored);
  }

  @Test
  void aVersionServedAndNotYetStoredIsStoredAtShutdown() throws Exception {
    Following f = following();
    Versions v = f.v();
    Secondary s = f.s();
    FollowedZone z = f.z();
    v.change(zone(2, "c.example.com. 60 A 192.0.2.3"));
    s.check(z);
    assertThat(served(s).serial()).isEqualTo(2);
    s.close();
    assertThat(Files.readString(store.resolve("example.com.zone"))).contains("192.0.2.3");
  }

  @Test
  void aHealthCheckOutsideTheProbeAllowListIsRefusedAsInAZoneFile() throws Exception {
    Versions v = new Versions(zone(1));
    FakePrimary p = primary(v);
    TsigKeyring keys = TsigKeyring.empty();
    LoadLimits onlyDocumentation = ZONE_LIMITS.withProbeTargets(new io.wadns.health.ProbeTargets(
        List.of(io.wadns.text.AddressPrefix.parse("198.51.100.0/24"))));
    Secondary s = new Secondary(List.of(new Secondary.Followed(ORIGIN, List.of(p.address()), null)), List.of(), store,
        keys, health, loading, clock, LIMITS, onlyDocumentation);
    closing.add(s);
    s.loadStore();
    s.check(zoneOf(s));
    assertThat(served(s)).as("b HEALTHCHECK probes 192.0.2.2").isNull();
    assertThat(s.state().get(0).refreshFailures()).isEqualTo(1);
  }

  @Test
  void anIxfrRefusedIsFollowedByAnAxfr() throws Exception {
    Following f = following();
    Versions v = f.v();
    FakePrimary p = f.p();
    Secondary s = f.s();
    FollowedZone z = f.z();
    p.refusedType = Type.IXFR;
    v.change(zone(2, "c.example.com. 60 A 192.0.2.3"));
    s.check(z);
    assertThat(p.requests).extracting(m -> m.getQuestion().getType()).containsExactly(Type.AXFR, Type.IXFR,
        Type.AXFR);
    assertThat(served(s).serial()).isEqualTo(2);
  }

  @Test
  void anIxfrThatCannotBeUsedIsFollowedByAnAxfr() throws Exception {
    Following f = following();
    Versions v = f.v();
    FakePrimary p = f.p();
    v.change(zone(2, "c.example.com. 60 A 192.0.2.3"));
    // The primary's history has a gap: its IXFR starts from serial 5 where the secondary holds 1. Asking
    // the same IXFR again would fail the same way until the zone expires.
    p.answer = q -> q.getQuestion().getType() == Type.IXFR
        ? FakePrimary.one(List.of(soa(2), soa(5), soa(2), rr("c.example.com. 60 A 192.0.2.3"), soa(2)))
        : v.answer(q);
    f.s().check(f.z());
    assertThat(p.requests).extracting(m -> m.getQuestion().getType()).containsExactly(Type.AXFR, Type.IXFR,
        Type.AXFR);
    assertThat(served(f.s()).serial()).isEqualTo(2);
    assertThat(f.s().state().get(0).refreshFailures()).isZero();
  }

  @Test
  void anIxfrCutShortBeforeItsFirstMessageIsNotAskedAgainAsAxfr() throws Exception {
    Following f = following();
    FakePrimary p = f.p();
    f.v().change(zone(2));
    p.answer = q -> q.getQuestion().getType() == Type.IXFR ? List.of() : f.v().answer(q); // closes at once
    f.s().check(f.z());
    assertThat(p.requests).extracting(m -> m.getQuestion().getType()).containsExactly(Type.AXFR, Type.IXFR);
    assertThat(served(f.s()).serial()).isEqualTo(1);
    assertThat(f.s().state().get(0).refreshFailures()).isEqualTo(1);
  }

  @Test
  void aTransferThatFailsTheZoneChecksIsNotServedAndTheVersionBeforeStays() throws Exception {
    Following f = following();
    Versions v = f.v();
    Secondary s = f.s();
    FollowedZone z = f.z();
    v.change(zone(2, "www.example.com. 60 ALIAS 1 missing"));
    s.check(z);
    assertThat(served(s).serial()).isEqualTo(1);
    assertThat(s.state().get(0).refreshFailures()).isEqualTo(1);
    // The record is named by its position in the transfer: the SOA is 1, the ninth record is the ALIAS.
    assertThat(log.messages(Level.WARN)).anySatisfy(
        m -> assertThat(m).startsWith("secondary zone example.com.: AXFR:9: ").contains("missing"));
    assertThat(Files.readString(store.resolve("example.com.zone"))).contains(" 1 7200 900");
  }

  @Test
  void aRestartServesTheStoredZoneWhileThePrimaryIsDown() throws Exception {
    Following f = following(4);
    FakePrimary p = f.p();
    Secondary s = f.s();
    s.close();
    p.answer = q -> List.of(); // down: it closes every connection unanswered (its port stays ours)
    Secondary again = secondary(p, null);
    again.loadStore();
    assertThat(served(again).serial()).isEqualTo(4);
    assertThat(served(again).aliasOwners()).hasSize(1);
    Duration next = again.check(zoneOf(again));
    assertThat(served(again).serial()).as("still served").isEqualTo(4);
    assertThat(next).isEqualTo(Duration.ofSeconds(900)); // the SOA's RETRY
  }

  @Test
  void aZoneExpiresAfterExpireWithoutRefreshAndAnswersServfailUntilARefreshWorks() throws Exception {
    Following f = following();
    Versions v = f.v();
    FakePrimary p = f.p();
    Secondary s = f.s();
    FollowedZone z = f.z();
    p.answer = q -> List.of(); // the primary breaks: it closes the connection without an answer
    clock.now = clock.now.plusSeconds(1209600);
    s.check(z);
    ZoneSet set = s.served(ZoneSet::empty).get();
    assertThat(set.find(ORIGIN)).isNull();
    assertThat(set.failed()).contains(ORIGIN);
    assertThat(s.state().get(0).expired()).isTrue();
    p.answer = v::answer;
    s.check(z);
    assertThat(served(s).serial()).isEqualTo(1);
  }

  @Test
  void transfersAreSignedAndVerifiedWithTheZonesKey() throws Exception {
    Versions v = new Versions(zone(1));
    FakePrimary p = primary(v);
    p.key = new TsigKey(KEY, TSIG.HMAC_SHA256, SECRET).signer(Clock.systemUTC());
    Secondary s = secondary(p, KEY);
    s.loadStore();
    s.check(zoneOf(s));
    assertThat(p.requests.get(0).getTSIG()).isNotNull();
    assertThat(served(s).serial()).isEqualTo(1);

    byte[] other = "another secret of 32 bytes!!!!!!".getBytes(StandardCharsets.US_ASCII);
    p.key = new TsigKey(KEY, TSIG.HMAC_SHA256, other).signer(Clock.systemUTC());
    v.change(zone(2));
    s.check(zoneOf(s));
    assertThat(served(s).serial()).as("a reply signed with another secret is not used").isEqualTo(1);
    assertThat(s.state().get(0).refreshFailures()).isEqualTo(1);
  }

  /** A NOTIFY of the zone (RFC 1996 §3.7: opcode NOTIFY, the SOA as the question), unsigned. */
  static Message notifyOfZone() {
    Message notify = Message.newQuery(Record.newRecord(ORIGIN, Type.SOA, DClass.IN));
    notify.getHeader().setOpcode(org.xbill.DNS.Opcode.NOTIFY);
    return notify;
  }

  @Test
  void notifyFromThePrimaryIsAnsweredAndFromAnyoneElseRefused() throws Exception {
    Versions v = new Versions(zone(1));
    FakePrimary p = primary(v);
    Secondary s = secondary(p, null);
    Message notify = notifyOfZone();
    byte[] reply = s.notified(notify.toWire(), new java.net.InetSocketAddress(p.address().getAddress(), 40000));
    Message r = new Message(reply);
    assertThat(r.getRcode()).isEqualTo(org.xbill.DNS.Rcode.NOERROR);
    assertThat(r.getHeader().getFlag(org.xbill.DNS.Flags.AA)).isTrue();
    assertThat(r.getHeader().getOpcode()).isEqualTo(org.xbill.DNS.Opcode.NOTIFY);
    assertThat(s.state().get(0).notifies()).isEqualTo(1);

    byte[] refused = s.notified(notify.toWire(), new java.net.InetSocketAddress("192.0.2.9", 53));
    assertThat(new Message(refused).getRcode()).isEqualTo(org.xbill.DNS.Rcode.REFUSED);
    assertThat(s.notifiesRefused()).isEqualTo(1);
  }

  /** A started secondary after its first check, and a NOTIFY (without SOA) from its primary's address. */
  record Notified(FakePrimary p, Secondary s, Message message, java.net.InetSocketAddress from) {}

  Notified startedAndNotified() throws Exception {
    FakePrimary p = primary(new Versions(zone(1)));
    Secondary s = secondary(p, null);
    s.start();
    awaitRequests(p, 1);
    Message notify = notifyOfZone();
    return new Notified(p, s, notify, new java.net.InetSocketAddress(p.address().getAddress(), 40000));
  }

  @Test
  void aFloodOfNotifyMakesAtMostOneCheckASecondEvenWhileChecksRun() throws Exception {
    Notified n = startedAndNotified();
    FakePrimary p = n.p();
    Secondary s = n.s();
    Message notify = n.message();
    java.net.InetSocketAddress from = n.from();
    // Without an SOA a NOTIFY cannot be found stale, so each asks for a check; many land while one runs.
    long end = System.nanoTime() + 2_500_000_000L;
    int sent = 0;
    while (System.nanoTime() < end) {
      s.notified(notify.toWire(), from);
      sent++;
      java.util.concurrent.locks.LockSupport.parkNanos(200_000);
    }
    int checks = p.requests.size() - 1;
    // a flood all the same on a busy machine, where each pause may last a millisecond or more
    assertThat(sent).isGreaterThan(300);
    assertThat(checks).as("checks asked by %d NOTIFY in 2.5 s", sent).isBetween(1, 4);
  }

  @Test
  void aBurstOfNotifyMakesOneCheck() throws Exception {
    Notified n = startedAndNotified();
    FakePrimary p = n.p();
    Secondary s = n.s();
    Message notify = n.message();
    java.net.InetSocketAddress from = n.from();
    for (int i = 0; i < 5; i++) {
      s.notified(notify.toWire(), from);
    }
    awaitRequests(p, 2);
    Thread.sleep(Secondary.NOTIFY_INTERVAL.toMillis() + 300);
    assertThat(p.requests).as("five NOTIFY, one check").hasSize(2);
    assertThat(s.state().get(0).notifies()).isEqualTo(5);
  }

  @Test
  void notifyWithASerialNotNewerThanOursIsAcknowledgedAndChecksNothing() throws Exception {
    Versions v = new Versions(zone(5));
    FakePrimary p = primary(v);
    Secondary s = secondary(p, null);
    s.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (served(s) == null && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Thread.sleep(Secondary.NOTIFY_INTERVAL.toMillis() + 100);
    java.net.InetSocketAddress from = new java.net.InetSocketAddress(p.address().getAddress(), 40000);
    for (long serial : new long[] {4, 5}) {
      Message notify = notifyOfZone();
      notify.addRecord(soa(serial), Section.ANSWER);
      assertThat(new Message(s.notified(notify.toWire(), from)).getRcode()).isEqualTo(org.xbill.DNS.Rcode.NOERROR);
    }
    Thread.sleep(300);
    assertThat(p.requests).as("nothing newer: no check").hasSize(1);
    Message newer = Message.newQuery(Record.newRecord(ORIGIN, Type.SOA, DClass.IN));
    newer.getHeader().setOpcode(org.xbill.DNS.Opcode.NOTIFY);
    newer.addRecord(soa(6), Section.ANSWER);
    s.notified(newer.toWire(), from);
    awaitRequests(p, 2);
  }

  @Test
  void aPrimaryWithAnOlderSerialAnsweringWithItsWholeZoneLeavesOursServed() throws Exception {
    Following f = following(7);
    FakePrimary p = f.p();
    Secondary s = f.s();
    FollowedZone z = f.z();
    p.answer = q -> FakePrimary.one(axfr(zone(6, "c.example.com. 60 A 192.0.2.3"))); // restored from a backup
    s.check(z);
    assertThat(p.requests.get(1).getQuestion().getType()).isEqualTo(Type.IXFR);
    assertThat(served(s).serial()).isEqualTo(7);
    assertThat(s.state().get(0).refreshFailures()).as("not a failure: ours is kept").isZero();
    assertThat(s.state().get(0).upToDate()).isEqualTo(1);
  }

  @Test
  void afterAnIxfrThatDidNotApplyALaggingPrimarysOlderZoneIsNotTaken() throws Exception {
    Following f = following(7);
    FakePrimary p = f.p();
    Secondary s = f.s();
    FollowedZone z = f.z();
    // serial 8's differences delete a record we do not hold: ours differs from the primary's
    p.answer = q -> q.getQuestion().getType() == Type.IXFR
        ? FakePrimary.one(List.of(soa(8), soa(7), rr("nothere.example.com. 60 A 192.0.2.99"), soa(8), soa(8)))
        : FakePrimary.one(axfr(zone(6, "c.example.com. 60 A 192.0.2.3"))); // and its AXFR is older, 6
    s.check(z);
    assertThat(p.requests).extracting(m -> m.getQuestion().getType()).endsWith(Type.IXFR, Type.AXFR);
    assertThat(served(s).serial()).as("never rolled back to 6").isEqualTo(7);
    assertThat(z.wholeZoneNext).as("the next check still asks for the whole zone").isTrue();
    // the same serial as ours does replace ours then: the primary's copy of 7 is the true one
    p.answer = q -> FakePrimary.one(axfr(zone(7, "c.example.com. 60 A 192.0.2.7")));
    s.check(z);
    assertThat(served(s).serial()).isEqualTo(7);
    assertThat(served(s).node(Name.fromString("c.example.com."))).isNotNull();
    assertThat(z.wholeZoneNext).isFalse();
  }

  @Test
  void theSerialRuleOfATransferredVersion() {
    // RFC 1982: 0 follows 4294967295
    assertThat(Refresher.notTaken(8, 7, false)).isFalse();
    assertThat(Refresher.notTaken(7, 7, false)).isTrue();
    assertThat(Refresher.notTaken(6, 7, false)).isTrue();
    assertThat(Refresher.notTaken(0, 4294967295L, false)).isFalse();
    assertThat(Refresher.notTaken(8, 7, true)).isFalse();
    assertThat(Refresher.notTaken(7, 7, true)).isFalse();
    assertThat(Refresher.notTaken(6, 7, true)).isTrue();
    assertThat(Refresher.notTaken(4294967295L, 0, true)).isTrue();
  }

  @Test
  void aStoreThatCannotBeWrittenLeavesTheZoneServedFromMemory() throws Exception {
    Versions v = new Versions(zone(1));
    FakePrimary p = primary(v);
    Path notAFolder = Files.writeString(store.resolve("not-a-folder"), "a file where the store should be");
    Secondary s = new Secondary(List.of(new Secondary.Followed(ORIGIN, List.of(p.address()), null)), List.of(),
        notAFolder, TsigKeyring.empty(), health, loading, clock, LIMITS, ZONE_LIMITS);
    closing.add(s);
    s.loadStore();
    s.check(zoneOf(s));
    assertThat(served(s).serial()).isEqualTo(1);
    assertThat(s.state().get(0).refreshFailures()).isZero();
  }

  /** Waits up to five seconds for {@code count} to reach {@code expected}, then a little more for any extra. */
  static void awaitCount(java.util.concurrent.atomic.AtomicInteger count, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (count.get() < expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    Thread.sleep(300); // the settling's delay is 50 ms: one that was wrongly scheduled twice shows by now
    assertThat(count.get()).isEqualTo(expected);
  }

  /** Counts the settlings {@code s} runs for first versions of {@code fromRecords} records or more, 50 ms after. */
  static java.util.concurrent.atomic.AtomicInteger countSettlings(Secondary s, int fromRecords) {
    java.util.concurrent.atomic.AtomicInteger settled = new java.util.concurrent.atomic.AtomicInteger();
    s.settleHeapWith(settled::incrementAndGet, fromRecords, 50);
    return settled;
  }

  @Test
  void aBigZonesFirstVersionTransferredIsFollowedByOneSettlingOfTheHeapAndItsNextVersionByNone() throws Exception {
    Versions v = new Versions(zone(1));
    FakePrimary p = primary(v);
    Secondary s = secondary(p, null);
    java.util.concurrent.atomic.AtomicInteger settled = countSettlings(s, 5);
    s.loadStore();
    FollowedZone z = zoneOf(s);
    s.check(z);
    awaitCount(settled, 1);

    // The next version whole (the primary has no difference to send): a version of the zone's own size.
    v.change(zone(2, "c.example.com. 60 A 192.0.2.3"));
    v.previous = null;
    s.check(z);
    assertThat(served(s).serial()).isEqualTo(2);
    assertThat(s.state().get(0).axfr().count()).isEqualTo(2);
    awaitCount(settled, 1);

    // Read back from the store by the next start: a first version too. Stopping writes serial 2 to the store.
    s.close();
    Secondary restarted = secondary(p, null);
    java.util.concurrent.atomic.AtomicInteger again = countSettlings(restarted, 5);
    restarted.loadStore();
    assertThat(served(restarted).serial()).isEqualTo(2);
    awaitCount(again, 1);
  }

  @Test
  void aSmallZonesFirstVersionSettlesNothing() throws Exception {
    Versions v = new Versions(zone(1));
    FakePrimary p = primary(v);
    Secondary s = secondary(p, null);
    java.util.concurrent.atomic.AtomicInteger settled = countSettlings(s, 1000);
    s.loadStore();
    s.check(zoneOf(s));
    assertThat(served(s).serial()).isEqualTo(1);
    awaitCount(settled, 0);
  }

  @Test
  void aSettlingWaitsForTheFirstTransferOfAnotherZoneThenRunsOnceForBoth() throws Exception {
    Name other = Name.fromConstantString("example.org.");
    List<Record> otherZone = List.of(
        rr("example.org. 3600 SOA ns1.example.org. h.example.org. 1 7200 900 1209600 300"),
        rr("example.org. 3600 NS ns1.example.org."), rr("ns1.example.org. 3600 A 192.0.2.54"),
        rr("www.example.org. 60 A 192.0.2.80"), rr("mail.example.org. 60 A 192.0.2.25"));
    FakePrimary fast = primary(new Versions(zone(1)));
    java.util.concurrent.CountDownLatch asked = new java.util.concurrent.CountDownLatch(1);
    FakePrimary slow = new FakePrimary(q -> {
      asked.countDown();
      try {
        Thread.sleep(800); // a big zone on its way
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      List<Record> all = new ArrayList<>(otherZone);
      all.add(otherZone.get(0));
      return List.of(all);
    });
    closing.add(slow);
    Secondary s = new Secondary(List.of(new Secondary.Followed(ORIGIN, List.of(fast.address()), null),
        new Secondary.Followed(other, List.of(slow.address()), null)), List.of(), store, TsigKeyring.empty(), health,
        loading, clock, LIMITS, ZONE_LIMITS);
    closing.add(s);
    java.util.concurrent.atomic.AtomicInteger settled = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean bothServedThen = new java.util.concurrent.atomic.AtomicBoolean();
    s.settleHeapWith(() -> {
      bothServedThen.set(s.served(ZoneSet::empty).get().find(other) != null
          && s.served(ZoneSet::empty).get().find(ORIGIN) != null);
      settled.incrementAndGet();
    }, 5, 50);
    s.loadStore();
    Thread otherCheck = new Thread(() -> {
      try {
        s.check(s.zone(other));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    otherCheck.start();
    assertThat(asked.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    s.check(zoneOf(s)); // served at once; its settling is put off while the other zone's transfer runs
    otherCheck.join(10_000);
    awaitCount(settled, 1);
    assertThat(bothServedThen).as("the settling came after both zones were served").isTrue();
  }

  @Test
  void firstVersionsWithinTheDelayMakeOneSettling() throws Exception {
    Secondary s = secondary(primary(new Versions(zone(1))), null);
    java.util.concurrent.atomic.AtomicInteger settled = new java.util.concurrent.atomic.AtomicInteger();
    s.settleHeapWith(settled::incrementAndGet, 5, 200);
    s.firstVersionServed(10);
    s.firstVersionServed(4); // too small to ask for one: the one asked for stays
    s.firstVersionServed(10);
    awaitCount(settled, 1);
  }

  @Test
  void anErrorDuringACheckLeavesTheZoneCheckable() throws Exception {
    Notified n = startedAndNotified();
    FakePrimary p = n.p();
    Secondary s = n.s();
    Message notify = n.message();
    java.net.InetSocketAddress from = n.from();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (served(s) == null && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    clock.failCheck.set(new OutOfMemoryError("a test's"));
    s.notified(notify.toWire(), from);
    while (clock.failCheck.get() != null && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(clock.failCheck.get()).as("the check ran and threw").isNull();
    Thread.sleep(Secondary.NOTIFY_INTERVAL.toMillis() + 100);
    s.notified(notify.toWire(), from);
    awaitRequests(p, 2);
    assertThat(served(s).serial()).isEqualTo(1);
  }

  @Test
  void aZoneExpiresOnTimeWhileItsCheckIsStalled() throws Exception {
    Versions v = new Versions(zone(1));
    FakePrimary p = primary(v);
    Secondary s = secondary(p, null);
    s.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (served(s) == null && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(served(s)).isNotNull();
    p.answer = q -> {
      try {
        Thread.sleep(4000); // a primary that stalls the next check (the transfer deadline is 5 s)
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return List.of();
    };
    Message notify = notifyOfZone();
    s.notified(notify.toWire(), new java.net.InetSocketAddress(p.address().getAddress(), 40000));
    awaitRequests(p, 2);
    clock.now = clock.now.plusSeconds(1209600 + 1); // past the SOA's EXPIRE
    long stalledUntil = System.nanoTime() + Duration.ofMillis(3500).toNanos();
    while (served(s) != null && System.nanoTime() < stalledUntil) {
      Thread.sleep(20);
    }
    FollowedZone z = zoneOf(s);
    synchronized (z) {
      assertThat(z.running).as("the check is still stalled").isTrue();
    }
    assertThat(served(s)).as("expired: SERVFAIL").isNull();
    assertThat(s.served(ZoneSet::empty).get().failed()).contains(ORIGIN);
  }

  static void awaitRequests(FakePrimary p, int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (p.requests.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(p.requests).hasSizeGreaterThanOrEqualTo(n);
  }

  @Test
  void notifyForAZoneWithAKeyMustBeSignedWithIt() throws Exception {
    Versions v = new Versions(zone(1));
    FakePrimary p = primary(v);
    Secondary s = secondary(p, KEY);
    Message notify = notifyOfZone();
    java.net.InetSocketAddress from = new java.net.InetSocketAddress(p.address().getAddress(), 40000);
    assertThat(new Message(s.notified(notify.toWire(), from)).getRcode()).isEqualTo(org.xbill.DNS.Rcode.NOTAUTH);
    new TsigKey(KEY, TSIG.HMAC_SHA256, SECRET).signer(Clock.systemUTC()).apply(notify, null);
    Message r = new Message(s.notified(notify.toWire(), from));
    assertThat(r.getRcode()).isEqualTo(org.xbill.DNS.Rcode.NOERROR);
    assertThat(r.getTSIG()).as("answered signed").isNotNull();
  }

  @Test
  void aNotifyWhoseTsigFailsIsAnsweredWithTheTsigError() throws Exception {
    Versions v = new Versions(zone(1));
    FakePrimary p = primary(v);
    Secondary s = secondary(p, KEY);
    java.net.InetSocketAddress from = new java.net.InetSocketAddress(p.address().getAddress(), 40000);
    // RFC 8945 §5.2.1: a key not held here; §5.2.2: the key's name with another secret
    Name unknown = Name.fromString("nobody.example.");
    for (TsigKey key : List.of(new TsigKey(unknown, TSIG.HMAC_SHA256, SECRET),
        new TsigKey(KEY, TSIG.HMAC_SHA256, "secret of another key, 32 octets".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))) {
      Message notify = notifyOfZone();
      key.signer(Clock.systemUTC()).apply(notify, null);
      Message r = new Message(s.notified(notify.toWire(), from));
      assertThat(r.getRcode()).isEqualTo(org.xbill.DNS.Rcode.NOTAUTH);
      assertThat(r.getTSIG()).as("the TSIG names the error").isNotNull();
      assertThat(r.getTSIG().getName()).isEqualTo(key.name());
      assertThat(r.getTSIG().getError())
          .isEqualTo(key.name().equals(unknown) ? org.xbill.DNS.Rcode.BADKEY : org.xbill.DNS.Rcode.BADSIG);
      assertThat(r.getTSIG().getSignature()).as("unsigned: no MAC could be checked").isEmpty();
    }
  }

  @Test
  void aNotifyWithTcSetAndAMissingRecordIsFormErr() throws Exception {
    Versions v = new Versions(zone(1));
    FakePrimary p = primary(v);
    Secondary s = secondary(p, KEY);
    Message notify = notifyOfZone();
    byte[] wire = notify.toWire();
    wire[2] |= 0x02; // TC, and an additional record counted but absent
    wire[11] = 1;
    java.net.InetSocketAddress from = new java.net.InetSocketAddress(p.address().getAddress(), 40000);
    byte[] reply = s.notified(wire, from);
    assertThat(reply[3] & 0x0F).isEqualTo(org.xbill.DNS.Rcode.FORMERR);
  }
}
