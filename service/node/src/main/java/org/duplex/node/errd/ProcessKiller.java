package org.duplex.node.errd;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code safekit kill}: signals the processes a {@link ProcessMatcher} selects. Never signals
 * itself or its own ancestors (the script that called it).
 */
public final class ProcessKiller {
    private static final Logger log = LoggerFactory.getLogger(ProcessKiller.class);

    private final ProcessTable table;

    public ProcessKiller(ProcessTable table) {
        this.table = table;
    }

    /**
     * The outcome.
     *
     * @param matched the pids that matched
     * @param survivors those still alive at the end (for TEST: all matched)
     */
    public record Report(List<Long> matched, List<Long> survivors) {}

    /** Applies {@code level} to the matching processes; {@code grace} is TERMINATE's wait before SIGKILL. */
    public Report kill(ProcessMatcher matcher, KillLevel level, Duration grace) {
        Set<Long> spared = selfAndAncestors();
        List<ProcessHandle> targets = table.snapshot().stream()
                .filter(matcher::matches)
                .map(ProcessInfo::pid)
                .filter(pid -> !spared.contains(pid))
                .map(ProcessHandle::of)
                .flatMap(Optional::stream)
                .toList();
        List<Long> matched = targets.stream().map(ProcessHandle::pid).toList();
        switch (level) {
            case TEST -> { }
            case TERM15 -> targets.forEach(ProcessHandle::destroy);
            case KILL9 -> targets.forEach(ProcessHandle::destroyForcibly);
            case TERMINATE -> terminate(targets, grace);
        }
        if (level != KillLevel.TEST) {
            awaitExit(targets, level == KillLevel.TERM15 ? Duration.ZERO : Duration.ofSeconds(2));
            log.info("kill: {} level {}: signalled {}", matcher, level, matched);
        }
        List<Long> survivors = targets.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
        return new Report(matched, survivors);
    }

    private static void terminate(List<ProcessHandle> targets, Duration grace) {
        targets.forEach(ProcessHandle::destroy);
        awaitExit(targets, grace);
        targets.stream().filter(ProcessHandle::isAlive).forEach(p -> {
            log.info("kill: pid {} still alive after SIGTERM and {}; SIGKILL", p.pid(), grace);
            p.destroyForcibly();
        });
    }

    private static void awaitExit(List<ProcessHandle> targets, Duration bound) {
        CompletableFuture<?> all = CompletableFuture.allOf(
                targets.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new));
        try {
            all.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Survivors are reported by the caller.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Set<Long> selfAndAncestors() {
        Set<Long> pids = new HashSet<>();
        for (Optional<ProcessHandle> p = Optional.of(ProcessHandle.current()); p.isPresent(); p = p.get().parent()) {
            pids.add(p.get().pid());
        }
        return pids;
    }
}
