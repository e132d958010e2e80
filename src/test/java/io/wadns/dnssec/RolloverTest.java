package io.wadns.dnssec;

import static org.assertj.core.api.Assertions.assertThat;

import io.wadns.health.HealthRegistry;
import io.wadns.protocol.Responder;
import io.wadns.reload.ZoneReloader;
import io.wadns.resolve.Resolver;
import io.wadns.testing.SettableClock;
import io.wadns.weighted.Randomness;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * Rollovers driven by the keys' timing metadata, as an operator runs them with dnssec-settime: at every
 * step the server signs again by itself (the minute timer's {@code resignDue}), and a validator anchored at
 * the parent's DS set finds every kind of answer secure.
 */
class RolloverTest {
  static final Name ZONE = Name.fromConstantString("example.com.");

  @TempDir Path zones;
  @TempDir Path keys;
  final SecureRandom random = new SecureRandom();
  final Set<Integer> tags = new HashSet<>();
  final SettableClock clock = new SettableClock(Instant.parse("2026-06-01T00:00:00Z"));

  static Optional<Instant> at(Instant t) {
    return Optional.ofNullable(t).map(i -> i.truncatedTo(ChronoUnit.SECONDS));
  }

  static KeyTiming timing(Instant publish, Instant activate, Instant inactive, Instant delete) {
    return new KeyTiming(at(publish), at(publish), at(activate), Optional.empty(), at(inactive), at(delete));
  }

  /** A new key pair, a KSK (flags 257) or a ZSK (256), written to the keys folder with {@code timing}. */
  ZoneKey key(boolean ksk, KeyTiming timing) throws IOException {
    ZoneKey k = new KeyGenerator(random).generateCsk(ZONE, KeyAlgorithm.ECDSAP256SHA256, clock.instant(), tags);
    DNSKEYRecord d = k.dnskey();
    DNSKEYRecord dnskey = ksk ? d : new DNSKEYRecord(d.getName(), DClass.IN, 0, DNSKEYRecord.Flags.ZONE_KEY,
        d.getProtocol(), d.getAlgorithm(), d.getKey());
    tags.add(dnskey.getFootprint());
    ZoneKey made = new ZoneKey(KeyFileName.of(ZONE, 13, dnskey.getFootprint()).base(), dnskey, k.algorithm(), timing,
        k.publicKey(), k.privateKey());
    KeyFileWriter.write(keys, made);
    return made;
  }

  /** {@code k} with new timing metadata, its files written again (as dnssec-settime does). */
  ZoneKey retime(ZoneKey k, KeyTiming timing) throws IOException {
    Files.delete(keys.resolve(k.source() + ".key"));
    Files.delete(keys.resolve(k.source() + ".private"));
    ZoneKey again = new ZoneKey(k.source(), k.dnskey(), k.algorithm(), timing, k.publicKey(), k.privateKey());
    KeyFileWriter.write(keys, again);
    return again;
  }

  ZoneReloader start() throws IOException {
    Files.writeString(zones.resolve("example.com.zone"), ZoneSignerTest.ZONE);
    ZoneReloader r = new ZoneReloader(zones, new HealthRegistry(clock))
        .signedWith(new ZoneSigning(keys, SigningPolicy.DEFAULT, clock));
    assertThat(r.loadInitial().ok()).isTrue();
    return r;
  }

  /** Every kind of answer validates with the parent holding the DS of {@code ksks}, at the current time. */
  void validates(ZoneReloader r, List<ZoneKey> ksks, String step) throws IOException {
    r.resignDue(); // what the minute timer does
    Responder responder = new Responder(new Resolver(r::current, Randomness.threadLocal()));
    ValidatingResolver v = new ValidatingResolver(new SignedAnswersTest.InProcess(responder),
        Clock.fixed(clock.instant().plusSeconds(1), ZoneOffset.UTC));
    v.setAddReasonToAdditional(true);
    String anchors = ksks.stream().map(k -> k.ds().withName(ZONE).toString()).collect(Collectors.joining("\n"));
    v.loadTrustAnchors(new ByteArrayInputStream(anchors.getBytes(StandardCharsets.US_ASCII)));
    for (String q : List.of("www.example.com./A", "example.com./A", "nothing.example.com./A", "mail.example.com./MX",
        "example.com./DNSKEY", "x.txt.example.com./TXT")) {
      String[] p = q.split("/");
      Message m = v.send(Message.newQuery(Record.newRecord(Name.fromConstantString(p[0]), Type.value(p[1]), DClass.IN)));
      assertThat(m.getHeader().getFlag(Flags.AD)).as("%s: %s %s", step, q, m).isTrue();
      assertThat(m.getRcode()).as("%s: %s", step, q).isIn(Rcode.NOERROR, Rcode.NXDOMAIN);
    }
  }

  Set<Integer> dnskeyTags(ZoneReloader r) {
    return r.current().find(ZONE).signatures().apexSet(Type.DNSKEY).stream()
        .map(d -> ((DNSKEYRecord) d).getFootprint()).collect(Collectors.toSet());
  }

  Set<Integer> signerOf(ZoneReloader r, int type) {
    var z = r.current().find(ZONE);
    var data = z.data();
    int node = data.find(Name.fromConstantString("mail.example.com."));
    return z.signatures().ofSet(data.setIndex(node, type)).stream()
        .map(s -> ((org.xbill.DNS.RRSIGRecord) s).getFootprint()).collect(Collectors.toSet());
  }

  @org.junit.jupiter.api.extension.RegisterExtension
  final io.wadns.testing.LogCapture log = io.wadns.testing.LogCapture.of("wadns");

  @Test
  void aKskRetiredWithNoOtherActiveIsWarnedOf() throws IOException {
    Instant t0 = clock.instant();
    key(true, timing(t0, t0, t0.plus(Duration.ofDays(1)), null)); // retired after a day, still published
    key(false, timing(t0, t0, null, null));
    ZoneReloader r = start();
    assertThat(log.messages(ch.qos.logback.classic.Level.WARN)).noneMatch(m -> m.contains("key-signing key"));
    clock.set(t0.plus(Duration.ofDays(2)));
    r.resignDue();
    assertThat(log.messages(ch.qos.logback.classic.Level.WARN)).anyMatch(m -> m.contains(
        "publishes a key-signing key of [ECDSAP256SHA256 (13)] that is not active, and no other is"));
  }

  @Test
  void aZskPrePublishedThenActivatedKeepsValidatingAtEveryStep() throws IOException {
    Instant t0 = clock.instant();
    ZoneKey ksk = key(true, timing(t0, t0, null, null));
    ZoneKey zsk1 = key(false, timing(t0, t0, null, null));
    ZoneReloader r = start();
    validates(r, List.of(ksk), "KSK and first ZSK");
    assertThat(signerOf(r, Type.A)).containsExactly(zsk1.tag());

    clock.advance(Duration.ofHours(1));
    Instant switchAt = clock.instant().plus(Duration.ofDays(2));
    ZoneKey zsk2 = key(false, timing(clock.instant(), switchAt, null, null)); // dnssec-keygen -P now -A +2d
    zsk1 = retime(zsk1, timing(t0, t0, switchAt, switchAt.plus(Duration.ofDays(2)))); // dnssec-settime -I +2d -D +4d
    validates(r, List.of(ksk), "new ZSK published");
    assertThat(dnskeyTags(r)).containsExactlyInAnyOrder(ksk.tag(), zsk1.tag(), zsk2.tag());
    assertThat(signerOf(r, Type.A)).containsExactly(zsk1.tag());

    clock.set(switchAt.plusSeconds(60));
    validates(r, List.of(ksk), "new ZSK active, old retired");
    assertThat(signerOf(r, Type.A)).containsExactly(zsk2.tag());
    assertThat(dnskeyTags(r)).contains(zsk1.tag());

    clock.set(switchAt.plus(Duration.ofDays(2)).plusSeconds(60));
    validates(r, List.of(ksk), "old ZSK deleted");
    assertThat(dnskeyTags(r)).containsExactlyInAnyOrder(ksk.tag(), zsk2.tag());
  }

  @Test
  void aKskRolledWithBothDsAtTheParentKeepsValidatingAtEveryStep() throws IOException {
    Instant t0 = clock.instant();
    ZoneKey ksk1 = key(true, timing(t0, t0, null, null));
    ZoneKey zsk = key(false, timing(t0, t0, null, null));
    ZoneReloader r = start();
    validates(r, List.of(ksk1), "first KSK");

    clock.advance(Duration.ofHours(1));
    ZoneKey ksk2 = key(true, timing(clock.instant(), clock.instant(), null, null));
    validates(r, List.of(ksk1, ksk2), "new KSK, both DS at the parent");
    validates(r, List.of(ksk2), "new KSK, only its DS (the parent took the new one first)");
    assertThat(r.current().find(ZONE).signatures().apexSet(Type.CDS)).hasSize(2);

    clock.advance(Duration.ofDays(1));
    ksk1 = retime(ksk1, timing(t0, t0, clock.instant(), clock.instant().plus(Duration.ofDays(2))));
    validates(r, List.of(ksk1, ksk2), "old KSK retired");
    assertThat(r.current().find(ZONE).signatures().apexSet(Type.CDS)).hasSize(1);

    clock.advance(Duration.ofDays(2).plusSeconds(60));
    validates(r, List.of(ksk2), "old KSK deleted, its DS gone from the parent");
    assertThat(dnskeyTags(r)).containsExactlyInAnyOrder(ksk2.tag(), zsk.tag());
  }
}
