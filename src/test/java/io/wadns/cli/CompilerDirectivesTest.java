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
  private static final Path COMMANDS = Path.of("docs/compile-commands.txt");
  private static final Path CLASSES = Path.of("target/classes");
  /** Packages whose every method may run per query: none of them may be kept from C2. */
  private static final List<String> QUERY_PACKAGES = List.of(
      "io/wadns/resolve/", "io/wadns/server/", "io/wadns/transport/", "io/wadns/protocol/", "io/wadns/wire/",
      "io/wadns/rrl/", "io/wadns/metrics/", "io/wadns/dnssec/", "io/wadns/health/", "io/wadns/transfer/",
      "io/wadns/secondary/");
  /** Methods of mostly load-time classes that run for every query: no pattern may name them. */
  private static final List<String> QUERY_METHODS = List.of(
      "io/wadns/reload/ZoneReloader.current", "io/wadns/weighted/Pick.<init>",
      "io/wadns/weighted/WeightedName.pick", "io/wadns/weighted/AliasChoice.pick",
      "io/wadns/weighted/WeightedPicker.pick", "io/wadns/weighted/AddressGroup.records",
      "io/wadns/zone/Zone.lookup", "io/wadns/zone/ZoneData.set", "io/wadns/zone/NameTable.find",
      "io/wadns/zone/ZoneSet.find");

  @Test
  void theJvmAcceptsTheFile() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(java.toString(), "-XX:+UnlockDiagnosticVMOptions",
        "-XX:CompilerDirectivesFile=" + FILE.toAbsolutePath(), "-version").redirectErrorStream(true).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).containsPattern("\\d+ compiler directives added");
  }

  @Test
  void everyBlockKeepsItsMethodsFromC2Only() throws IOException {
    String text = withoutComments();
    // "Exclude" outside a c2 block would keep the loader from C1 too: interpreted, many times slower.
    assertThat(text.split("\\bExclude\\b", -1)).hasSize(text.split("c2\\s*:\\s*\\{\\s*Exclude\\s*:\\s*true\\s*\\}", -1).length);
    assertThat(text).containsPattern("c2\\s*:\\s*\\{\\s*Exclude\\s*:\\s*true\\s*\\}");
    assertThat(text.split("\\bmatch\\s*:", -1).length - 1).as("every match list is read by this test")
        .isEqualTo(Pattern.compile("match\\s*:\\s*\\[").matcher(text).results().count());
  }

  @Test
  void everyPatternNamesCodeThatExists() throws IOException {
    List<String> classes = projectClasses();
    for (String pattern : patterns()) {
      String classPart = pattern.substring(0, pattern.lastIndexOf('.'));
      if (classPart.startsWith("jdk/")) {
        // The JDK's own classes change between releases: this one is checked where it exists.
        String pkg = classPart.substring(0, classPart.lastIndexOf('/')).replace('/', '.');
        if (Runtime.version().feature() < 24) { // from 24 on, lambda classes are written without it
          assertThat(ModuleLayer.boot().findModule("java.base").orElseThrow().getPackages()).as(pattern).contains(pkg);
        }
        continue;
      }
      if (classPart.contains("$$Lambda")) { // the lambda classes the JVM makes at run time for a class
        String host = classPart.substring(0, classPart.indexOf("$$Lambda"));
        assertThat(classes).as(pattern).contains(host);
        continue;
      }
      assertThat(classes).as(pattern).anyMatch(name -> matches(classPart, name));
      String method = pattern.substring(pattern.lastIndexOf('.') + 1);
      if (!method.contains("*")) {
        assertThat(classes.stream().filter(name -> matches(classPart, name)))
            .as(pattern).anyMatch(name -> declares(name, method));
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
      String methodPart = pattern.substring(dot + 1);
      assertThat(queryClasses).as(pattern).noneMatch(name -> matches(classPart, name));
      for (String queryMethod : QUERY_METHODS) {
        int at = queryMethod.lastIndexOf('.');
        boolean named = matches(classPart, queryMethod.substring(0, at))
            && matches(methodPart, queryMethod.substring(at + 1));
        assertThat(named).as(pattern + " names " + queryMethod).isFalse();
      }
    }
    // Weighted answers, zones and the reloader are read per query: only named methods of theirs may be
    // C1-only, never a whole class.
    assertThat(patterns()).filteredOn(p -> p.startsWith("io/wadns/weighted/") || p.startsWith("io/wadns/zone/")
        || p.startsWith("io/wadns/reload/ZoneReloader."))
        .allMatch(p -> !p.endsWith(".*") || p.startsWith("io/wadns/zone/ZoneData$Builder."));
  }

  @Test
  void theUnitPassesTheFilesWhereTheInstallStepsPutThem() throws IOException {
    String unit = Files.readString(Path.of("docs/wadns.service"));
    assertThat(unit).contains("-XX:+UnlockDiagnosticVMOptions")
        .contains("-XX:CompilerDirectivesFile=/opt/wadns/compiler-directives.json")
        .contains("-XX:CompileCommandFile=/opt/wadns/compile-commands.txt");
    assertThat(Files.readString(Path.of("docs/operations.md")))
        .contains("install -m 0644 docs/compiler-directives.json /opt/wadns/")
        .contains("install -m 0644 docs/compile-commands.txt /opt/wadns/");
  }

  @Test
  void theCompileCommandsScaleTheThresholdsOfTheLoadersMethodsAndNoOthers() throws IOException {
    List<String> scaled = new ArrayList<>();
    for (String pattern : patterns()) {
      scaled.add("CompileThresholdScaling," + pattern + ",0.05");
    }
    List<String> commands = commands();
    assertThat(commands.get(0)).isEqualTo("quiet");
    // Only the directives' methods, so the query path keeps its thresholds; and few lines, since HotSpot
    // walks them all at every profiling event of every method.
    assertThat(commands.subList(1, commands.size())).doesNotHaveDuplicates().isSubsetOf(scaled).hasSizeLessThan(5)
        .contains("CompileThresholdScaling,io/wadns/zonetext/*.*,0.05",
            "CompileThresholdScaling,io/wadns/zonefile/*.*,0.05");
  }

  @Test
  void theJvmReadsEveryCompileCommand() throws Exception {
    // Without "quiet" the JVM echoes each command it took; a line it cannot read is an error it prints.
    Path loud = Files.createTempFile("compile-commands", ".txt");
    try {
      Files.write(loud, commands().stream().filter(c -> !c.equals("quiet")).toList());
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Process process = new ProcessBuilder(java.toString(), "-XX:CompileCommandFile=" + loud, "-version")
          .redirectErrorStream(true).start();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.exitValue()).as(output).isZero();
      assertThat(output).doesNotContainIgnoringCase("error");
      for (String command : commands().stream().filter(c -> !c.equals("quiet")).toList()) {
        String pattern = command.split(",")[1];
        assertThat(output).contains("CompileCommand: CompileThresholdScaling " + pattern + " double");
      }
    } finally {
      Files.delete(loud);
    }
  }

  /** The commands of docs/compile-commands.txt, comments and blank lines left out. */
  private static List<String> commands() throws IOException {
    return Files.readAllLines(COMMANDS).stream().map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
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

  private static String withoutComments() throws IOException {
    return Files.readString(FILE).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)//.*$", "");
  }

  /** Whether the class declares a method (or, for {@code <init>}, a constructor) of that name. */
  private static boolean declares(String className, String method) {
    try {
      Class<?> type = Class.forName(className.replace('/', '.'), false, CompilerDirectivesTest.class.getClassLoader());
      if (method.equals("<init>")) {
        return type.getDeclaredConstructors().length > 0;
      }
      return Stream.of(type.getDeclaredMethods()).anyMatch(m -> m.getName().equals(method));
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** The strings of the file's {@code match} lists. */
  static List<String> patterns() throws IOException {
    String text = withoutComments();
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
