package io.wadns.dnssec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSEC3PARAMRecord;
import org.xbill.DNS.NSEC3Record;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The NSEC3 chain of a zone (RFC 5155) without opt-out, with RFC 9276's parameters (SHA-1, no extra
 * iterations, no salt) when signed here, or the salt and iterations of a chain signed elsewhere; its
 * NSEC3PARAM record, and the denial proofs of RFC 5155 §7.2 as lookups over the chain
 * built once at load: a query hashes only the query name and its ancestors. Immutable and thread-safe.
 * The proofs are the NSEC3 records for the authority section; their RRSIGs come from the signer.
 *
 * <p>Proof methods take the query name and expect the outcome the caller found in the zone; asked for
 * a proof that does not hold, they throw {@link IllegalArgumentException}.
 */
public final class Nsec3Chain implements DenialChain {
  private final Name apex;
  private final byte[][] hashes; // sorted, unsigned: the order of the NSEC3 owner names
  /**
   * The type bitmap of each NSEC3, index for index with {@link #hashes}, as sorted type numbers: a dnsjava
   * {@link NSEC3Record} keeps a tree set, about 200 bytes more per name. Records are made when needed.
   */
  private final int[][] types;
  private final long ttl;
  private final Nsec3Hash hash;
  private final NSEC3PARAMRecord param;
  /**
   * The {@link Name#hashCode} (case-insensitive) of every name of the chain, sorted: a name whose code is
   * not here is not in the zone, known without an NSEC3 hash. Finding the closest encloser then hashes one
   * name, not each ancestor of the query name, each hash costing the chain's iterations plus one SHA-1:
   * a long random name cannot make a denial cost a hundred hashes (CVE-2023-50868 is the validator's side
   * of that). A code that is here is confirmed with the NSEC3 hash.
   */
  private final int[] nameCodes;

  private Nsec3Chain(Name apex, byte[][] hashes, int[][] types, long ttl, Nsec3Hash hash, NSEC3PARAMRecord param,
      int[] nameCodes) {
    this.apex = apex;
    this.hashes = hashes;
    this.types = types;
    this.ttl = ttl;
    this.hash = hash;
    this.param = param;
    this.nameCodes = nameCodes;
  }

  /** The NSEC3 at index {@code i}: its owner is the hash under the apex, its next hash the following one. */
  private NSEC3Record record(int i) {
    // RFC 5155 §3.1.7: the last record's next hash is the first's, closing the chain.
    byte[] next = hashes[(i + 1) % hashes.length];
    return new NSEC3Record(Nsec3Hash.owner(hashes[i], apex), DClass.IN, ttl, Nsec3Hash.SHA1, 0,
        hash.iterations(), hash.salt(), next, types[i]);
  }

  private boolean hasType(int i, int type) {
    return Arrays.binarySearch(types[i], type) >= 0;
  }

  /**
   * Builds the chain over {@code names}: every authoritative name, the apex, delegation cuts and empty
   * non-terminals included (RFC 5155 §7.1), names below cuts left out. Each NSEC3 lists the original
   * name's types, plus RRSIG where the name has signed data (every name with records but a cut, and a
   * cut with DS) and NSEC3PARAM at the apex. {@code ttl} should be the SOA's negative TTL (RFC 5155 §3,
   * RFC 9077 §3); the NSEC3PARAM gets it too. RFC 9276's parameters: no extra iterations, no salt.
   */
  public static Nsec3Chain build(Name apex, Map<Name, ? extends Collection<Integer>> names, long ttl) {
    return build(apex, names, ttl, Nsec3Hash.RFC_9276);
  }

