package io.wadns.weighted;

import io.wadns.health.HealthView;

/** What an alias points at: a group of addresses, or another weighted choice (an alias tree). */
public sealed interface AliasTarget permits AddressGroup, AliasChoice {
  /**
   * Walks down the tree, each level picking by its own weights, to one group of addresses. Every
   * level reads the same {@code health}, so one pick sees one state of the world.
   */
  AddressGroup resolve(Randomness random, HealthView health);

  /**
   * Can this target serve under {@code health}? A group while at least one of its addresses is up; a
   * choice while any of its candidates can (Route 53's evaluate-target-health, level by level).
   */
  boolean healthy(HealthView health);

  /** Does any address below this target have a health check? If not, health is never consulted. */
  boolean checked();
}
