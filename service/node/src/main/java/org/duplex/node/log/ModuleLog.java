package org.duplex.node.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import java.io.Closeable;
import java.io.OutputStream;
import java.nio.file.Path;
import org.duplex.common.UserError;
import org.duplex.config.paths.DuplexPaths;

/**
 * The two logs of one module, under its SAFEUSERVAR ({@code SAFEVAR/modules/AM}):
 *
 * <ul>
 *   <li>the <b>module log</b> {@value #MODULE_LOG}: engine events and the scripts'
 *       {@code printi}/{@code printe}, one entry per line,
 *       {@code 2026-11-25 12:00:00.123 I message} (levels I and E, as SafeKit's verbose log);
 *   <li>the <b>application log</b> {@value #APPLICATION_LOG}: the scripts' stdout and stderr,
 *       one timestamped line per output line.
 * </ul>
 *
 * <p>Both are written by Logback in a context of their own (the process's logback.xml does not
 * apply), rolled by size with a bounded number of files ({@link LogLimits}).
 *
 * <p>Two processes write a module log: the daemon (which {@link #open}s it and is the only one
 * that rolls it) and short-lived {@code duplex printi/printe} commands run by scripts
 * ({@link #openForAppend}: plain appends, never a roll). Files are opened in append mode, so each
 * entry, written with one system call, lands whole. A printi racing with a roll may land in the
 * just-rolled file, where {@link LogReader} still finds it.
 */
public final class ModuleLog implements Closeable {
    public static final String MODULE_LOG = "module.log";
    public static final String APPLICATION_LOG = "application.log";
    private static final String MODULE_PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %.-1level %msg%n";
    private static final String APPLICATION_PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %msg%n";

    private final LoggerContext context;
    private final Logger moduleLogger;
    private final Logger applicationLogger;

    private ModuleLog(LoggerContext context, Logger moduleLogger, Logger applicationLogger) {
        this.context = context;
        this.moduleLogger = moduleLogger;
        this.applicationLogger = applicationLogger;
    }

    /** For the daemon: both logs, rolled by size. */
    public static ModuleLog open(DuplexPaths paths, String module, LogLimits limits) {
        Path dir = paths.userVar(module);
        LoggerContext ctx = newContext(module);
        Logger mod = logger(ctx, "module", rolling(ctx, dir.resolve(MODULE_LOG), MODULE_PATTERN,
                limits.moduleLogFileBytes(), limits.moduleLogFiles()));
        Logger app = logger(ctx, "application", rolling(ctx, dir.resolve(APPLICATION_LOG), APPLICATION_PATTERN,
                limits.applicationLogFileBytes(), limits.applicationLogFiles()));
        return new ModuleLog(ctx, mod, app);
    }

    public static ModuleLog open(DuplexPaths paths, String module) {
        return open(paths, module, LogLimits.DEFAULT);
    }

    /** For {@code duplex printi/printe}: appends to the module log, never rolls it. */
    public static ModuleLog openForAppend(DuplexPaths paths, String module) {
        LoggerContext ctx = newContext(module);
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(ctx);
        appender.setName("module-append");
        appender.setFile(paths.userVar(module).resolve(MODULE_LOG).toString());
        appender.setAppend(true);
        appender.setEncoder(encoder(ctx, MODULE_PATTERN));
        appender.start();
        requireStarted(ctx, appender, paths.userVar(module).resolve(MODULE_LOG));
        Logger mod = logger(ctx, "module", appender);
        return new ModuleLog(ctx, mod, null);
    }

    /** An I entry: events, {@code printi}. */
    public void info(String message) {
        moduleLogger.info(oneLine(message));
    }

    /** An E entry: failures the administrator must see, {@code printe}. */
    public void error(String message) {
        moduleLogger.error(oneLine(message));
    }

    /**
     * A stream for one script's output: each line becomes an application log entry. Give each
     * concurrently running script its own stream; close it when the script has exited.
     */
    public OutputStream applicationOutput() {
        if (applicationLogger == null) {
            throw new IllegalStateException("this module log was opened for appending entries only");
        }
        return new LineOutputStream(line -> applicationLogger.info(line));
    }

    /** Flushes and closes the files. */
    @Override
    public void close() {
        context.stop();
    }

    /** One entry per line, so that readers can count entries by lines. */
    static String oneLine(String message) {
        return message.replace("\r\n", "\n").replace('\r', '\n').replace("\n", " | ");
    }

    /** Logback reports a file it cannot open only as a status: make it an error the caller sees. */
    private static void requireStarted(LoggerContext ctx, ch.qos.logback.core.Appender<ILoggingEvent> appender, Path file) {
        if (!appender.isStarted()) {
            ctx.stop();
            throw new UserError(UserError.Kind.FAILED, "cannot open log file " + file);
        }
    }

    private static LoggerContext newContext(String module) {
        LoggerContext ctx = new LoggerContext();
        ctx.setName("duplex-module-" + module);
        // A context made by hand has no MDC adapter; events need one even when no pattern uses MDC.
        ctx.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        // Logback swallows appender failures (disk full, permissions): print them on stderr.
        ctx.getStatusManager().add(new ErrorStatusPrinter());
        ctx.start();
        return ctx;
    }

    private static Logger logger(LoggerContext ctx, String name, ch.qos.logback.core.Appender<ILoggingEvent> appender) {
        Logger logger = ctx.getLogger(name);
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
        logger.addAppender(appender);
        return logger;
    }

    private static PatternLayoutEncoder encoder(LoggerContext ctx, String pattern) {
        PatternLayoutEncoder enc = new PatternLayoutEncoder();
        enc.setContext(ctx);
        enc.setPattern(pattern);
        enc.setCharset(java.nio.charset.StandardCharsets.UTF_8);
        enc.start();
        return enc;
    }

    private static RollingFileAppender<ILoggingEvent> rolling(LoggerContext ctx, Path file, String pattern,
                                                              long maxBytes, int files) {
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(ctx);
        appender.setName(file.getFileName().toString());
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder(ctx, pattern));

        FixedWindowRollingPolicy policy = new FixedWindowRollingPolicy();
        policy.setContext(ctx);
        policy.setParent(appender);
        policy.setFileNamePattern(LogReader.rolledPattern(file));
        policy.setMinIndex(1);
        policy.setMaxIndex(files);
        policy.start();

        SizeTrigger<ILoggingEvent> trigger = new SizeTrigger<>(maxBytes);
        trigger.setContext(ctx);
        trigger.start();

        appender.setRollingPolicy(policy);
        appender.setTriggeringPolicy(trigger);
        appender.start();
        requireStarted(ctx, appender, file);
        return appender;
    }
}
