package io.wadns.dnssec;

import io.wadns.health.HealthView;
import io.wadns.zone.Zone;
import io.wadns.zone.ZoneSignatures;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The signing of served zones with the keys of one folder ({@code serve --keys DIR}): a zone with an
 * active key there is served signed, one without is served as it is. It remembers, per zone, which key
 * files and which key timings signed the version served, so that a version is signed again when its
 * signatures near their expiry, a key's Publish, Activate, Inactive or Delete time passes, or the key
 * files change. Thread-safe: zones are signed on the loading threads.
 */
public final class ZoneSigning {
  private static final Logger log = LoggerFactory.getLogger("wadns");

  private final Path dir;
  private final SigningPolicy policy;
  private final Clock clock;
  /** The health view queries read: parts of groups it serves are signed with each new version. */
  private final Supplier<HealthView> health;
  /** What signed each zone's served version (or found it had no active key). */
  private final Map<Name, Signed> byZone = new ConcurrentHashMap<>();
  private final AtomicLong signatures = new AtomicLong();
  private final AtomicLong signingNanos = new AtomicLong();

  /** The key files of a zone, by name, size and modification time: a change shows as a new value. */
  record Fingerprint(List<String> files) {}

  /** What signed a zone: the key files, the next key event, the earliest signature expiry (seconds), the keys. */
  private record Signed(Fingerprint keys, Instant nextKeyEvent, long earliestExpiration, ZoneKeys zoneKeys) {}

  public ZoneSigning(Path dir, SigningPolicy policy, Clock clock) {
    this(dir, policy, clock, () -> HealthView.ALL_UP);
  }

  /** @param health the health view answers are made with: what it serves is signed with each version */
  public ZoneSigning(Path dir, SigningPolicy policy, Clock clock, Supplier<HealthView> health) {
    this.dir = dir;
    this.policy = policy;
    this.clock = clock;
    this.health = health;
  }

  public Path dir() {
    return dir;
  }

  /** The outcome of signing one zone version: the zone to serve, or the problems that stop it. */
  public record Result(Zone zone, List<KeyProblem> problems) {
    public boolean ok() {
      return zone != null;
    }
  }

  /** One look at the key folder, shared by every zone of one load or refresh. */
  public Pass pass() {
    return new Pass(scan());
  }

  /** Signatures made since start, for /metrics. */
  public long signaturesMade() {
    return signatures.get();
  }

  /** Seconds spent signing since start (CPU of every signing thread, as wall time per zone), for /metrics. */
  public double signingSeconds() {
    return signingNanos.get() / 1e9;
  }

  /** The keys of each zone with keys, for /metrics of their states. */
  public Map<Name, ZoneKeys> keys() {
    Map<Name, ZoneKeys> out = new HashMap<>();
    byZone.forEach((zone, s) -> {
      if (s.zoneKeys() != null && !s.zoneKeys().keys().isEmpty()) {
        out.put(zone, s.zoneKeys());
      }
    });
    return out;
  }

  /** Forgets zones no longer served, so their metrics go. */
  public void retain(java.util.Set<Name> served) {
    byZone.keySet().retainAll(served);
  }

  /** The signing of one load or refresh, with the key folder as it was listed at its start. */
  public final class Pass {
    private final Map<Name, List<Path>> files;
    private final Instant now = clock.instant();

    private Pass(Map<Name, List<Path>> files) {
      this.files = files;
    }

    /**
     * {@code zone} as it is to be served: signed when its keys include an active one, unsigned when it
     * has none (or none active yet); no zone when a key file of it is broken or readable by others.
     */
    public Result sign(Zone zone) {
      Zone unsigned = zone.unsigned();
      Name origin = unsigned.origin();
      Fingerprint fingerprint = fingerprint(files.getOrDefault(origin, List.of()));
      if (fingerprint.files().isEmpty()) {
        Signed before = byZone.get(origin);
        if (before != null && before.zoneKeys() != null) {
          // Not kept signed with keys no longer there; said loudly, since a DS at the parent now fails it
          log.warn("zone {} was served signed and its key files are gone from {}: served unsigned from now on,"
              + " which validating resolvers fail while its parent has a DS for it", origin, dir);
        }
        byZone.put(origin, new Signed(fingerprint, Instant.MAX, Long.MAX_VALUE, null));
        return new Result(unsigned, List.of());
      }
      KeyDirectory.Result loaded = KeyDirectory.load(dir, origin);
      if (!loaded.ok()) {
        return new Result(null, loaded.problems());
      }
      ZoneKeys keys = loaded.keys();
      Instant next = nextKeyEvent(keys, now);
      if (keys.signersAt(Type.SOA, now).isEmpty()) {
        log.warn("zone {} has keys in {} but none is active now: served unsigned", origin, dir);
        byZone.put(origin, new Signed(fingerprint, next, Long.MAX_VALUE, keys));
        return new Result(unsigned, List.of());
      }
      warnOfUnsignedAlgorithms(origin, keys);
      long started = System.nanoTime();
      Zone signed;
      try {
        signed = ZoneSigner.sign(unsigned, keys, policy, now);
        signed.signatures().prepare(signed, health.get()); // addresses health has taken out now
      } catch (RuntimeException e) {
        // One zone that cannot be signed (a name too long for NSEC3's hashed owner, say) stops only itself.
        return new Result(null, List.of(new KeyProblem(dir.toString(), 0, "cannot sign zone " + origin + ": "
            + e.getMessage())));
      }
      long took = System.nanoTime() - started;
      ZoneSignatures sigs = signed.signatures();
      int made = ((SignedRecords) sigs).signatureCount();
      signatures.addAndGet(made);
      signingNanos.addAndGet(took);
      byZone.put(origin, new Signed(fingerprint, next, sigs.earliestExpiration(), keys));
      log.info("signed zone {} serial {}: {} signatures in {} ms with {}", origin, signed.serial(), made,
          took / 1_000_000, keys.keys().stream().filter(k -> k.stateAt(now).isActive()).map(ZoneKey::toString).toList());
      return new Result(signed, List.of());
    }

