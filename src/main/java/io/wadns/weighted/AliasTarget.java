package io.wadns.weighted;

/** What an alias points at: a group of addresses, or another weighted choice (an alias tree). */
public sealed interface AliasTarget permits AddressGroup, AliasChoice {
  /** Walks down the tree, each level picking by its own weights, to one group of addresses. */
  AddressGroup resolve(Randomness random);

  /**
   * Can this target serve now? A group while at least one of its addresses is up; a choice while any
   * of its candidates can (Route 53's evaluate-target-health, applied level by level).
   */
  boolean healthy();

  /** Does any address below this target have a health check? If not, health is never consulted. */
  boolean checked();
}
