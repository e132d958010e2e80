package io.wadns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/compiler-directives.json, which the systemd unit hands to HotSpot: the JVM accepts it, each
 * pattern still names code that exists (a renamed package would silently turn the directive off), and
 * no pattern reaches the classes that answer queries (C1-only code there would cost every query).
 */
class CompilerDirectivesTest {
  private static final Path FILE = Path.of("docs/compiler-directives.json");
  private static final Path CLASSES = Path.of("target/classes");
  /** Packages whose every method may run per query: none of them may be kept from C2. */
  private static final List<String> QUERY_PACKAGES = List.of(
      "io/wadns/resolve/", "io/wadns/server/", "io/wadns/transport/", "io/wadns/protocol/", "io/wadns/wire/",
      "io/wadns/rrl/", "io/wadns/metrics/", "io/wadns/dnssec/", "io/wadns/health/");

  @Test
  void theJvmAcceptsTheFile() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(java.toString(), "-XX:+UnlockDiagnosticVMOptions",
        "-XX:CompilerDirectivesFile=" + FILE.toAbsolutePath(), "-version").redirectErrorStream(true).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("1 compiler directives added");
  }

  @Test
  void everyPatternNamesCodeThatExists() throws IOException {
    List<String> classes = projectClasses();
    for (String pattern : patterns()) {
      String classPart = pattern.substring(0, pattern.lastIndexOf('.'));
      if (classPart.startsWith("jdk/")) {
        String pkg = classPart.substring(0, classPart.lastIndexOf('/')).replace('/', '.');
        assertThat(ModuleLayer.boot().findModule("java.base").orElseThrow().getPackages())
            .as(pattern).contains(pkg);
      } else {
        assertThat(classes).as(pattern).anyMatch(name -> matches(classPart, name));
      }
    }
  }

  @Test
  void noPatternReachesTheQueryPath() throws IOException {
    List<String> queryClasses = projectClasses().stream()
        .filter(name -> QUERY_PACKAGES.stream().anyMatch(name::startsWith)).toList();
    assertThat(queryClasses).hasSizeGreaterThan(50);
    for (String pattern : patterns()) {
      int dot = pattern.lastIndexOf('.');
      String classPart = pattern.substring(0, dot);
      assertThat(queryClasses).as(pattern).noneMatch(name -> matches(classPart, name));
    }
    // The weighted answers are built once and read per query: only their constructors may be C1-only.
    assertThat(patterns()).filteredOn(p -> p.startsWith("io/wadns/weighted/")).allMatch(p -> p.endsWith(".<init>"));
    // Zones are read per query: only their builder and constructor are.
    assertThat(patterns()).filteredOn(p -> p.startsWith("io/wadns/zone/"))
        .allMatch(p -> p.startsWith("io/wadns/zone/ZoneData$Builder.") || p.endsWith(".<init>"));
  }

  @Test
  void theUnitPassesTheFileWhereTheInstallStepsPutIt() throws IOException {
    String unit = Files.readString(Path.of("docs/wadns.service"));
    assertThat(unit).contains("-XX:+UnlockDiagnosticVMOptions")
        .contains("-XX:CompilerDirectivesFile=/opt/wadns/compiler-directives.json");
    assertThat(Files.readString(Path.of("docs/operations.md")))
        .contains("install -m 0644 docs/compiler-directives.json /opt/wadns/");
  }

  @Test
  void theMatcherFollowsHotSpotsWildcards() {
    assertThat(matches("io/wadns/zonetext/*", "io/wadns/zonetext/ZoneLexer")).isTrue();
    assertThat(matches("io/wadns/zonetext/*", "io/wadns/zonetextual/X")).isFalse();
    assertThat(matches("io/wadns/zone/ZoneData$Builder", "io/wadns/zone/ZoneData")).isFalse();
    assertThat(matches("io/wadns/zone/ZoneData$Builder", "io/wadns/zone/ZoneData$Builder")).isTrue();
    assertThat(matches("*/Frame", "jdk/internal/org/objectweb/asm/Frame")).isTrue();
  }

  /**
   * HotSpot's class pattern: a leading or trailing {@code *} matches any run of characters (so a
   * trailing {@code /*} also covers subpackages).
   */
  static boolean matches(String classPattern, String className) {
    boolean head = classPattern.startsWith("*");
    boolean tail = classPattern.endsWith("*");
    String core = classPattern.substring(head ? 1 : 0, Math.max(head ? 1 : 0, classPattern.length() - (tail ? 1 : 0)));
    if (head && tail) {
      return className.contains(core);
    }
    if (head) {
      return className.endsWith(core);
    }
    if (tail) {
      return className.startsWith(core);
    }
    return className.equals(core);
  }

  /** The strings of the file's {@code match} lists. */
  static List<String> patterns() throws IOException {
    String text = Files.readString(FILE).replaceAll("(?s)/\\*.*?\\*/", "");
    List<String> out = new ArrayList<>();
    Matcher lists = Pattern.compile("match\\s*:\\s*\\[([^\\]]*)\\]").matcher(text);
    while (lists.find()) {
      Matcher strings = Pattern.compile("\"([^\"]+)\"").matcher(lists.group(1));
      while (strings.find()) {
        out.add(strings.group(1));
      }
    }
    assertThat(out).isNotEmpty();
    return out;
  }

  /** The project's classes in the JVM's form, {@code io/wadns/zone/ZoneData$Builder}. */
  private static List<String> projectClasses() throws IOException {
    try (Stream<Path> files = Files.walk(CLASSES)) {
      return files.map(p -> CLASSES.relativize(p).toString().replace('\\', '/'))
          .filter(name -> name.endsWith(".class"))
          .map(name -> name.substring(0, name.length() - ".class".length()))
          .toList();
    }
  }
}
