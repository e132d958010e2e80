package io.wadns.zone;

import java.nio.file.Path;

/** A zone as a reload needs to remember it: where it came from and the digests of what was read. */
record LoadedZone(Path file, Zone zone, ZoneSources sources) {}
