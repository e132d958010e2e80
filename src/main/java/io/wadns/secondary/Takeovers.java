package io.wadns.secondary;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * Why a catalog member would take over names this server serves. The deepest zone answers a name, so a
 * member below one of our zones would answer part of it, a member above would answer the names around it,
 * and the root every name: a catalog's primary must not gain that. Looked up by ancestors in hash sets, so
 * a catalog of 10,000 members beside 10,000 zones costs some 10^5 lookups, not 10^8 comparisons.
 */
final class Takeovers {
  private final Set<Name> ours;
  /** Each strict ancestor of one of our zones, with one such zone (for the message). */
  private final Map<Name, Name> above = new HashMap<>();

  Takeovers(Collection<Name> ours) {
    this.ours = new HashSet<>(ours);
    for (Name o : ours) {
      for (int strip = 1; strip < o.labels(); strip++) {
        above.putIfAbsent(new Name(o, strip), o);
      }
    }
  }

  /** Why {@code member} would take over names we serve, or null when it would not. */
  String of(Name member) {
    if (member.equals(Name.root)) {
      return "the root";
    }
    if (ours.contains(member)) {
      return "a zone of this server already (a zone file or secondary.zones)";
    }
    for (int strip = 1; strip < member.labels(); strip++) {
      Name ancestor = new Name(member, strip);
      if (ours.contains(ancestor)) {
        return "below zone " + ancestor + " of this server";
      }
    }
    Name below = above.get(member);
    return below == null ? null : "above zone " + below + " of this server";
  }

  /** The members of {@code members} that would take over names we serve. */
  Set<Name> among(Set<Name> members) {
    Set<Name> out = new HashSet<>();
    for (Name m : members) {
      if (of(m) != null) {
        out.add(m);
      }
    }
    return out;
  }
}
