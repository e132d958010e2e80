package io.wadns.dnssec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * A zone reduced to its owner names and types, with the facts the denial tests check proofs against,
 * computed here independently of the code under test: which names exist (empty non-terminals
 * included), the delegation cuts, and closest enclosers (RFC 5155 §1.3, RFC 4592 §3.3.1).
 *
 * @param data every authoritative name that owns records (apex and cuts included), with its types
 */
record ZoneModel(Name apex, Map<Name, Set<Integer>> data) {
  static final String[] LABELS = {"a", "b", "c", "d", "xn--bcher-kva", "z"};

  /** A random zone under {@code example.}: names one to three labels deep, some wildcards and cuts. */
  static ZoneModel random(SplittableRandom r) {
    Name apex = Name.fromConstantString("example.");
    Map<Name, Set<Integer>> data = new TreeMap<>();
    data.put(apex, Set.of(Type.SOA, Type.NS, Type.DNSKEY));
    int count = 1 + r.nextInt(15);
    for (int i = 0; i < count; i++) {
      Name name = randomName(r, apex, 1 + r.nextInt(3), r.nextInt(5) == 0);
      Set<Integer> types;
      int kind = r.nextInt(10);
      if (kind == 0 && !name.isWild()) {
        types = Set.of(Type.NS); // an unsigned delegation
      } else if (kind == 1 && !name.isWild()) {
        types = Set.of(Type.NS, Type.DS); // a signed delegation
      } else {
        types = new TreeSet<>();
        types.add(r.nextBoolean() ? Type.A : Type.AAAA);
        if (r.nextBoolean()) {
          types.add(Type.TXT);
        }
      }
      data.putIfAbsent(name, types);
    }
    // Leave out what lies below a cut: not authoritative (RFC 4035 §2.3).
    ZoneModel all = new ZoneModel(apex, data);
    data.keySet().removeIf(all::isBelowCut);
    return new ZoneModel(apex, data);
  }

  static Name randomName(SplittableRandom r, Name apex, int depth, boolean wildcard) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      String label = i == 0 && wildcard ? "*" : LABELS[r.nextInt(LABELS.length)];
      b.append(r.nextInt(4) == 0 ? label.toUpperCase() : label).append('.');
    }
    return Name.fromConstantString(b + apex.toString());
  }

  boolean isCut(Name name) {
    Set<Integer> types = data.get(name);
    return types != null && !name.equals(apex) && types.contains(Type.NS);
  }

  /** Strictly below a delegation cut. */
  boolean isBelowCut(Name name) {
    for (Name up = parent(name); up != null && up.subdomain(apex) && !up.equals(apex); up = parent(up)) {
      if (isCut(up)) {
        return true;
      }
    }
    return false;
  }

  /** Owns records, or is an ancestor (within the zone) of a name that does: an empty non-terminal. */
  boolean exists(Name name) {
    if (data.containsKey(name)) {
      return true;
    }
    return data.keySet().stream().anyMatch(n -> n.subdomain(name)) && name.subdomain(apex);
  }

  boolean isEmptyNonTerminal(Name name) {
    return exists(name) && !data.containsKey(name);
  }

  /** The longest existing name that is the name or an ancestor of it. */
  Name closestEncloser(Name name) {
    for (Name n = name; ; n = parent(n)) {
      if (exists(n)) {
        return n;
      }
    }
  }

  /** The NSEC input: names that own records. */
  Map<Name, Set<Integer>> nsecNames() {
    return data;
  }

  /** The NSEC3 input: names that own records and the empty non-terminals above them. */
  Map<Name, Set<Integer>> nsec3Names() {
    Map<Name, Set<Integer>> all = new HashMap<>(data);
    for (Name n : data.keySet()) {
      for (Name up = parent(n); up != null && up.subdomain(apex); up = parent(up)) {
        all.putIfAbsent(up, Set.of());
      }
    }
    return all;
  }

  static Name parent(Name n) {
    return n.labels() <= 1 ? null : new Name(n, 1);
  }

  static Name wildcard(Name encloser) {
    return Name.fromConstantString("*." + encloser);
  }

  /** Random query names, one to four labels under the apex, in mixed case, some existing. */
  List<Name> randomQueries(SplittableRandom r, int count) {
    List<Name> out = new ArrayList<>();
    List<Name> existing = new ArrayList<>(nsec3Names().keySet());
    for (int i = 0; i < count; i++) {
      if (r.nextInt(4) == 0) {
        out.add(existing.get(r.nextInt(existing.size())));
      } else {
        out.add(randomName(r, apex, 1 + r.nextInt(4), false));
      }
    }
    return out;
  }
}
