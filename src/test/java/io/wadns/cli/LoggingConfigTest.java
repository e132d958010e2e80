package io.wadns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import org.junit.jupiter.api.Test;

/** The shipped logback.xml parses cleanly and sends the query log through a non-blocking appender. */
class LoggingConfigTest {
  @Test
  void shippedConfigurationLoadsWithoutErrors() throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(getClass().getResource("/logback.xml"));
    assertThat(context.getStatusManager().getCopyOfStatusList())
        .filteredOn(s -> s.getLevel() >= Status.WARN).isEmpty();
    Logger queries = context.getLogger("wadns.query");
    assertThat(queries.isAdditive()).isFalse();
    assertThat(queries.getAppender("QUERIES")).isInstanceOf(AsyncAppender.class);
    assertThat(((AsyncAppender) queries.getAppender("QUERIES")).isNeverBlock()).isTrue();
    context.stop();
  }
}
