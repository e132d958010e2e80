package io.wadns.health;

import java.util.function.Consumer;

/** Runs one probe without blocking the caller and reports its result exactly once. */
interface Prober {
  void probe(AddressHealth target, Consumer<ProbeResult> done);
}