  /** As {@link #build(Name, Map, long)}, hashing with {@code hash}'s salt and iterations. */
  static Nsec3Chain build(Name apex, Map<Name, ? extends Collection<Integer>> names, long ttl, Nsec3Hash hash) {
    ZoneNames.Sorted sorted = ZoneNames.sorted(apex, names);
    Name[] sortedNames = sorted.names();
    for (Name name : sortedNames) {
      for (Name up = ZoneNames.parent(name); up != null && up.subdomain(apex); up = ZoneNames.parent(up)) {
        if (sorted.indexOf(up) < 0) {
          throw new IllegalArgumentException("the empty non-terminal " + up + " (above " + name
              + ") is missing; NSEC3 needs it (RFC 5155 §7.1)");
        }
      }
    }
    record Entry(byte[] hash, Name name, int[] types) {}
    Entry[] entries = new Entry[sortedNames.length];
    for (int i = 0; i < entries.length; i++) {
      entries[i] = new Entry(hash.hash(sortedNames[i]), sortedNames[i], sorted.types()[i]);
    }
    Arrays.sort(entries, (a, b) -> Arrays.compareUnsigned(a.hash(), b.hash()));
    int n = entries.length;
    int[] nameCodes = new int[n];
    for (int i = 0; i < n; i++) {
      nameCodes[i] = sortedNames[i].hashCode();
    }
    Arrays.sort(nameCodes);
    byte[][] hashes = new byte[n][];
    int[][] types = new int[n][];
    for (int i = 0; i < n; i++) {
      Entry e = entries[i];
      if (i > 0 && Arrays.equals(e.hash(), entries[i - 1].hash())) {
        // RFC 5155 §7.1: a collision cannot be denied correctly; 2^-160 odds, but never serve one.
        throw new IllegalArgumentException("NSEC3 hash collision: " + e.name() + " and " + entries[i - 1].name());
      }
      hashes[i] = e.hash();
      types[i] = bitmap(apex, e.name(), e.types());
    }
    // RFC 5155 §4.1.2: the NSEC3PARAM's flags are 0.
    NSEC3PARAMRecord param = new NSEC3PARAMRecord(apex, DClass.IN, ttl, Nsec3Hash.SHA1, 0, hash.iterations(),
        hash.salt());
    return new Nsec3Chain(apex, hashes, types, ttl, hash, param, nameCodes);
  }

  private static int[] bitmap(Name apex, Name name, int[] types) {
    boolean cut = ZoneNames.isDelegation(apex, name, types);
    // RFC 4035 §2.2: at a cut only the DS RRset is signed (the NS RRset belongs to the child).
    boolean signed = types.length > 0 && (!cut || Arrays.binarySearch(types, Type.DS) >= 0);
    int[] extra = new int[2];
    int n = 0;
    if (signed) {
      extra[n++] = Type.RRSIG;
    }
    if (name.equals(apex)) {
      extra[n++] = Type.NSEC3PARAM;
    }
    return ZoneNames.sortedDistinct(types, Arrays.copyOf(extra, n));
  }

  public Name apex() {
    return apex;
  }

  /** The chain's extra hash iterations (RFC 5155 §3.1.3): 0 for a chain signed here. */
  int iterations() {
    return hash.iterations();
  }

  /** The chain in hash order, to sign and serve. */
  public List<NSEC3Record> records() {
    List<NSEC3Record> out = new ArrayList<>(hashes.length);
    for (int i = 0; i < hashes.length; i++) {
      out.add(record(i));
    }
    return out;
  }

  /** The apex's NSEC3PARAM (RFC 5155 §4), telling secondaries and signers the chain's parameters. */
  public NSEC3PARAMRecord nsec3param() {
    return param;
  }

  /**
   * RFC 5155 §7.2.2: the name does not exist. The closest encloser proof (§7.2.1: the NSEC3 matching the
   * closest encloser and the one covering the next closer name) and the NSEC3 covering the wildcard at
   * the closest encloser; duplicates appear once.
   */
  public List<Record> nxdomain(Name qname) {
    Name encloser = closestEncloser(qname);
    if (encloser.equals(qname)) {
      throw new IllegalArgumentException(qname + " exists: NODATA, not NXDOMAIN");
    }
    Name wildcard = ZoneNames.wildcardAt(encloser);
    List<Record> proof = closestEncloserProof(qname, encloser);
    if (wildcard != null) {
      if (indexOf(wildcard) >= 0) {
        throw new IllegalArgumentException(wildcard + " exists, so " + qname + " is a wildcard answer");
      }
      addOnce(proof, record(coveringIndex(find(hash.hash(wildcard)))));
    }
    return proof;
  }

  /**
   * RFC 5155 §7.2.3 and §7.2.4: the name exists (perhaps as an empty non-terminal, or as a cut asked
   * for DS) but has no record of the asked type. The NSEC3 matching the name, whose bitmap the
   * validator reads.
   */
  public List<Record> nodata(Name qname) {
    return List.of(record(matching(qname)));
  }

  /**
   * RFC 5155 §7.2.6: the answer came from a wildcard. The NSEC3 covering the next closer name, proving
   * no closer name matched (the validator takes the closest encloser from the RRSIG's label count).
   */
  public List<Record> wildcardAnswer(Name qname) {
    Name encloser = wildcardEncloser(qname);
    return List.of(record(coveringIndex(find(hash.hash(ZoneNames.nextCloser(qname, encloser))))));
  }

