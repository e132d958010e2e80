package io.wadns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * picocli is compiled from its source at our Java level (pom.xml): its published jar holds Java 5 class
 * files, which a class-data archive leaves out and the JVM checks with its slow verifier at every start.
 */
class PicocliClassVersionTest {
  /** Java 17's class file version (JVMS §4.1). */
  private static final int JAVA_17 = 61;

  @Test
  void picocliOnTheClassPathIsCompiledForJava17() throws IOException {
    for (Class<?> c : new Class<?>[] {CommandLine.class, CommandLine.Model.CommandSpec.class, CommandLine.Option.class}) {
      assertThat(majorVersion(c)).as(c.getName()).isEqualTo(JAVA_17);
    }
  }

  private static int majorVersion(Class<?> c) throws IOException {
    String resource = c.getName().replace('.', '/') + ".class";
    try (InputStream in = c.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      DataInputStream data = new DataInputStream(in);
      assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
      data.readUnsignedShort(); // minor version
      return data.readUnsignedShort();
    }
  }
}