    /**
     * RFC 4035 §2.2: every algorithm of the DNSKEY set must sign every RRset, so a published key of an
     * algorithm no active key has (an algorithm rollover begun by pre-publication) makes strict validators
     * reject the zone. Said, not refused: the operator may be about to activate it.
     */
    private void warnOfUnsignedAlgorithms(Name origin, ZoneKeys keys) {
      java.util.Set<KeyAlgorithm> signing = new java.util.HashSet<>();
      java.util.Set<KeyAlgorithm> published = new java.util.TreeSet<>();
      java.util.Set<KeyAlgorithm> activeKsk = new java.util.HashSet<>();
      java.util.Set<KeyAlgorithm> idleKsk = new java.util.TreeSet<>(); // published, not active
      for (ZoneKey k : keys.keys()) {
        KeyState state = k.stateAt(now);
        if (state.isActive()) {
          signing.add(k.algorithm());
        }
        if (state.isPublished()) {
          published.add(k.algorithm());
        }
        if (k.isSep() && state.isActive()) {
          activeKsk.add(k.algorithm());
        } else if (k.isSep() && state.isPublished()) {
          idleKsk.add(k.algorithm());
        }
      }
      // An algorithm whose ZSK signs on while its only KSK is published but not active
      java.util.Set<KeyAlgorithm> withoutKsk = new java.util.TreeSet<>(idleKsk);
      withoutKsk.retainAll(signing);
      withoutKsk.removeAll(activeKsk);
      if (!withoutKsk.isEmpty()) {
        log.warn("zone {} publishes a key-signing key of {} that is not active, and no other is: its zone-signing"
            + " key signs the DNSKEY set, which a DS at the parent naming the KSK does not cover; activate a KSK",
            origin, withoutKsk);
      }
      published.removeAll(signing);
      if (!published.isEmpty()) {
        log.warn("zone {} publishes keys of {} but no active key of that algorithm signs: validators may reject"
            + " it (RFC 4035 §2.2); activate such a key, or roll algorithms by double signature", origin, published);
      }
    }

    /**
     * Whether the served version of {@code zone} must be signed again now: it was never looked at, its
     * key files changed, a key timing passed, or its earliest signature is within the refresh margin.
     */
    public boolean due(Zone zone) {
      Signed s = byZone.get(zone.origin());
      if (s == null) {
        return true;
      }
      if (!s.keys().equals(fingerprint(files.getOrDefault(zone.origin(), List.of())))) {
        return true;
      }
      if (!now.isBefore(s.nextKeyEvent())) {
        return true;
      }
      return s.earliestExpiration() != Long.MAX_VALUE
          && now.getEpochSecond() >= s.earliestExpiration() - policy.refreshBefore().getSeconds();
    }
  }

  /** The earliest timing of any key after {@code now}: when the set of published or signing keys changes. */
  static Instant nextKeyEvent(ZoneKeys keys, Instant now) {
    Instant next = Instant.MAX;
    for (ZoneKey k : keys.keys()) {
      KeyTiming t = k.timing();
      for (Optional<Instant> when : List.of(t.publish(), t.activate(), t.inactive(), t.delete(), t.syncPublish(),
          t.syncDelete())) {
        if (when.isPresent() && when.get().isAfter(now) && when.get().isBefore(next)) {
          next = when.get();
        }
      }
    }
    return next;
  }

  /** The {@code .key} and {@code .private} files of the folder, by zone (lower case), listed once. */
  private Map<Name, List<Path>> scan() {
    Map<Name, List<Path>> out = new HashMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "K*")) {
      for (Path p : stream) {
        String name = p.getFileName().toString();
        String base = name.endsWith(".key") ? name.substring(0, name.length() - 4)
            : name.endsWith(".private") ? name.substring(0, name.length() - 8) : null;
        if (base == null) {
          continue;
        }
        Optional<KeyFileName> parsed = KeyFileName.parse(base);
        if (parsed.isPresent()) {
          try {
            out.computeIfAbsent(Name.fromString(parsed.get().zone()), z -> new ArrayList<>()).add(p);
          } catch (org.xbill.DNS.TextParseException e) {
            // not a zone name: KeyDirectory reports it when the zone's keys are read
          }
        }
      }
    } catch (IOException | DirectoryIteratorException e) {
      log.warn("cannot list the keys folder {}: {}", dir, e.getClass().getSimpleName());
    }
    return out;
  }

  private static Fingerprint fingerprint(List<Path> files) {
    List<String> out = new ArrayList<>();
    for (Path p : files) {
      try {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        out.add(p.getFileName() + " " + a.size() + " " + a.lastModifiedTime().toMillis());
      } catch (IOException e) {
        out.add(p.getFileName() + " unreadable");
      }
    }
    out.sort(null);
    return new Fingerprint(List.copyOf(out));
  }
}
