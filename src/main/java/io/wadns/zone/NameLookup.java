package io.wadns.zone;

/**
 * Where a name lands inside one zone (RFC 1034 §4.3.2 step 3, RFC 4592, RFC 6672). A closed set so
 * the resolver handles every case.
 */
public sealed interface NameLookup {
  /** The name exists (possibly as an empty non-terminal). */
  record Exact(Node node) implements NameLookup {}

  /** The name does not exist but a wildcard at its closest encloser covers it. */
  record Wildcard(Node source) implements NameLookup {}

  /** The name is at or below a delegation; {@code atCut} when it is the cut itself. */
  record Cut(Node cut, boolean atCut) implements NameLookup {}

  /** An ancestor of the name owns a DNAME that redirects it. */
  record Dname(Node owner) implements NameLookup {}

  /** The name does not exist and no wildcard covers it. */
  record NameError() implements NameLookup {}

  NameLookup NAME_ERROR = new NameError();
}
