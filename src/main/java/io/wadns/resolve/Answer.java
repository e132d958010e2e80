package io.wadns.resolve;

import io.wadns.weighted.AddressGroup;
import io.wadns.weighted.Pick;
import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * What the resolver found for one query: a closed set of outcomes, as the encoder and the answer
 * cache need to tell them apart. Each outcome carries its {@link Sections}; its rcode and AA bit
 * follow from what it is. Writing bytes (and deciding truncation) is the encoder's job.
 *
 * <p>Immutable once returned; made on the thread answering the query.
 */
public sealed interface Answer {
  Sections sections();

  /** How the answer came about, for the answer cache, metrics and the query log. */
  Facts facts();

  int rcode();

  boolean authoritative();

  default List<Record> answer() {
    return sections().answer();
  }

  default List<Record> authority() {
    return sections().authority();
  }

  default List<Record> additional() {
    return sections().additional();
  }

  /**
   * How many leading records of the additional section are required: in-domain glue of a referral
   * (RFC 9471 §3), whose loss must set TC rather than go unnoticed.
   */
  default int requiredAdditional() {
    return sections().requiredAdditional();
  }

  /** The alias target that answered, when a weighted pick made the answer; else null. */
  default AddressGroup pickedGroup() {
    return facts().picked() == null ? null : facts().picked().group();
  }

  /**
   * @param cacheable the same query gets the same answer until the zones change: no random pick, no
   *     health state, no wildcard synthesis, no ANY; such answers may be served from a cache of bytes
   * @param existingName the query name exists in a zone, so caching its answers is bounded by the zones
   * @param picked the weighted pick that answered, or null
   */
  record Facts(boolean cacheable, boolean existingName, Pick picked) {
    static final Facts NONE = new Facts(true, false, null);
  }

  /** Data of the query type (RFC 1034 §4.3.2 step 3a), possibly after CNAME and DNAME steps. */
  record Positive(Sections sections, Facts facts) implements Answer {
    @Override
    public int rcode() {
      return Rcode.NOERROR;
    }

    @Override
    public boolean authoritative() {
      return true;
    }
  }

  /** The name exists but has no data of the type: the SOA in authority (RFC 2308 §2.2). */
  record NoData(Sections sections, Facts facts) implements Answer {
    @Override
    public int rcode() {
      return Rcode.NOERROR;
    }

    @Override
    public boolean authoritative() {
      return true;
    }
  }

  /** The name does not exist: NXDOMAIN with the SOA in authority (RFC 2308 §2.1). */
  record NameError(Sections sections, Facts facts) implements Answer {
    @Override
    public int rcode() {
      return Rcode.NXDOMAIN;
    }

    @Override
    public boolean authoritative() {
      return true;
    }
  }

  /**
   * The name is at or below a delegation: the cut's NS in authority, glue in additional (RFC 1034
   * §4.3.2 step 3b). Not authoritative, unless CNAME or DNAME steps we answer for came first.
   */
  record Referral(Sections sections, Facts facts) implements Answer {
    @Override
    public int rcode() {
      return Rcode.NOERROR;
    }

    @Override
    public boolean authoritative() {
      return !sections.answer().isEmpty();
    }
  }

  /** A DNAME substitution made a name longer than 255 octets: YXDOMAIN (RFC 6672 §2.2). */
  record NameTooLong(Sections sections, Facts facts) implements Answer {
    @Override
    public int rcode() {
      return Rcode.YXDOMAIN;
    }

    @Override
    public boolean authoritative() {
      return true;
    }
  }

  /** We are not authoritative for the name. */
  record Refused() implements Answer {
    static final Refused INSTANCE = new Refused();

    @Override
    public Sections sections() {
      return Sections.EMPTY;
    }

    @Override
    public Facts facts() {
      return Facts.NONE;
    }

    @Override
    public int rcode() {
      return Rcode.REFUSED;
    }

    @Override
    public boolean authoritative() {
      return false;
    }
  }

  /**
   * We should be authoritative for the name but cannot answer: its zone failed to load (as Knot and
   * NSD answer for a zone they could not load).
   */
  record ServerFailure(Name zone) implements Answer {
    @Override
    public Sections sections() {
      return Sections.EMPTY;
    }

    @Override
    public Facts facts() {
      return Facts.NONE;
    }

    @Override
    public int rcode() {
      return Rcode.SERVFAIL;
    }

    @Override
    public boolean authoritative() {
      return false;
    }
  }

  /**
   * A positive, authoritative answer of exactly these records at an existing name, as a weighted
   * pick produces; {@code picked} is the group they came from, or null.
   */
  static Answer of(List<Record> records, Pick picked) {
    return new Positive(new Sections(List.copyOf(records), List.of(), List.of(), 0),
        new Facts(picked == null, true, picked));
  }
}
