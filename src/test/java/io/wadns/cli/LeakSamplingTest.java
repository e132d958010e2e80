package io.wadns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Serving turns Netty's leak sampling off, except when the operator chose a level with the property. */
class LeakSamplingTest {
  private ResourceLeakDetector.Level before;
  private String property;
  private String olderProperty;

  @BeforeEach
  void remember() {
    before = ResourceLeakDetector.getLevel();
    property = System.getProperty("io.netty.leakDetection.level");
    olderProperty = System.getProperty("io.netty.leakDetectionLevel");
  }

  @AfterEach
  void restore() {
    ResourceLeakDetector.setLevel(before);
    if (property == null) {
      System.clearProperty("io.netty.leakDetection.level");
    } else {
      System.setProperty("io.netty.leakDetection.level", property);
    }
    if (olderProperty == null) {
      System.clearProperty("io.netty.leakDetectionLevel");
    } else {
      System.setProperty("io.netty.leakDetectionLevel", olderProperty);
    }
  }

  @Test
  void offWhenNobodyAsked() {
    System.clearProperty("io.netty.leakDetection.level");
    System.clearProperty("io.netty.leakDetectionLevel");
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
    LeakSampling.offUnlessAsked();
    assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.DISABLED);
  }

  @Test
  void leftAloneWhenTheOperatorChoseALevel() {
    System.setProperty("io.netty.leakDetection.level", "advanced");
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.ADVANCED);
    LeakSampling.offUnlessAsked();
    assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.ADVANCED);
  }

  @Test
  void leftAloneWhenTheOperatorUsedTheOlderPropertyName() {
    System.clearProperty("io.netty.leakDetection.level");
    System.setProperty("io.netty.leakDetectionLevel", "paranoid");
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    LeakSampling.offUnlessAsked();
    assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
  }
}
