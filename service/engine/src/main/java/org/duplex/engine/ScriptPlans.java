package org.duplex.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Which module scripts run on which move, in SafeKit's order (safekit-behaviour.md §2.14). Stop
 * scripts are flagged so the engine calls them again with {@code force} when they overrun
 * {@code nicestoptimeout}. Argument convention: {@code <current> <next> <action>}.
 */
final class ScriptPlans {
    private ScriptPlans() {}

    static List<Step.Script> stopToWait(State from, String action) {
        return switch (from) {
            case ALONE -> List.of(stop("stop_sec", State.WAIT, action), stop("stop_prim", State.WAIT, action),
                    stop("stop_both", State.WAIT, action));
            case PRIM -> List.of(stop("stop_prim", State.WAIT, action), stop("stop_both", State.WAIT, action));
            case SECOND -> List.of(stop("stop_sec", State.WAIT, action), stop("stop_second", State.WAIT, action),
                    stop("stop_both", State.WAIT, action));
            case WAIT, STOP -> List.of();
        };
    }

    /** WAIT -> STOP: every stop script once more with force, then poststop and transition. */
    static List<Step.Script> waitToStop(String action) {
        return List.of(forced("stop_sec", action), forced("stop_prim", action), forced("stop_second", action),
                forced("stop_both", action), start("poststop", State.STOP, action), start("transition", State.STOP, action));
    }

    static List<Step.Script> startToWait() {
        return List.of(start("transition", State.WAIT, "start"), start("prestart", State.WAIT, "start"));
    }

    static List<Step.Script> waitToAlone() {
        return List.of(start("transition", State.ALONE, "start"), start("start_both", State.ALONE, "start"),
                start("start_prim", State.ALONE, "start"), start("start_sec", State.ALONE, "start"));
    }

    static List<Step.Script> waitToSecond() {
        return List.of(start("transition", State.SECOND, "start"), start("start_both", State.SECOND, "start"),
                start("start_second", State.SECOND, "start"), start("start_sec", State.SECOND, "start"));
    }

    static List<Step.Script> aloneToPrim() {
        return List.of(stop("stop_sec", State.PRIM, "start"), start("transition", State.PRIM, "start"));
    }

    static List<Step.Script> primToAlone() {
        return List.of(start("transition", State.ALONE, "start"), start("start_sec", State.ALONE, "start"));
    }

    /** Failover: the secondary takes over. */
    static List<Step.Script> secondToAloneStop() {
        return List.of(stop("stop_second", State.ALONE, "start"));
    }

    static List<Step.Script> secondToAloneStart() {
        return List.of(start("transition", State.ALONE, "start"), start("start_prim", State.ALONE, "start"));
    }

    /** Split-brain loser or swap: the primary becomes secondary. */
    static List<Step.Script> primaryToSecondStop(State from) {
        List<Step.Script> steps = new ArrayList<>();
        if (from == State.ALONE) {
            steps.add(stop("stop_sec", State.SECOND, "stop"));
        }
        steps.add(stop("stop_prim", State.SECOND, "stop"));
        return steps;
    }

    static List<Step.Script> primaryToSecondStart() {
        return List.of(start("transition", State.SECOND, "start"), start("start_second", State.SECOND, "start"),
                start("start_sec", State.SECOND, "start"));
    }

    /** {@code restart}: stop and start the application in place, no role change. */
    static List<Step.Script> restart(State in) {
        return switch (in) {
            case ALONE -> List.of(stop("stop_sec", in, "restart"), stop("stop_prim", in, "restart"),
                    stop("stop_both", in, "restart"), start("start_both", in, "restart"),
                    start("start_prim", in, "restart"), start("start_sec", in, "restart"));
            case PRIM -> List.of(stop("stop_prim", in, "restart"), stop("stop_both", in, "restart"),
                    start("start_both", in, "restart"), start("start_prim", in, "restart"));
            case SECOND -> List.of(stop("stop_sec", in, "restart"), stop("stop_second", in, "restart"),
                    stop("stop_both", in, "restart"), start("start_both", in, "restart"),
                    start("start_second", in, "restart"), start("start_sec", in, "restart"));
            case WAIT, STOP -> List.of();
        };
    }

    private static Step.Script start(String name, State next, String action) {
        return new Step.Script(name, next, action, false, false);
    }

    private static Step.Script stop(String name, State next, String action) {
        return new Step.Script(name, next, action, false, true);
    }

    private static Step.Script forced(String name, String action) {
        return new Step.Script(name, State.STOP, action, true, true);
    }
}
