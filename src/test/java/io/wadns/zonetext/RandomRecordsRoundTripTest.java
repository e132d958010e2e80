package io.wadns.zonetext;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.*;
import org.xbill.DNS.Record;

/**
 * A property: any record, printed by dnsjava's {@code toString()}, reads back to the same wire
 * form. Records are random (names with any octets, strings with quotes, backslashes and control
 * bytes), from a fixed seed per run so a failure can be replayed.
 */
class RandomRecordsRoundTripTest {
  private static final int RECORDS_PER_SEED = 400;

  private static final List<BiFunction<Random, Name, Record>> MAKERS = new ArrayList<>();

  static {
    MAKERS.add((r, n) -> new ARecord(n, DClass.IN, ttl(r), address(r, 4)));
    MAKERS.add((r, n) -> new AAAARecord(n, DClass.IN, ttl(r), address(r, 16)));
    MAKERS.add((r, n) -> new CNAMERecord(n, DClass.IN, ttl(r), name(r)));
    MAKERS.add((r, n) -> new NSRecord(n, DClass.IN, ttl(r), name(r)));
    MAKERS.add((r, n) -> new PTRRecord(n, DClass.IN, ttl(r), name(r)));
    MAKERS.add((r, n) -> new DNAMERecord(n, DClass.IN, ttl(r), name(r)));
    MAKERS.add((r, n) -> new MXRecord(n, DClass.IN, ttl(r), r.nextInt(65536), name(r)));
    MAKERS.add((r, n) -> new SRVRecord(n, DClass.IN, ttl(r), r.nextInt(65536), r.nextInt(65536), r.nextInt(65536), name(r)));
    MAKERS.add((r, n) -> new SOARecord(n, DClass.IN, ttl(r), name(r), name(r), u32(r), u32(r), u32(r), u32(r), u32(r)));
    MAKERS.add((r, n) -> txt(r, n));
    MAKERS.add((r, n) -> new HINFORecord(n, DClass.IN, ttl(r), text(r, 20), text(r, 20)));
    MAKERS.add((r, n) -> new NAPTRRecord(n, DClass.IN, ttl(r), r.nextInt(65536), r.nextInt(65536), text(r, 5),
        text(r, 20), text(r, 40), name(r)));
    MAKERS.add((r, n) -> new CAARecord(n, DClass.IN, ttl(r), r.nextInt(256), r.nextBoolean() ? "issue" : "iodef", text(r, 60)));
    MAKERS.add((r, n) -> new DSRecord(n, DClass.IN, ttl(r), r.nextInt(65536), r.nextInt(256), 2, bytes(r, 32)));
    MAKERS.add((r, n) -> new DNSKEYRecord(n, DClass.IN, ttl(r), r.nextInt(65536), 3, r.nextInt(256), bytes(r, 1 + r.nextInt(300))));
    MAKERS.add((r, n) -> new RRSIGRecord(n, DClass.IN, ttl(r), 1 + r.nextInt(300), r.nextInt(256), ttl(r),
        Instant.ofEpochSecond(u32(r)), Instant.ofEpochSecond(u32(r)), r.nextInt(65536), name(r), bytes(r, 1 + r.nextInt(200))));
    MAKERS.add((r, n) -> new NSECRecord(n, DClass.IN, ttl(r), name(r), types(r)));
    MAKERS.add((r, n) -> new NSEC3Record(n, DClass.IN, ttl(r), 1, r.nextInt(256), r.nextInt(65536),
        r.nextBoolean() ? null : bytes(r, 1 + r.nextInt(20)), bytes(r, 1 + r.nextInt(32)), types(r)));
    MAKERS.add((r, n) -> new NSEC3PARAMRecord(n, DClass.IN, ttl(r), 1, r.nextInt(256), r.nextInt(65536),
        r.nextBoolean() ? null : bytes(r, 1 + r.nextInt(20))));
    MAKERS.add((r, n) -> new TLSARecord(n, DClass.IN, ttl(r), r.nextInt(256), r.nextInt(256), r.nextInt(256), bytes(r, 1 + r.nextInt(64))));
    MAKERS.add((r, n) -> new SSHFPRecord(n, DClass.IN, ttl(r), r.nextInt(256), r.nextInt(256), bytes(r, 1 + r.nextInt(32))));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void recordsPrintedByDnsjavaReadBackToTheSameWireForm(long seed) {
    Random random = new Random(seed);
    StringBuilder zone = new StringBuilder();
    List<ReadRecords.WireRecord> expected = new ArrayList<>();
    for (int i = 0; i < RECORDS_PER_SEED; i++) {
      Record record = MAKERS.get(random.nextInt(MAKERS.size())).apply(random, name(random));
      zone.append(record).append('\n');
      expected.add(ReadRecords.of(record));
    }
    ReadRecords.Result result = ReadRecords.read(ZoneTextReader.create(), zone.toString());
    assertThat(result.problems()).as("seed %d", seed).isEmpty();
    for (int i = 0; i < expected.size(); i++) {
      assertThat(result.records().get(i)).as("seed %d, line %d: %s", seed, i + 1, zone.toString().split("\n")[i])
          .isEqualTo(expected.get(i));
    }
  }

  private static long ttl(Random r) {
    return r.nextInt(Integer.MAX_VALUE);
  }

  private static long u32(Random r) {
    return r.nextLong() & 0xFFFF_FFFFL;
  }

  private static byte[] bytes(Random r, int length) {
    byte[] b = new byte[length];
    r.nextBytes(b);
    return b;
  }

  private static InetAddress address(Random r, int length) {
    try {
      return InetAddress.getByAddress(bytes(r, length));
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An absolute name of up to four labels, each of random octets, often printable ones. */
  private static Name name(Random r) {
    int labels = r.nextInt(5);
    Name name = Name.root;
    try {
      for (int i = 0; i < labels; i++) {
        byte[] label = r.nextInt(4) == 0 ? bytes(r, 1 + r.nextInt(20)) : printable(r, 1 + r.nextInt(20));
        byte[] wire = new byte[label.length + 2];
        wire[0] = (byte) label.length;
        System.arraycopy(label, 0, wire, 1, label.length);
        name = Name.concatenate(new Name(wire), name);
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return name;
  }

  private static byte[] printable(Random r, int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (0x21 + r.nextInt(0x5E));
    }
    return b;
  }

  /** Text with any octets, for the strings of TXT, HINFO, NAPTR and CAA. */
  private static String text(Random r, int maxLength) {
    byte[] b = r.nextBoolean() ? printable(r, r.nextInt(maxLength)) : bytes(r, r.nextInt(maxLength));
    StringBuilder sb = new StringBuilder();
    for (byte c : b) {
      int v = c & 0xFF;
      // dnsjava reads these setter strings as zone text: escape what is not plain
      if (v < 0x20 || v >= 0x7F || v == '"' || v == '\\') {
        sb.append(String.format("\\%03d", v));
      } else {
        sb.append((char) v);
      }
    }
    return sb.toString();
  }

  private static Record txt(Random r, Name n) {
    List<String> strings = new ArrayList<>();
    int count = 1 + r.nextInt(4);
    for (int i = 0; i < count; i++) {
      strings.add(text(r, 80));
    }
    return new TXTRecord(n, DClass.IN, ttl(r), strings);
  }

  private static int[] types(Random r) {
    int count = r.nextInt(8);
    int[] types = new int[count];
    for (int i = 0; i < count; i++) {
      types[i] = r.nextInt(4) == 0 ? 1 + r.nextInt(65535) : 1 + r.nextInt(60);
      while (types[i] == Type.OPT || types[i] >= 128 && types[i] <= 255) {
        types[i] = 1 + r.nextInt(60);
      }
    }
    return types;
  }
}
