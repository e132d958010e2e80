package io.wadns.weighted;

/** What an alias points at: a group of addresses, or another weighted choice (an alias tree). */
public sealed interface AliasTarget permits AddressGroup, AliasChoice {
  /** Walks down the tree, each level picking by its own weights, to one group of addresses. */
  AddressGroup resolve(Randomness random);
}
