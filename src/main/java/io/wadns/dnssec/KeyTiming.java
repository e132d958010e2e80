package io.wadns.dnssec;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The timing metadata BIND keeps with a key ({@code Created}, {@code Publish}, {@code Activate},
 * {@code Revoke}, {@code Inactive}, {@code Delete}, and {@code SyncPublish}, {@code SyncDelete} for its
 * CDS and CDNSKEY records), each absent when unset. A key with no Publish and no Activate (as
 * ldns-keygen writes them) is published and active from the start, as BIND treats it.
 */
public record KeyTiming(
    Optional<Instant> created,
    Optional<Instant> publish,
    Optional<Instant> activate,
    Optional<Instant> revoke,
    Optional<Instant> inactive,
    Optional<Instant> delete,
    Optional<Instant> syncPublish,
    Optional<Instant> syncDelete) {

  /** No metadata: always published and active. */
  public static final KeyTiming ALWAYS =
      new KeyTiming(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty());

  /** Without the CDS times: a key's CDS follows its activity ({@link #cdsAt}). */
  public KeyTiming(Optional<Instant> created, Optional<Instant> publish, Optional<Instant> activate,
      Optional<Instant> revoke, Optional<Instant> inactive, Optional<Instant> delete) {
    this(created, publish, activate, revoke, inactive, delete, Optional.empty(), Optional.empty());
  }

  /**
   * Whether an active key with the SEP flag has its CDS and CDNSKEY published at {@code now} (RFC 7344
   * §4, for parents that take DS updates from the child): from SyncPublish to SyncDelete when BIND's
   * {@code dnssec-settime -P sync} / {@code -D sync} set either, so an operator decides when the parent
   * is asked to change its DS; while the key is active when neither is set.
   */
  public boolean cdsAt(Instant now) {
    if (!stateAt(now).isActive()) {
      return false;
    }
    if (syncDelete.isPresent() && !now.isBefore(syncDelete.get())) {
      return false;
    }
    return syncPublish.isEmpty() || !now.isBefore(syncPublish.get());
  }

  private static final DateTimeFormatter BIND_TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

  /**
   * A new key's metadata as {@code dnssec-keygen} writes it: created, published and active now, in whole
   * seconds as the files keep it, so a key reads back equal to the one written.
   */
  public static KeyTiming activeFrom(Instant now) {
    Optional<Instant> t = Optional.of(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    return new KeyTiming(t, t, t, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The key's state at {@code now}. */
  public KeyState stateAt(Instant now) {
    if (delete.isPresent() && !now.isBefore(delete.get())) {
      return KeyState.REMOVED;
    }
    // BIND: without a Publish time a key is published when it becomes active (or always, with neither).
    Optional<Instant> publishedFrom = publish.isPresent() ? publish : activate;
    if (publishedFrom.isPresent() && now.isBefore(publishedFrom.get())) {
      return KeyState.UNPUBLISHED;
    }
    if (inactive.isPresent() && !now.isBefore(inactive.get())) {
      return KeyState.RETIRED;
    }
    boolean legacy = publish.isEmpty() && activate.isEmpty();
    if (legacy || (activate.isPresent() && !now.isBefore(activate.get()))) {
      return KeyState.ACTIVE;
    }
    return KeyState.PUBLISHED;
  }

  /** Parses BIND's {@code YYYYMMDDHHMMSS} (UTC); empty when the text is not such a time. */
  static Optional<Instant> parseBindTime(String text) {
    String t = text.strip();
    int space = t.indexOf(' ');
    if (space > 0) {
      t = t.substring(0, space); // the .key comments add "(Mon Nov 30 06:32:19 2026)"
    }
    if (t.length() != 14 || !t.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDateTime.parse(t, BIND_TIME).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Formats an instant as BIND's {@code YYYYMMDDHHMMSS} in UTC. */
  static String formatBindTime(Instant t) {
    return BIND_TIME.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
  }

  /** The metadata field names, as BIND spells them in .private and .key files. */
  enum Field {
    CREATED("Created"), PUBLISH("Publish"), ACTIVATE("Activate"), REVOKE("Revoke"),
    INACTIVE("Inactive"), DELETE("Delete"), SYNC_PUBLISH("SyncPublish"), SYNC_DELETE("SyncDelete");

    final String label;

    Field(String label) {
      this.label = label;
    }

    static Optional<Field> ofLabel(String label) {
      for (Field f : values()) {
        if (f.label.equals(label)) {
          return Optional.of(f);
        }
      }
      return Optional.empty();
    }
  }

  /** This timing with one field set (fields set later win). */
  KeyTiming with(Field field, Instant t) {
    Optional<Instant> v = Optional.of(t);
    return switch (field) {
      case CREATED -> new KeyTiming(v, publish, activate, revoke, inactive, delete, syncPublish, syncDelete);
      case PUBLISH -> new KeyTiming(created, v, activate, revoke, inactive, delete, syncPublish, syncDelete);
      case ACTIVATE -> new KeyTiming(created, publish, v, revoke, inactive, delete, syncPublish, syncDelete);
      case REVOKE -> new KeyTiming(created, publish, activate, v, inactive, delete, syncPublish, syncDelete);
      case INACTIVE -> new KeyTiming(created, publish, activate, revoke, v, delete, syncPublish, syncDelete);
      case DELETE -> new KeyTiming(created, publish, activate, revoke, inactive, v, syncPublish, syncDelete);
      case SYNC_PUBLISH -> new KeyTiming(created, publish, activate, revoke, inactive, delete, v, syncDelete);
      case SYNC_DELETE -> new KeyTiming(created, publish, activate, revoke, inactive, delete, syncPublish, v);
    };
  }

  /** The value of one field. */
  Optional<Instant> get(Field field) {
    return switch (field) {
      case CREATED -> created;
      case PUBLISH -> publish;
      case ACTIVATE -> activate;
      case REVOKE -> revoke;
      case INACTIVE -> inactive;
      case DELETE -> delete;
      case SYNC_PUBLISH -> syncPublish;
      case SYNC_DELETE -> syncDelete;
    };
  }
}
