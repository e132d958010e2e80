package io.wadns.dnssec;

import java.util.Collection;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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

  static NavigableMap<Name, Set<Integer>> sorted(Name apex, Map<Name, ? extends Collection<Integer>> names) {
    NavigableMap<Name, Set<Integer>> sorted = new TreeMap<>();
    for (Map.Entry<Name, ? extends Collection<Integer>> e : names.entrySet()) {
      Name name = e.getKey();
      if (!name.subdomain(apex)) {
        throw new IllegalArgumentException(name + " is not in the zone " + apex);
      }
      if (sorted.put(name, Set.copyOf(new TreeSet<>(e.getValue()))) != null) {
        throw new IllegalArgumentException(name + " is given twice (names compare without case)");
      }
    }
    if (!sorted.containsKey(apex)) {
      throw new IllegalArgumentException("the apex " + apex + " is not among the names");
    }
    for (Name name : sorted.keySet()) {
      for (Name up = parent(name); up != null && !up.equals(apex) && up.subdomain(apex); up = parent(up)) {
        Set<Integer> types = sorted.get(up);
        if (types != null && isDelegation(apex, up, types)) {
          throw new IllegalArgumentException(name + " lies below the delegation cut " + up
              + "; leave it out (not authoritative)");
        }
      }
    }
    return sorted;
  }

  /** A delegation cut: NS records at a name other than the apex. */
  static boolean isDelegation(Name apex, Name name, Set<Integer> types) {
    return !name.equals(apex) && types.contains(Type.NS);
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
