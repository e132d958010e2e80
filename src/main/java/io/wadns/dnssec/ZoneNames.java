package io.wadns.dnssec;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The authoritative owner names of a zone with their RR types, in canonical order (RFC 4034 §6.1,
 * which is dnsjava's {@link Name} order), as the denial-of-existence chains take them. Checks what the
 * chains rely on: the apex is present, every name is in the zone, and nothing lies below a
 * delegation cut (RFC 4035 §2.3: glue and the child's names are not authoritative).
 */
final class ZoneNames {
  private ZoneNames() {}

  /** Owner names in canonical order, each with its sorted, distinct type numbers, index for index. */
  record Sorted(Name[] names, int[][] types) {
    /** The index of {@code name}, or a negative number as {@link Arrays#binarySearch} gives it. */
    int indexOf(Name name) {
      return Arrays.binarySearch(names, name);
    }
  }

  static Sorted sorted(Name apex, Map<Name, ? extends Collection<Integer>> names) {
    record Keyed(byte[] key, Name name, Collection<Integer> types) {}
    Keyed[] keyed = new Keyed[names.size()];
    int i = 0;
    for (Map.Entry<Name, ? extends Collection<Integer>> e : names.entrySet()) {
      Name name = e.getKey();
      if (!name.subdomain(apex)) {
        throw new IllegalArgumentException(name + " is not in the zone " + apex);
      }
      keyed[i++] = new Keyed(canonicalKey(name), name, e.getValue());
    }
    Arrays.sort(keyed, (a, b) -> Arrays.compareUnsigned(a.key(), b.key()));
    Name[] sorted = new Name[keyed.length];
    int[][] types = new int[keyed.length][];
    for (i = 0; i < keyed.length; i++) { // distinct: map keys, which compare without case as the keys do
      sorted[i] = keyed[i].name();
      types[i] = typeNumbers(keyed[i].types());
    }
    if (Arrays.binarySearch(sorted, apex) < 0) {
      throw new IllegalArgumentException("the apex " + apex + " is not among the names");
    }
    // In canonical order a name's descendants follow it directly, so one pass finds any name below a cut.
    Name cut = null;
    for (i = 0; i < sorted.length; i++) {
      Name name = sorted[i];
      if (cut != null && name.subdomain(cut) && !name.equals(cut)) {
        throw new IllegalArgumentException(name + " lies below the delegation cut " + cut
            + "; leave it out (not authoritative)");
      }
      if (isDelegation(apex, name, types[i])) {
        cut = name;
      }
    }
    return new Sorted(sorted, types);
  }

  private static int[] typeNumbers(Collection<Integer> types) {
    int[] out = new int[types.size()];
    int n = 0;
    for (int type : types) {
      out[n++] = type;
    }
    return sortedDistinct(out);
  }

  /** {@code types} and {@code more} together, sorted, each type once: a type bitmap's numbers. */
  static int[] sortedDistinct(int[] types, int... more) {
    int[] all = Arrays.copyOf(types, types.length + more.length);
    System.arraycopy(more, 0, all, types.length, more.length);
    Arrays.sort(all);
    int distinct = 0;
    for (int j = 0; j < all.length; j++) {
      if (distinct == 0 || all[distinct - 1] != all[j]) {
        all[distinct++] = all[j];
      }
    }
    return distinct == all.length ? all : Arrays.copyOf(all, distinct);
  }

  /**
   * A key whose unsigned octet order is the canonical order of names (RFC 4034 §6.1, dnsjava's {@link
   * Name#compareTo}): the labels from the root down, each lower-cased and ended by a zero octet, with
   * octets 0 and 1 inside a label escaped as 1 1 and 1 2 so that a label sorts before any longer label
   * it begins. Sorting by these keys is several times as fast as comparing names label by label.
   */
  static byte[] canonicalKey(Name name) {
    int labels = name.labels();
    byte[] out = new byte[2 * name.length() + labels];
    int at = 0;
    for (int l = labels - 2; l >= 0; l--) { // the root label (the last) is empty: the key ends there
      byte[] label = name.getLabel(l);
      for (int j = 1; j <= label[0]; j++) {
        int b = label[j] & 0xFF;
        if (b <= 1) {
          out[at++] = 1;
          out[at++] = (byte) (b + 1);
        } else {
          out[at++] = (byte) (b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b);
        }
      }
      out[at++] = 0;
    }
    return Arrays.copyOf(out, at);
  }

  /** A delegation cut: NS records at a name other than the apex. */
  static boolean isDelegation(Name apex, Name name, int[] types) {
    return !name.equals(apex) && Arrays.binarySearch(types, Type.NS) >= 0;
  }

  /** The name one label up, or null at the root. */
  static Name parent(Name name) {
    return name.labels() <= 1 ? null : new Name(name, 1);
  }

  /** The longest name that is {@code a} or an ancestor of it and also {@code b} or an ancestor of it. */
  static Name commonAncestor(Name a, Name b) {
    int n = Math.min(a.labels(), b.labels());
    Name x = new Name(a, a.labels() - n);
    Name y = new Name(b, b.labels() - n);
    while (!x.equals(y)) {
      x = parent(x);
      y = parent(y);
    }
    return x;
  }

  /** {@code *.name}, or null when that would be longer than a name may be (RFC 1035 §2.3.4). */
  static Name wildcardAt(Name name) {
    try {
      return Name.concatenate(Name.fromConstantString("*"), name);
    } catch (org.xbill.DNS.NameTooLongException e) {
      return null;
    }
  }

  /** The ancestor of {@code name} one label longer than {@code encloser}: RFC 5155 §1.3's next closer. */
  static Name nextCloser(Name name, Name encloser) {
    return new Name(name, name.labels() - encloser.labels() - 1);
  }
}
