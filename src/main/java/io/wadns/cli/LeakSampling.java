package io.wadns.cli;

import io.netty.util.ResourceLeakDetector;

/**
 * Netty's buffer leak sampling, off for a serving process unless the operator asks for it with
 * {@code -Dio.netty.leakDetection.level}. At its default level Netty records the stack of one buffer in
 * 128 to report a leak that a reply path would have to make; at 50,000 queries a second that cost 0.35 µs
 * of CPU per query (0.5 µs of user time) in an A/B run of four each (docs/performance.md). The tests keep
 * it on, at the paranoid level where they feed hostile packets, which is where a leak would be found.
 */
final class LeakSampling {
  private static final String PROPERTY = "io.netty.leakDetection.level";

  private LeakSampling() {}

  static void offUnlessAsked() {
    if (System.getProperty(PROPERTY) == null) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
  }
}
