package io.wadns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.status.OnConsoleStatusListener;
import ch.qos.logback.core.status.Status;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped logging set-up: its line format, its levels, the query log's queue, and when it steps aside. */
class LoggingConfigTest {
  @Test
  void shippedSetUpWritesOneLinePerEventInTheDocumentedFormat() {
    LoggerContext context = new LoggerContext();
    ShippedLogging.apply(context);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    @SuppressWarnings("unchecked")
    ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) root.getAppender("STDOUT");
    Logger logger = context.getLogger("io.wadns.cli.wadns");
    LoggingEvent event = new LoggingEvent(Logger.FQCN, logger, Level.INFO, "serving {} zone", null, new Object[] {1});
    String line = new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);
    assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO  wadns: serving 1 zone"
        + System.lineSeparator());
    assertThat(root.getLevel()).isEqualTo(Level.INFO);
    assertThat(context.getLogger("io.netty.channel.Whatever").isInfoEnabled()).as("Netty logs at WARN").isFalse();
    assertThat(context.getLogger("io.netty.channel.Whatever").isWarnEnabled()).isTrue();
    assertThat(context.getLogger("io.wadns.Quiet").isDebugEnabled()).isFalse();
    assertThat(context.getStatusManager().getCopyOfStatusList()).filteredOn(s -> s.getLevel() >= Status.WARN).isEmpty();
    context.stop();
  }

  @Test
  void queryLogGoesThroughAQueueThatNeverBlocksTheAnsweringThreads() {
    LoggerContext context = new LoggerContext();
    ShippedLogging.apply(context);
    Logger queries = context.getLogger("wadns.query");
    assertThat(queries.isAdditive()).isFalse();
    assertThat(queries.getEffectiveLevel()).isEqualTo(Level.INFO);
    assertThat(queries.getAppender("QUERIES")).isInstanceOf(AsyncAppender.class);
    AsyncAppender queue = (AsyncAppender) queries.getAppender("QUERIES");
    assertThat(queue.isNeverBlock()).isTrue();
    assertThat(queue.getDiscardingThreshold()).isZero();
    assertThat(queue.getQueueSize()).isEqualTo(ShippedLogging.QUERY_QUEUE);
    assertThat(queue.getAppender("STDOUT")).isNotNull();
    context.stop();
  }

  @Test
  void anOperatorsFileTakesPrecedenceWhenItExists(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("logback.xml"), "<configuration/>");
    try (URLClassLoader bare = new URLClassLoader(new URL[0], null)) {
      assertThat(ShippedLogging.operatorFileGiven(bare, null)).as("nothing given: the shipped set-up").isFalse();
      assertThat(ShippedLogging.operatorFileGiven(bare, file.toString())).isTrue();
      assertThat(ShippedLogging.operatorFileGiven(bare, file.toUri().toString())).as("as a URL").isTrue();
      assertThat(ShippedLogging.operatorFileGiven(bare, dir.resolve("missing.xml").toString()))
          .as("a file that is not there: the shipped set-up, as before, not Logback's bare default").isFalse();
      assertThat(ShippedLogging.operatorFileGiven(bare, "")).isFalse();
    }
    assertThat(ShippedLogging.operatorFileGiven(getClass().getClassLoader(), null))
        .as("the tests' logback-test.xml is on this class path").isTrue();
  }

  @Test
  void withoutAFileTheShippedSetUpIsMadeAndLogbacksOwnConfiguratorsAreSkipped() throws Exception {
    try (URLClassLoader bare = new URLClassLoader(new URL[0], null)) {
      LoggerContext context = new LoggerContext();
      assertThat(ShippedLogging.configure(context, bare, null, null)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
      assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT")).isNotNull();
      assertThat(context.getStatusManager().getCopyOfStatusListenerList()).isEmpty();
      context.stop();

      LoggerContext debugging = new LoggerContext();
      ShippedLogging.configure(debugging, bare, null, "true");
      assertThat(debugging.getStatusManager().getCopyOfStatusListenerList())
          .as("-Dlogback.debug=true shows Logback's status").hasAtLeastOneElementOfType(OnConsoleStatusListener.class);
      debugging.stop();

      LoggerContext stepAside = new LoggerContext();
      assertThat(ShippedLogging.configure(stepAside, getClass().getClassLoader(), null, null))
          .isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
      assertThat(stepAside.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT")).isNull();
    }
  }

  @Test
  void logbackFindsTheShippedSetUpAsAService() {
    assertThat(ServiceLoader.load(Configurator.class).stream().map(ServiceLoader.Provider::type))
        .contains(ShippedLogging.class);
  }

  @Test
  void theExampleFileInDocsConfiguresWhatIsShipped() throws Exception {
    LoggerContext fromFile = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(fromFile);
    configurator.doConfigure(Path.of("docs/logback.xml").toFile());
    assertThat(fromFile.getStatusManager().getCopyOfStatusList()).filteredOn(s -> s.getLevel() >= Status.WARN).isEmpty();
    LoggerContext shipped = new LoggerContext();
    ShippedLogging.apply(shipped);
    for (LoggerContext c : new LoggerContext[] {fromFile, shipped}) {
      Logger root = c.getLogger(Logger.ROOT_LOGGER_NAME);
      assertThat(root.getLevel()).isEqualTo(Level.INFO);
      @SuppressWarnings("unchecked")
      ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) root.getAppender("STDOUT");
      if (c == fromFile) {
        assertThat(((PatternLayoutEncoder) console.getEncoder()).getPattern()).isEqualTo(ShippedLogging.PATTERN);
      } else { // the same lines: LineLayoutTest
        assertThat(((LayoutWrappingEncoder<ILoggingEvent>) console.getEncoder()).getLayout())
            .isInstanceOf(LineLayout.class);
      }
      assertThat(c.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);
      // An operator who turns the root to DEBUG still gets no MAC from dnsjava's TSIG verifier.
      root.setLevel(Level.DEBUG);
      assertThat(c.getLogger("org.xbill.DNS.TSIG").isDebugEnabled()).isFalse();
      assertThat(c.getLogger("org.xbill.DNS.TSIG").isInfoEnabled()).isTrue();
      assertThat(c.getLogger("org.xbill.DNS.Message").isDebugEnabled()).isTrue();
      Logger queries = c.getLogger("wadns.query");
      assertThat(queries.isAdditive()).isFalse();
      AsyncAppender queue = (AsyncAppender) queries.getAppender("QUERIES");
      assertThat(queue.isNeverBlock()).isTrue();
      assertThat(queue.getDiscardingThreshold()).isZero();
      assertThat(queue.getQueueSize()).isEqualTo(ShippedLogging.QUERY_QUEUE);
      c.stop();
    }
  }
}
