package io.wadns.zonefile;

import io.wadns.health.HealthKeys;
import io.wadns.zone.RecordTypes;
import io.wadns.zonetext.RecordSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A zone received record by record in wire form, as a zone transfer brings it, then checked and built
 * as the file it will be stored as ({@link #build}): the records go into the compact draft as they
 * arrive, so a transfer of a million records is never held as a million objects. Each record's line is
 * its place in the feed (1, 2, ...); there is no {@code $INCLUDE} in wire form.
 *
 * <p>Records past the limit of {@code limits} are counted as a problem and otherwise dropped, so the
 * feed may go on to its end. Confined to one thread at a time.
 */
public final class WireZone implements RecordSink {
  private final Path file;
  private final LoadLimits limits;
  /** Null once built: the draft's arrays can go while the built zone is written to the store. */
  private ZoneDraft draft;
  /** The first record over the limit, as a problem, or null. */
  private ZoneProblem overLimit;

  /**
   * @param file the file the zone will be (or is about to replace): what problems name without a place of
   *     their own, and what gives the origin when no SOA came
   * @param expected about how many records will come, so the arrays are made once
   */
  public WireZone(Path file, int expected, LoadLimits limits) {
    this.file = file;
    this.limits = limits;
    this.draft = new ZoneDraft(limits.maxRecords(), (int) Math.min(Math.max(expected, 64), limits.maxRecords()));
    RecordTypes.register(); // the builder reads ALIAS and HEALTHCHECK through dnsjava's registry
  }

  @Override
  public void record(byte[] owner, int ownerLength, int type, long ttl, byte[] rdata, int rdataLength,
      String source, int line) {
    if (overLimit != null) {
      return;
    }
    if (draft == null) {
      throw new IllegalStateException("built already");
    }
    try {
      draft.record(owner, ownerLength, type, ttl, rdata, rdataLength, source, line);
    } catch (ZoneDraft.TooManyRecords e) {
      overLimit = e.problem(source, limits.maxRecords());
    }
  }

  /**
   * The records fed, checked and built as {@link ZoneLoader#load} checks and builds a file; once, after
   * the last record.
   */
  public ZoneLoader.FileLoad build(HealthKeys health) {
    ZoneDraft fed = draft;
    if (fed == null) {
      throw new IllegalStateException("built already");
    }
    draft = null;
    List<ZoneProblem> problems = new ArrayList<>();
    if (overLimit != null) {
      problems.add(overLimit);
    }
    return ZoneLoader.build(file, file.toString(), fed, problems, health, limits, ZoneSources.none(file),
        ZoneLoader.defaultOrigin(file));
  }
}
