package io.wadns.health;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * The health of one address of one group: up or down, moved by {@code rise} consecutive successes
 * or {@code fall} consecutive failures. Addresses start up, so a restart never serves empty answers
 * while the first probes run.
 *
 * <p>The query path only reads {@link #isUp()}, a volatile field: no lock. Probe results arrive
 * from the monitor's thread and are applied under this object's lock.
 */
public final class AddressHealth {
  private static final Logger log = LoggerFactory.getLogger(AddressHealth.class);

  private final Name group;
  private final InetAddress address;
  private final CheckSpec spec;
  private final Clock clock;
  private volatile boolean up = true;
  private int successes;
  private int failures;
  private volatile String lastResult = "not probed yet";
  private volatile Instant lastProbe;
  private volatile Instant lastChange;

  public AddressHealth(Name group, InetAddress address, CheckSpec spec, Clock clock) {
    this.group = group;
    this.address = address;
    this.spec = spec;
    this.clock = clock;
    this.lastChange = clock.instant();
  }

  /** A tracker for a changed check that keeps what was known of the address. */
  AddressHealth withSpec(CheckSpec newSpec) {
    AddressHealth copy = new AddressHealth(group, address, newSpec, clock);
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

  public Name group() {
    return group;
  }

  public InetAddress address() {
    return address;
  }

  public CheckSpec spec() {
    return spec;
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

  /** Applies one probe result; logs and returns true when the state changed. */
  public synchronized boolean record(ProbeResult result) {
    Instant now = clock.instant();
    lastProbe = now;
    lastResult = (result.ok() ? "ok: " : "failed: ") + result.detail();
    if (result.ok()) {
      failures = 0;
      successes++;
      if (!up && successes >= spec.rise()) {
        up = true;
        lastChange = now;
        log.info("address {} of {} changed down -> up: {} consecutive successes, last: {}", address.getHostAddress(),
            group, successes, result.detail());
        return true;
      }
    } else {
      successes = 0;
      failures++;
      if (up && failures >= spec.fall()) {
        up = false;
        lastChange = now;
        log.warn("address {} of {} changed up -> down: {} consecutive failures, last: {}", address.getHostAddress(),
            group, failures, result.detail());
        return true;
      }
    }
    return false;
  }
}
