package org.duplex.windows.eventlog;

import java.util.function.Supplier;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;

/**
 * Logback appender that copies ERROR (and, with {@code threshold=WARN}, WARN) records to the Windows
 * Event Log, where administrators and monitoring agents (SCOM, Zabbix) look first. The file log stays
 * the complete record; the Event Log gets only what needs a human.
 *
 * <p>Logback config on Windows (win-installer/logback-windows.xml):
 * {@code <appender name="EVENTLOG" class="org.duplex.windows.eventlog.EventLogAppender"/>}.
 * The event id is stable per logger so a monitoring rule can filter on it: 1000 + a hash of the
 * logger name's last segment modulo 1000.
 */
public final class EventLogAppender extends AppenderBase<ILoggingEvent> {
    public static final String SOURCE = "Duplex";

    private Supplier<EventLogSink> sinkFactory = () -> new AdvapiEventLogSink(SOURCE);
    private EventLogSink sink;
    private Level threshold = Level.ERROR;

    /** For tests: writes to the given sink instead of the real Event Log. */
    public void setSinkFactory(Supplier<EventLogSink> factory) {
        this.sinkFactory = factory;
    }

    /** Logback property {@code <threshold>WARN</threshold>}. */
    public void setThreshold(String level) {
        this.threshold = Level.toLevel(level, Level.ERROR);
    }

    @Override
    public void start() {
        sink = sinkFactory.get();
        super.start();
    }

    @Override
    public void stop() {
        super.stop();
        if (sink != null) {
            sink.close();
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (!event.getLevel().isGreaterOrEqual(threshold)) {
            return;
        }
        EventLogSink.Type type = event.getLevel().isGreaterOrEqual(Level.ERROR)
                ? EventLogSink.Type.ERROR : EventLogSink.Type.WARNING;
        sink.report(type, eventId(event.getLoggerName()), text(event));
    }

    static int eventId(String loggerName) {
        String leaf = loggerName.substring(loggerName.lastIndexOf('.') + 1);
        return 1000 + Math.floorMod(leaf.hashCode(), 1000);
    }

    static String text(ILoggingEvent event) {
        StringBuilder sb = new StringBuilder(event.getFormattedMessage());
        sb.append("\r\n\r\nlogger: ").append(event.getLoggerName()).append("\r\nthread: ").append(event.getThreadName());
        IThrowableProxy t = event.getThrowableProxy();
        while (t != null) {
            sb.append("\r\ncaused by: ").append(t.getClassName()).append(": ").append(t.getMessage());
            t = t.getCause();
        }
        return sb.toString();
    }
}
