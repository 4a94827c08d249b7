package org.duplex.windows.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.Test;

class EventLogAppenderTest {
    private final List<String> records = new ArrayList<>();
    private boolean closed;

    private final EventLogSink sink = new EventLogSink() {
        @Override
        public void report(Type type, int eventId, String message) {
            records.add(type + " " + eventId + " " + message.lines().findFirst().orElse("") + " | " + message.contains("caused by: java.io.IOException: disk gone"));
        }

        @Override
        public void close() {
            closed = true;
        }
    };

    private Logger logger(String threshold) {
        LoggerContext ctx = new LoggerContext();
        EventLogAppender appender = new EventLogAppender();
        appender.setContext(ctx);
        appender.setSinkFactory(() -> sink);
        if (threshold != null) {
            appender.setThreshold(threshold);
        }
        appender.start();
        Logger log = ctx.getLogger("org.duplex.node.vip.VipDriver");
        log.addAppender(appender);
        return log;
    }

    @Test
    void onlyErrorsReachTheEventLogByDefaultWithTheCauseChain() {
        Logger log = logger(null);
        log.info("vip: 10.0.0.5 added");
        log.warn("vip: slow");
        log.error("vip: cannot add {}", "10.0.0.5", new IllegalStateException("x", new java.io.IOException("disk gone")));
        int id = EventLogAppender.eventId("org.duplex.node.vip.VipDriver");
        assertThat(records).containsExactly("ERROR " + id + " vip: cannot add 10.0.0.5 | true");
        assertThat(id).isBetween(1000, 1999).isEqualTo(EventLogAppender.eventId("other.pkg.VipDriver"));
        log.getLoggerContext().stop();
        assertThat(closed).isTrue();
    }

    @Test
    void warnThresholdAddsWarningsAsWarningRecords() {
        Logger log = logger("WARN");
        log.info("not me");
        log.warn("heartbeat: late");
        assertThat(records).hasSize(1).first().asString().startsWith("WARNING ");
    }
}
