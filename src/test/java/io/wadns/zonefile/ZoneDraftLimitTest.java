package io.wadns.zonefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The record limit holds for a whole file read in chunks, not for each chunk. */
class ZoneDraftLimitTest {
  private static final byte[] OWNER = {1, 'a', 0};
  private static final byte[] ADDRESS = {(byte) 192, 0, 2, 1};

  private static void add(ZoneDraft d, int line) {
    d.record(OWNER, OWNER.length, 1, 300, ADDRESS, ADDRESS.length, "example.com.zone", line);
  }

  @Test
  void chunksThatShareACountStopSoonAfterTheFileIsOverTheLimit() {
    long max = 100_000;
    AtomicLong total = new AtomicLong();
    ZoneDraft[] chunks = new ZoneDraft[4];
    for (int i = 0; i < chunks.length; i++) {
      chunks[i] = new ZoneDraft(max).countingInto(total);
    }
    long added = 0;
    int stoppedAt = -1;
    for (int line = 1; line <= max && stoppedAt < 0; line++) {
      for (ZoneDraft chunk : chunks) {
        try {
          add(chunk, line);
          added++;
        } catch (ZoneDraft.TooManyRecords e) {
          stoppedAt = line;
          break;
        }
      }
    }
    // each chunk alone is far under the limit; together they are stopped within a few steps past it
    assertThat(stoppedAt).as("stopped").isPositive();
    assertThat(added).isGreaterThan(max).isLessThanOrEqualTo(max + (chunks.length + 1) * ZoneDraft.STEP);
    assertThat(stoppedAt).isLessThan((int) (max / 2));
  }

  @Test
  void aDraftReadAloneHasTheLimitExactly() {
    ZoneDraft alone = new ZoneDraft(3000);
    for (int i = 0; i < 3000; i++) {
      add(alone, i + 1);
    }
    assertThatThrownBy(() -> add(alone, 3001)).isInstanceOf(ZoneDraft.TooManyRecords.class);
  }
}
