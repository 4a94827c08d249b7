package org.duplex.config.module;

import static java.time.temporal.ChronoUnit.SECONDS;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.duplex.config.ConfigWarning;
import org.duplex.config.Platform;
import org.duplex.config.xml.ElementReader;
import org.duplex.config.xml.XmlNode;

/** Binds {@code <errd>}: process monitors (safekit-behaviour.md §2.7). */
final class ErrdBinder {
    /** Linux matches the kernel's comm name, which is at most 15 characters. */
    private static final int LINUX_NAME_MAX = 15;
    private static final int WINDOWS_NAME_MAX = 63;

    private ErrdBinder() {}

    static ErrdConfig bind(ElementReader e, Platform platform, List<ConfigWarning> warnings) {
        Duration poll = e.duration("polltimer", SECONDS, ErrdConfig.DEFAULT_POLL_TIMER);
        if (poll.isZero()) {
            throw e.error("polltimer", "is 0 (expected a positive duration)");
        }
        List<ErrdConfig.ProcMonitor> procs = new ArrayList<>();
        for (XmlNode n : e.children("proc")) {
            procs.add(bindProc(new ElementReader(n, warnings), platform));
        }
        e.finish();
        return new ErrdConfig(poll, procs);
    }

    private static ErrdConfig.ProcMonitor bindProc(ElementReader p, Platform platform) {
        String name = p.required("name");
        int max = platform == Platform.LINUX ? LINUX_NAME_MAX : WINDOWS_NAME_MAX;
        if (name.length() > max) {
            throw p.error("name", "'" + name + "' has " + name.length() + " characters (expected at most " + max
                    + " on " + platform + (platform == Platform.LINUX ? ", the kernel's process name length;"
                    + " use nameregex for longer names)" : ")"));
        }
        boolean service = p.flag("service", false);
        Optional<String> nameRegex = p.regex("nameregex");
        Optional<String> argRegex = p.regex("argregex");
        int atLeast = (int) p.integer("atleast", 1, 0, 100_000);
        int atMost = (int) p.integer("atmax", -1, -1, 100_000);
        if (atMost != -1 && atMost < atLeast) {
            throw p.error("atmax", "" + atMost + " is less than atleast " + atLeast + " (expected -1 or >= atleast)");
        }
        String actionWord = p.string("action", "stopstart").trim();
        Optional<RecoveryAction> builtIn = RecoveryAction.builtIn(actionWord);
        Optional<String> handler = Optional.empty();
        RecoveryAction action;
        if (builtIn.isPresent()) {
            action = builtIn.get();
        } else if (looksLikeExecutable(actionWord)) {
            action = RecoveryAction.HANDLER;
            handler = Optional.of(actionWord);
        } else {
            throw p.error("action", "'" + actionWord + "' is not an action (expected restart, stopstart, stop,"
                    + " noaction, or a handler executable such as myhandler.sh)");
        }
        String procClass = p.string("class", "prim").trim();
        if (!procClass.matches("[A-Za-z0-9_]+")) {
            throw p.error("class", "'" + procClass + "' is not a class name (expected prim, both, pre, second, sec"
                    + " or a custom name of letters, digits and '_')");
        }
        int startAfter = (int) p.integer("start_after", 1, 1, 100_000);
        List<String> restartServices = p.optional("restart_services")
                .map(s -> Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList())
                .orElse(List.of());
        p.finish();
        return new ErrdConfig.ProcMonitor(name, service, nameRegex, argRegex, atLeast, atMost, action, handler,
                procClass, startAfter, restartServices);
    }

    /** A handler is named by a file: it has an extension or a directory part. */
    private static boolean looksLikeExecutable(String word) {
        return word.contains("/") || word.contains("\\") || word.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9]+");
    }
}
