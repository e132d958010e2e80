package io.wadns.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * The zone builder lays RRsets out node by node whatever order they came in: sets added out of node
 * order are moved (and {@code placed} says where), sets added in order are handed over as they are,
 * with or without the totals given up front.
 */
class ZoneDataBuilderTest {
  /** One RRset as added: its node, type, TTL and records' RDATA. */
  private record Added(int node, int type, int ttl, List<byte[]> records) {}

  @Test
  void setsAddedOutOfNodeOrderAreLaidOutByNodeKeepingTheirOrderWithinANode() throws Exception {
    ZoneData.Builder b = new ZoneData.Builder();
    int a = node(b, "a.example.");
    int c = node(b, "c.example.");
    List<Added> added = List.of(
        new Added(c, 16, 60, List.of(new byte[] {1, 2})),
        new Added(a, 1, 300, List.of(new byte[] {10, 0, 0, 1}, new byte[] {10, 0, 0, 2})),
        new Added(c, 1, 30, List.of(new byte[] {10, 0, 0, 3})),
        new Added(a, 28, 300, List.of(new byte[16])));
    check(b, added, null);
  }

  @Test
  void randomSetsInAnyOrderWithOrWithoutTotalsComeOutAsAdded() throws Exception {
    Random random = new Random(20261130);
    for (int round = 0; round < 300; round++) {
      boolean inOrder = random.nextBoolean();
      int totals = random.nextInt(3); // 0: none, 1: exact, 2: too small
      ZoneData.Builder b = new ZoneData.Builder();
      int nodes = 1 + random.nextInt(40);
      int[] node = new int[nodes];
      for (int i = 0; i < nodes; i++) {
        node[i] = node(b, "n" + i + ".example.");
      }
      List<Added> added = new ArrayList<>();
      int sets = random.nextInt(600);
      for (int s = 0; s < sets; s++) {
        List<byte[]> records = new ArrayList<>();
        for (int r = random.nextInt(5); r > 0; r--) {
          byte[] data = new byte[random.nextInt(40)];
          random.nextBytes(data);
          records.add(data);
        }
        added.add(new Added(node[random.nextInt(nodes)], 1 + s % 20, random.nextInt(86400), records));
      }
      if (inOrder) {
        added.sort((x, y) -> Integer.compare(x.node(), y.node())); // stable: the order within a node stays
      }
      int[] expected = null;
      if (totals > 0) {
        int records = added.stream().mapToInt(x -> x.records().size()).sum();
        int bytes = added.stream().flatMap(x -> x.records().stream()).mapToInt(d -> d.length).sum();
        expected = totals == 1 ? new int[] {added.size(), records, bytes}
            : new int[] {added.size() / 2, records / 2, bytes / 2};
      }
      check(b, added, expected);
    }
  }

  /** Adds {@code added} (after {@code expect} when given), builds, and checks every RRset and where it went. */
  private static void check(ZoneData.Builder b, List<Added> added, int[] expect) {
    if (expect != null) {
      b.expect(expect[0], expect[1], expect[2]);
    }
    int[] numbers = new int[added.size()];
    for (int i = 0; i < added.size(); i++) {
      Added s = added.get(i);
      numbers[i] = b.set(s.node(), s.type(), s.ttl());
      for (byte[] r : s.records()) {
        b.record(r, 0, r.length);
      }
    }
    ZoneData z = b.build();
    assertThat(z.setCount()).isEqualTo(added.size());
    assertThat(z.recordCount()).isEqualTo(added.stream().mapToInt(x -> x.records().size()).sum());
    int[] seenInNode = new int[z.nodeCount()];
    for (int i = 0; i < added.size(); i++) {
      Added s = added.get(i);
      int at = b.placed(numbers[i]);
      // within a node, the sets keep the order they were added in
      assertThat(at).isEqualTo(z.setsStart(s.node()) + seenInNode[s.node()]++);
      assertThat(z.setType(at)).isEqualTo(s.type());
      assertThat(z.setTtl[at]).isEqualTo(s.ttl());
      assertThat(z.setRecords[at + 1] - z.setRecords[at]).isEqualTo(s.records().size());
      for (int k = 0; k < s.records().size(); k++) {
        int r = z.setRecords[at] + k;
        assertThat(Arrays.copyOfRange(z.rdata, z.recordData[r], z.recordData[r + 1])).isEqualTo(s.records().get(k));
      }
    }
    for (int n = 0; n < z.nodeCount(); n++) {
      assertThat(z.setsEnd(n) - z.setsStart(n)).as("sets of node %d", n).isEqualTo(seenInNode[n]);
    }
    assertThat(z.rdata).hasSize(z.recordData[z.recordCount()]);
  }

  private static int node(ZoneData.Builder b, String name) throws TextParseException {
    byte[] wire = Name.fromString(name).toWire();
    return b.node(wire, 0, wire.length);
  }
}
