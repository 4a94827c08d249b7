package org.duplex.node.errd;

import java.util.List;
import org.duplex.common.Check;
import org.duplex.node.check.FailureAction;
import org.duplex.node.check.ResourceValue;

/**
 * One {@code <proc>} of {@code <errd>} (safekit-behaviour.md §2.7), and the pure rule that turns a
 * process table into its resource value.
 *
 * @param matcher which processes count
 * @param atLeast fewer matching processes than this is down
 * @param atMost more than this is down; -1 for no upper bound
 * @param action what to do when down (default stopstart)
 * @param procClass prim, both, pre, second, sec, or a custom class enabled by {@code errd enable}
 * @param startAfter the first {@code startAfter - 1} polls after enabling are not evaluated
 */
public record ProcWatch(ProcessMatcher matcher, int atLeast, int atMost, FailureAction action, String procClass,
        int startAfter) {

    public ProcWatch {
        Check.argument(atLeast >= 0, "atleast of proc %s must be >= 0: %d", matcher.name(), atLeast);
        Check.argument(atMost == -1 || atMost >= atLeast, "atmax of proc %s must be -1 or >= atleast (%d): %d",
                matcher.name(), atLeast, atMost);
        Check.argument(startAfter >= 1, "start_after of proc %s must be >= 1: %d", matcher.name(), startAfter);
        Check.argument(action.kind() != FailureAction.Kind.WAIT, "errd has no wait action (proc %s)", matcher.name());
    }

    /** The resource name, {@code proc.<name>}. */
    public String resource() {
        return "proc." + matcher.name();
    }

    /** How many processes of {@code table} match, and whether that is up. */
    public Assessment assess(List<ProcessInfo> table) {
        long count = table.stream().filter(matcher::matches).count();
        boolean up = count >= atLeast && (atMost == -1 || count <= atMost);
        String bound = atMost == -1 ? "at least " + atLeast : "between " + atLeast + " and " + atMost;
        return new Assessment(up ? ResourceValue.UP : ResourceValue.DOWN,
                count + " process(es) matching " + matcher + ", " + bound + " wanted");
    }

    /** The value for one poll and why. */
    public record Assessment(ResourceValue value, String detail) {}
}
