package io.wadns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Serving turns Netty's allocator events off, except when the operator set the property. */
class AllocatorEventsTest {
  private String before;

  @BeforeEach
  void remember() {
    before = System.getProperty(AllocatorEvents.PROPERTY);
  }

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(AllocatorEvents.PROPERTY);
    } else {
      System.setProperty(AllocatorEvents.PROPERTY, before);
    }
  }

  @Test
  void offWhenNobodyAsked() {
    System.clearProperty(AllocatorEvents.PROPERTY);
    AllocatorEvents.offUnlessAsked();
    assertThat(System.getProperty("io.netty.jfr.enabled")).isEqualTo("false");
  }

  @Test
  void leftAloneWhenTheOperatorAskedForThem() {
    System.setProperty(AllocatorEvents.PROPERTY, "true");
    AllocatorEvents.offUnlessAsked();
    assertThat(System.getProperty("io.netty.jfr.enabled")).isEqualTo("true");
  }
}
