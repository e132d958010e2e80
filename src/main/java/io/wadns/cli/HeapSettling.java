package io.wadns.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives memory back after zones load. Loading a big zone makes garbage (read buffers, drafts), and
 * the JVM grows its heap to keep up; left alone it keeps that heap, so a zone whose data take 100 MB
 * would hold several hundred. Before the server listens (no query to pause), the heap is collected
 * once with tighter free-space ratios, so the JVM returns what it does not need; and G1 is asked to
 * collect periodically when idle (JEP 346), so what old zone versions leave after a reload goes back
 * too, without a stop-the-world collection while serving. The one collection made while serving is
 * after the secondary zones' first big versions ({@link #afterSecondaryLoad}), which G1's periodic
 * cycle does not give back on an idle server.
 *
 * <p>Uses HotSpot's manageable options; options the operator set on the command line are left as
 * they are, and on a JVM without them this does nothing.
 */
final class HeapSettling {
  private static final Logger log = LoggerFactory.getLogger(HeapSettling.class);

  /** Full collections at most: the serial collector needs four to shrink all the way. */
  private static final int MAX_COLLECTIONS = 4;

  private HeapSettling() {}

  /** Collects once and shrinks the heap toward what the zones need; call before listening. */
  static void afterInitialLoad() {
    HotSpotDiagnosticMXBean hotspot = hotspot();
    if (hotspot == null) {
      return; // not HotSpot: nothing to tune
    }
    setIfDefault(hotspot, "MinHeapFreeRatio", "10");
    setIfDefault(hotspot, "MaxHeapFreeRatio", "30");
    setIfDefault(hotspot, "G1PeriodicGCInterval", "60000");
    long[] committed = collect(hotspot);
    log.debug("heap settled after loading: {} MB committed before, {} MB after, {} MB in use",
        committed[0] >> 20, committed[1] >> 20, committed[2] >> 20);
  }

  /**
   * Collects and shrinks the heap, while serving: called by the secondary zones a second after their first
   * big versions (see {@code Secondary.settleHeapWith}). One full collection with G1; with the serial
   * collector, as many as {@link #collect} makes. The queries that come meanwhile wait in the sockets'
   * buffers for as long as it takes, which is said in the log.
   */
  static void afterSecondaryLoad() {
    HotSpotDiagnosticMXBean hotspot = hotspot();
    if (hotspot == null) {
      return;
    }
    long started = System.nanoTime();
    long[] committed = collect(hotspot);
    log.info("heap collected after the secondary zones' first load ({} ms): {} MB committed before, {} MB after,"
        + " {} MB in use", (System.nanoTime() - started) / 1_000_000, committed[0] >> 20, committed[1] >> 20,
        committed[2] >> 20);
  }

  /** HotSpot's diagnostic bean, or null on a JVM without it. */
  private static HotSpotDiagnosticMXBean hotspot() {
    try {
      return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  /** Collects until the heap no longer shrinks; returns the heap committed before and after, and in use. */
  private static long[] collect(HotSpotDiagnosticMXBean hotspot) {
    Runtime rt = Runtime.getRuntime();
    long before = rt.totalMemory();
    long floor = minimumHeap(hotspot);
    // The serial collector (what the JVM picks on one CPU) shrinks its heap in steps, a fraction more at
    // each full collection (ShrinkHeapInSteps): collect again while the heap still shrinks, a few times at
    // most. A heap at its minimum (MinHeapSize, else -Xms) cannot shrink: collecting it again only costs
    // time (three more full collections of 10,000 zones at the unit's 64 MB minimum took 0.25 s).
    for (int i = 0; i < MAX_COLLECTIONS; i++) {
      System.gc();
      long used = rt.totalMemory() - rt.freeMemory();
      if (rt.totalMemory() <= Math.max(used * 2, floor)) {
        break; // as small as the free ratios, or the minimum heap, allow
      }
    }
    return new long[] {before, rt.totalMemory(), rt.totalMemory() - rt.freeMemory()};
  }

  /** The heap's minimum size in bytes (MinHeapSize, which -Xms sets too), or 0 when it cannot be read. */
  static long minimumHeap(HotSpotDiagnosticMXBean hotspot) {
    try {
      return Long.parseLong(hotspot.getVMOption("MinHeapSize").getValue());
    } catch (RuntimeException e) {
      return 0; // not this JVM's option: shrink by the free ratios alone
    }
  }

  private static void setIfDefault(HotSpotDiagnosticMXBean hotspot, String option, String value) {
    try {
      VMOption current = hotspot.getVMOption(option);
      if (current.getOrigin() == VMOption.Origin.DEFAULT && current.isWriteable()) {
        hotspot.setVMOption(option, value);
      }
    } catch (RuntimeException e) {
      // an option this JVM does not have, or will not change: leave the default
    }
  }
}
