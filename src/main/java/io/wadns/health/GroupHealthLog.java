package io.wadns.health;

import io.wadns.text.AddressText;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Name;

/**
 * The operator's log of address state changes, by group (the owner name of a HEALTHCHECK): one line each
 * time the number of up addresses of a group changes, naming the address and why. When many addresses
 * change at once (a network outage, a lost data centre), the first {@value #LINES_PER_WINDOW} changes of a
 * second get their line and the second then gets one summary per direction, so ten thousand addresses
 * going down log a few lines, not ten thousand. The summary is written with the first change or probe
 * result after its second has passed. Every change is also logged at DEBUG by {@link AddressHealth}.
 *
 * <p>Thread-safe; times are the registry's clock in milliseconds, so tests are exact.
 */
final class GroupHealthLog {
  static final int LINES_PER_WINDOW = 20;
  static final long WINDOW_MILLIS = 1000;
  /** Groups a summary names; the rest are counted. */
  static final int GROUPS_NAMED = 3;
  private static final Logger log = LoggerFactory.getLogger(GroupHealthLog.class);

  /** The changes of one direction in the current second, per group, and each group's latest state. */
  private static final class Tally {
    int changes;
    int up;
    int size;
  }

  private boolean open;
  private long windowStart;
  private int changes;
  private final Map<Name, Tally> downs = new HashMap<>();
  private final Map<Name, Tally> ups = new HashMap<>();

  /** {@code address} of {@code group} went up or down; {@code groupUp} of {@code groupSize} are up now. */
  synchronized void changed(long nowMillis, Name group, InetAddress address, boolean up, String reason, int groupUp,
      int groupSize) {
    closeIfOver(nowMillis);
    if (!open) {
      open = true;
      windowStart = nowMillis;
    }
    changes++;
    Tally t = (up ? ups : downs).computeIfAbsent(group, g -> new Tally());
    t.changes++;
    t.up = groupUp;
    t.size = groupSize;
    if (changes > LINES_PER_WINDOW) {
      return;
    }
    String line = "group " + group + ": " + state(groupUp, groupSize) + "; " + AddressText.of(address)
        + (up ? " came back: " : " went down: ") + reason;
    if (up) {
      log.info(line);
    } else {
      log.warn(line);
    }
  }

  /** A probe result without a change: writes the summary of a second that has passed. */
  synchronized void tick(long nowMillis) {
    closeIfOver(nowMillis);
  }

  private void closeIfOver(long nowMillis) {
    if (!open || nowMillis - windowStart < WINDOW_MILLIS) {
      return;
    }
    if (changes > LINES_PER_WINDOW) {
      summary(downs, false);
      summary(ups, true);
    }
    open = false;
    changes = 0;
    downs.clear();
    ups.clear();
  }

  /** "42 addresses went down in one second, 37 of them in 3 groups: a. (20, no address up of 20), ...". */
  private static void summary(Map<Name, Tally> byGroup, boolean up) {
    if (byGroup.isEmpty()) {
      return;
    }
    List<Map.Entry<Name, Tally>> groups = new ArrayList<>(byGroup.entrySet());
    groups.sort(Comparator.<Map.Entry<Name, Tally>>comparingInt(e -> -e.getValue().changes)
        .thenComparing(Map.Entry::getKey));
    int total = groups.stream().mapToInt(e -> e.getValue().changes).sum();
    List<Map.Entry<Name, Tally>> named = groups.subList(0, Math.min(GROUPS_NAMED, groups.size()));
    int inNamed = named.stream().mapToInt(e -> e.getValue().changes).sum();
    StringBuilder sb = new StringBuilder();
    sb.append(total).append(total == 1 ? " address " : " addresses ").append(up ? "came back up" : "went down")
        .append(" in one second, ").append(inNamed == total ? "all" : inNamed).append(" of them in ")
        .append(named.size()).append(named.size() == 1 ? " group: " : " groups: ");
    for (int i = 0; i < named.size(); i++) {
      Tally t = named.get(i).getValue();
      sb.append(i == 0 ? "" : ", ").append(named.get(i).getKey()).append(" (").append(t.changes).append(", ")
          .append(state(t.up, t.size)).append(')');
    }
    int others = groups.size() - named.size();
    if (others > 0) {
      sb.append("; ").append(total - inNamed).append(" in ").append(others)
          .append(others == 1 ? " other group" : " other groups");
    }
    if (up) {
      log.info(sb.toString());
    } else {
      log.warn(sb.toString());
    }
  }

  /** "3 of 4 addresses up", "no address up of 4". */
  private static String state(int up, int size) {
    return up == 0 ? "no address up of " + size : up + " of " + size + (size == 1 ? " address up" : " addresses up");
  }
}
