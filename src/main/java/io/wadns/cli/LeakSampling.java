package io.wadns.cli;

import io.netty.util.ResourceLeakDetector;
import java.util.List;

/**
 * Netty's buffer leak sampling, off for a serving process unless the operator asks for it with
 * {@code -Dio.netty.leakDetection.level} (or the older names Netty still reads). At its default level
 * Netty records the stack of one buffer in 128 to report a leak that a reply path would have to make; at
 * 50,000 queries a second that cost 0.35 µs of CPU per query (0.5 µs of user time) in an A/B run of four
 * each (docs/performance.md). The tests keep it on, at the paranoid level where they feed hostile packets,
 * which is where a leak would be found.
 */
final class LeakSampling {
  /** The properties Netty 4.2 reads for its level: the current one and two older ones it still honours. */
  private static final List<String> PROPERTIES = List.of(
      "io.netty.leakDetection.level", "io.netty.leakDetectionLevel", "io.netty.noResourceLeakDetection");

  private LeakSampling() {}

  static void offUnlessAsked() {
    if (PROPERTIES.stream().allMatch(p -> System.getProperty(p) == null)) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
  }
}
