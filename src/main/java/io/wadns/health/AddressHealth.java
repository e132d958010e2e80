package io.wadns.health;

import io.wadns.text.AddressText;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;
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
 * are applied under this object's lock; the getters are lock-free reads for reports.
 */
public final class AddressHealth {
  private static final Logger log = LoggerFactory.getLogger(AddressHealth.class);

  private final CheckedAddress checked;
  private final Clock clock;
  private final Consumer<AddressHealth> onChange;
  private volatile boolean up = true;
  private int successes;
  private int failures;
  private volatile String lastResult = "not probed yet";
  private volatile Instant lastProbe;
  private volatile Instant lastChange;

  /** A tracker that tells nobody of its changes (for tests of the state machine). */
  public AddressHealth(CheckedAddress checked, Clock clock) {
    this(checked, clock, h -> {});
  }

  AddressHealth(CheckedAddress checked, Clock clock, Consumer<AddressHealth> onChange) {
    this.checked = checked;
    this.clock = clock;
    this.onChange = onChange;
    this.lastChange = clock.instant();
  }

  /** A tracker for a changed check that keeps what was known of the address. */
  AddressHealth withSpec(CheckedAddress newCheck, Consumer<AddressHealth> listener) {
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

  /** Applies one probe result; on a change of state, logs it, tells the listener and returns true. */
  public synchronized boolean record(ProbeResult result) {
    Instant now = clock.instant();
    lastProbe = now;
    lastResult = (result.ok() ? "ok: " : "failed: ") + result.detail();
    CheckSpec spec = checked.spec();
    if (result.ok()) {
      failures = 0;
      successes++;
      if (!up && successes >= spec.rise()) {
        change(true, now);
        log.info("address {} of {} changed down -> up: {} consecutive successes, last: {}",
            AddressText.of(address()), group(), successes, result.detail());
        return true;
      }
    } else {
      successes = 0;
      failures++;
      if (up && failures >= spec.fall()) {
        change(false, now);
        log.warn("address {} of {} changed up -> down: {} consecutive failures, last: {}",
            AddressText.of(address()), group(), failures, result.detail());
        return true;
      }
    }
    return false;
  }

  private void change(boolean nowUp, Instant now) {
    up = nowUp;
    lastChange = now;
    onChange.accept(this);
  }
}