  /**
   * RFC 5155 §7.2.5: a wildcard matched but has no record of the asked type. The closest encloser
   * proof and the NSEC3 matching the wildcard, whose bitmap lacks the type.
   */
  public List<Record> wildcardNodata(Name qname) {
    Name encloser = wildcardEncloser(qname);
    List<Record> proof = closestEncloserProof(qname, encloser);
    addOnce(proof, record(matching(ZoneNames.wildcardAt(encloser))));
    return proof;
  }

  /**
   * RFC 5155 §7.2.7 (a referral to an unsigned child) and §7.2.4 (NODATA for its DS): without opt-out,
   * the NSEC3 matching the cut, whose bitmap has NS and no DS.
   */
  public List<Record> insecureDelegation(Name cut) {
    int at = matching(cut);
    if (cut.equals(apex) || !hasType(at, Type.NS) || hasType(at, Type.DS)) {
      throw new IllegalArgumentException(cut + " is not an unsigned delegation (NS without DS)");
    }
    return List.of(record(at));
  }

  /**
   * The longest of the name and its ancestors in the zone that has an NSEC3 (RFC 5155 §1.3), found by
   * hashing each in turn from the name up (RFC 5155 §7.2.1); the apex always has one.
   */
  private Name closestEncloser(Name qname) {
    if (!qname.subdomain(apex)) {
      throw new IllegalArgumentException(qname + " is not in the zone " + apex);
    }
    for (Name n = qname; ; n = ZoneNames.parent(n)) {
      int i = n.equals(apex) ? -1 : indexOf(n);
      if (i >= 0 && !n.equals(qname) && hasType(i, Type.NS)) {
        throw new IllegalArgumentException(qname + " lies below the delegation cut " + n
            + ": a referral, not a denial");
      }
      if (n.equals(apex) || i >= 0) {
        return n;
      }
    }
  }

  private Name wildcardEncloser(Name qname) {
    Name encloser = closestEncloser(qname);
    Name wildcard = encloser.equals(qname) ? null : ZoneNames.wildcardAt(encloser);
    if (wildcard == null || indexOf(wildcard) < 0) {
      throw new IllegalArgumentException("no wildcard matches " + qname);
    }
    return encloser;
  }

  /** RFC 5155 §7.2.1: the NSEC3 matching the closest encloser, the one covering the next closer name. */
  private List<Record> closestEncloserProof(Name qname, Name encloser) {
    List<Record> proof = new ArrayList<>(3);
    proof.add(record(find(hash.hash(encloser)))); // the apex, or a name indexOf found: present
    addOnce(proof, record(coveringIndex(find(hash.hash(ZoneNames.nextCloser(qname, encloser))))));
    return proof;
  }

  /** The index of the NSEC3 matching {@code name}. */
  private int matching(Name name) {
    if (!name.subdomain(apex)) {
      throw new IllegalArgumentException(name + " is not in the zone " + apex);
    }
    int i = indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException(name + " does not exist: NXDOMAIN, not NODATA");
    }
    return i;
  }

  /**
   * The index of the NSEC3 of {@code name}, a name of the zone, or -1 when it has none: hashed only when
   * its {@link Name#hashCode} is one of the chain's names' (a zone name, or about one other name in
   * 2^32 / names).
   */
  private int indexOf(Name name) {
    if (Arrays.binarySearch(nameCodes, name.hashCode()) < 0) {
      return -1;
    }
    int i = find(hash.hash(name));
    return i >= 0 ? i : -1;
  }

  /** The index of the hash, or {@code -(insertion point) - 1}, as {@link Arrays#binarySearch}. */
  private int find(byte[] hash) {
    return Arrays.binarySearch(hashes, hash, Arrays::compareUnsigned);
  }

  /**
   * The NSEC3 covering an absent hash, given {@link #find}'s negative result: the one with the
   * greatest hash below it, or the last one when it sorts before every hash (RFC 5155 §1.3, "covers").
   */
  private int coveringIndex(int notFound) {
    if (notFound >= 0) {
      throw new IllegalStateException("the hash is present, not covered");
    }
    int insertion = -notFound - 1;
    return insertion == 0 ? hashes.length - 1 : insertion - 1;
  }

  private static void addOnce(List<Record> proof, Record r) {
    if (!proof.contains(r)) {
      proof.add(r);
    }
  }
}
