package io.wadns.cli;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.OnConsoleStatusListener;
import ch.qos.logback.core.util.StatusListenerConfigHelper;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;

/**
 * The shipped logging set-up, made in code: one line per event on standard output, Netty at WARN,
 * and the query log of {@code serve --query-log} through a queue. Logback finds it as a service
 * before its own configurators. In code rather than a logback.xml because Logback's XML
 * configurator loads an XML parser and some 400 classes, about half a second of every start on a
 * busy CPU. An operator's own file ({@code -Dlogback.configurationFile}, or a logback.xml or the
 * tests' logback-test.xml on the class path) takes precedence: then this steps aside.
 * {@code -Dlogback.debug=true} shows Logback's own status, as with a file.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class ShippedLogging extends ContextAwareBase implements Configurator {
  /** The line docs/logback.xml writes, and {@link LineLayout} writes without parsing it. */
  static final String PATTERN = "%d{" + LineLayout.DATE_PATTERN + "} %-5level %logger{0}: %msg%n";
  /** Query-log lines waiting for the console; more are dropped rather than slow the answering threads. */
  static final int QUERY_QUEUE = 65536;

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    return configure(context, ShippedLogging.class.getClassLoader(), System.getProperty("logback.configurationFile"),
        System.getProperty("logback.debug"));
  }

  /** {@link #configure(LoggerContext)} with the class path and the two system properties given. */
  static ExecutionStatus configure(LoggerContext context, ClassLoader loader, String configurationFileProperty,
      String debugProperty) {
    if (operatorFileGiven(loader, configurationFileProperty)) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    if (Boolean.parseBoolean(debugProperty)) {
      // What Logback's XML configurator does for -Dlogback.debug=true: its own status on the console.
      StatusListenerConfigHelper.addOnConsoleListenerInstance(context, new OnConsoleStatusListener());
    }
    apply(context);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * Whether Logback's own configurator has a file to read: the property's, when it names a URL, a
   * resource or a file that exists, as Logback resolves it (a name that resolves to nothing gets the
   * shipped set-up, not Logback's bare default); or a logback-test.xml or logback.xml on the class path.
   */
  static boolean operatorFileGiven(ClassLoader loader, String configurationFileProperty) {
    return resolves(loader, configurationFileProperty)
        || loader.getResource("logback-test.xml") != null || loader.getResource("logback.xml") != null;
  }

  private static boolean resolves(ClassLoader loader, String name) {
    if (name == null || name.isBlank()) {
      return false;
    }
    try {
      new URL(name);
      return true;
    } catch (MalformedURLException e) {
      // not a URL: a resource or a file
    }
    return loader.getResource(name) != null || new File(name).isFile();
  }

  /** Configures {@code context} as shipped. */
  static void apply(LoggerContext context) {
    LineLayout layout = new LineLayout(); // PATTERN, written out
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("STDOUT");
    console.setEncoder(encoder);
    console.start();

    // Query lines are written from the answering threads: a background thread writes them, and when
    // its queue is full lines are dropped (never the lower levels first: threshold 0) rather than wait.
    AsyncAppender queries = new AsyncAppender();
    queries.setContext(context);
    queries.setName("QUERIES");
    queries.setQueueSize(QUERY_QUEUE);
    queries.setDiscardingThreshold(0);
    queries.setNeverBlock(true);
    queries.addAppender(console);
    queries.start();

    Logger queryLog = context.getLogger("wadns.query");
    queryLog.setLevel(Level.INFO);
    queryLog.setAdditive(false);
    queryLog.addAppender(queries);
    context.getLogger("io.netty").setLevel(Level.WARN);
    // dnsjava logs the MAC it expected for a request that failed TSIG at DEBUG: whoever reads that log could
    // send that very message signed. Kept at INFO even when the root goes to DEBUG.
    context.getLogger("org.xbill.DNS.TSIG").setLevel(Level.INFO);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(console);
  }
}
