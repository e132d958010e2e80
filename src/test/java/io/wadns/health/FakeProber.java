package io.wadns.health;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A prober with no network: records when each probe starts (on the loop's clock) and answers after a
 * fixed time on the loop, or never until the test says so ({@link #holding()}).
 */
final class FakeProber implements Prober {
  /** One probe started: what, when (loop nanoseconds) and how to finish it. */
  record Start(AddressHealth target, long at, Consumer<ProbeResult> done) {}

  private final ManualProbeLoop loop;
  private final long answerAfterNanos;
  private final boolean ok;
  private final List<Start> starts = new ArrayList<>();

  private FakeProber(ManualProbeLoop loop, long answerAfterNanos, boolean ok) {
    this.loop = loop;
    this.answerAfterNanos = answerAfterNanos;
    this.ok = ok;
  }

  /** Every probe fails ("connect failed: Connection refused") one millisecond after it starts. */
  static FakeProber refusing(ManualProbeLoop loop) {
    return new FakeProber(loop, 1_000_000, false);
  }

  /** Every probe succeeds one millisecond after it starts. */
  static FakeProber answering(ManualProbeLoop loop) {
    return new FakeProber(loop, 1_000_000, true);
  }

  /** No probe finishes until the test calls its {@code done}. */
  static FakeProber holding(ManualProbeLoop loop) {
    return new FakeProber(loop, -1, false);
  }

  @Override
  public void probe(AddressHealth target, Consumer<ProbeResult> done) {
    starts.add(new Start(target, loop.nanoTime(), done));
    if (answerAfterNanos >= 0) {
      ProbeResult result = ok ? ProbeResult.success("connected in 1 ms")
          : ProbeResult.failure("connect failed: Connection refused");
      loop.schedule(() -> done.accept(result), answerAfterNanos);
    }
  }

  List<Start> starts() {
    return starts;
  }
}
