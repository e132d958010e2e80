package io.wadns.health;

import io.wadns.text.AddressText;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * The probe state machine of one address of one group: up or down, moved by {@code rise}
 * consecutive successes or {@code fall} consecutive failures. Addresses start up, so a restart never
 * serves empty answers while the first probes run.
 *
 * <p>Owned by the health side only: queries never see this object, they read the {@link HealthView}
 * the registry publishes on every state change. Probe results arrive from the monitor's thread and
 * are applied under this object's lock; the getters are lock-free reads for reports. Each change is
 * logged here at DEBUG; the registry logs what an operator reads, one line per group
 * ({@link GroupHealthLog}).
 */
public final class AddressHealth {
  private static final Logger log = LoggerFactory.getLogger(AddressHealth.class);

  private final CheckedAddress checked;
  private final Clock clock;
  private final Listener listener;
  private volatile boolean up = true;
  private int successes;
  private int failures;
  private volatile String lastResult = "not probed yet";
  private volatile Instant lastProbe;
  private volatile Instant lastChange;

  /** What a tracker tells its registry after every probe result, under the tracker's lock. */
  @FunctionalInterface
  interface Listener {
    void recorded(AddressHealth tracker, ProbeResult result, boolean changed);
  }

  /** A tracker that tells nobody of its changes (for tests of the state machine). */
  public AddressHealth(CheckedAddress checked, Clock clock) {
    this(checked, clock, (h, r, c) -> {});
  }

  AddressHealth(CheckedAddress checked, Clock clock, Listener listener) {
    this.checked = checked;
    this.clock = clock;
    this.listener = listener;
    this.lastChange = clock.instant();
  }

  /** A tracker for a changed check that keeps what was known of the address. */
  AddressHealth withSpec(CheckedAddress newCheck, Listener listener) {
    AddressHealth copy = new AddressHealth(newCheck, clock, listener);
    synchronized (this) {
      copy.up = up;
      copy.lastResult = lastResult;
      copy.lastProbe = lastProbe;
      copy.lastChange = lastChange;
    }
    return copy;
  }

  public boolean isUp() {
    return up;
  }

  public int key() {
    return checked.key();
  }

  public Name group() {
    return checked.group();
  }

  public InetAddress address() {
    return checked.address();
  }

  public CheckSpec spec() {
    return checked.spec();
  }

  CheckedAddress checked() {
    return checked;
  }

  public String lastResult() {
    return lastResult;
  }

  /** When the last probe finished; null before the first. */
  public Instant lastProbe() {
    return lastProbe;
  }

  /** When the state last changed, or when tracking began. */
  public Instant lastChange() {
    return lastChange;
  }

  /** Applies one probe result and tells the listener; returns true when the state changed. */
  public synchronized boolean record(ProbeResult result) {
    Instant now = clock.instant();
    lastProbe = now;
    lastResult = (result.ok() ? "ok: " : "failed: ") + result.detail();
    CheckSpec spec = checked.spec();
    boolean changed = false;
    if (result.ok()) {
      failures = 0;
      successes++;
      if (!up && successes >= spec.rise()) {
        changed = change(true, now);
        log.debug("address {} of {} changed down -> up: {} consecutive successes, last: {}",
            AddressText.of(address()), group(), successes, result.detail());
      }
    } else {
      successes = 0;
      failures++;
      if (up && failures >= spec.fall()) {
        changed = change(false, now);
        log.debug("address {} of {} changed up -> down: {} consecutive failures, last: {}",
            AddressText.of(address()), group(), failures, result.detail());
      }
    }
    listener.recorded(this, result, changed);
    return changed;
  }

  private boolean change(boolean nowUp, Instant now) {
    up = nowUp;
    lastChange = now;
    return true;
  }
}
