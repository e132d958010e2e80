package io.wadns.transfer;

import io.wadns.text.AddressPrefix;
import java.net.InetAddress;
import java.util.List;
import org.xbill.DNS.Name;

/**
 * Who may transfer the primary zones (RFC 5936 §5: a server restricts AXFR to the clients it is
 * told about). A request is allowed when any rule matches it; a rule names a network, a TSIG key,
 * or both, and then both must match. A key matches only when the request was signed with it and
 * the signature verified. With no rules, nobody may transfer. Immutable.
 */
public record TransferAcl(List<Rule> rules) {
  public static final TransferAcl NOBODY = new TransferAcl(List.of());

  public TransferAcl {
    rules = List.copyOf(rules);
  }

  /**
   * One rule of the list.
   *
   * @param prefix the client's network, or null for any address
   * @param key the TSIG key the request must be signed with, or null for any request
   */
  public record Rule(AddressPrefix prefix, Name key) {
    public Rule {
      if (prefix == null && key == null) {
        throw new IllegalArgumentException("a rule names a network, a key, or both");
      }
    }

    boolean matches(InetAddress client, Name verifiedKey) {
      return (prefix == null || client != null && prefix.contains(client))
          && (key == null || key.equals(verifiedKey));
    }

    @Override
    public String toString() {
      return prefix == null ? "key " + key : key == null ? prefix.toString() : prefix + " key " + key;
    }
  }

  /**
   * True when a request from {@code client}, signed with {@code verifiedKey} (null when unsigned),
   * may transfer.
   */
  public boolean allows(InetAddress client, Name verifiedKey) {
    for (Rule r : rules) {
      if (r.matches(client, verifiedKey)) {
        return true;
      }
    }
    return false;
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }
}
