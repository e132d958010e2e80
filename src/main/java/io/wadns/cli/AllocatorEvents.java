package io.wadns.cli;

/**
 * Netty's buffer allocator events for Java Flight Recorder, off for a serving process unless the operator
 * asks for them with {@code -Dio.netty.jfr.enabled=true}. Netty 4.2 asks each of its event types whether a
 * recording wants it at the first buffer it allocates and frees, and the first such question starts the JDK's
 * event machinery (its metadata, settings and a generated handler per event type) even when no recording
 * runs: about 0.12-0.2 CPU-seconds spent on the first query a server answers (docs/performance.md). Recordings
 * of the JVM's own events are not affected.
 */
final class AllocatorEvents {
  /** Netty reads it once, when its {@code PlatformDependent} class is first used. */
  static final String PROPERTY = "io.netty.jfr.enabled";

  private AllocatorEvents() {}

  /** To be called before anything touches Netty. */
  static void offUnlessAsked() {
    if (System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, "false");
    }
  }
}
