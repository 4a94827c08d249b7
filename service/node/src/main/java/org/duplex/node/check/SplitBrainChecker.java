package org.duplex.node.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.duplex.common.Check;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <splitbrain ident exec="ping" arg="w1 w2"/>} (safekit-behaviour.md §2.8, §4.5): pings the
 * witnesses only when asked, which the engine does when every heartbeat is lost. Resource
 * {@code splitbrain.uptodate} is up when any witness answers, down when none does; the default
 * rule makes the node that cannot reach a witness wait instead of taking over.
 */
public final class SplitBrainChecker {
    /** The resource SafeKit's {@code splitbrain_failure} rule tests. */
    public static final String RESOURCE = "splitbrain.uptodate";
    private static final Logger log = LoggerFactory.getLogger(SplitBrainChecker.class);

    private final List<Probe> witnesses;
    private final Duration timeout;
    private final ResourceListener listener;
    private ResourceValue value = ResourceValue.INIT;

    /** @param witnesses one probe per witness address, tried in order */
    public SplitBrainChecker(List<Probe> witnesses, Duration timeout, ResourceListener listener) {
        Check.argument(!witnesses.isEmpty(), "a split-brain checker needs at least one witness");
        this.witnesses = List.copyOf(witnesses);
        this.timeout = timeout;
        this.listener = listener;
    }

    /** Pings the witnesses now (blocking, at most one timeout per witness) and reports a change. */
    public synchronized ResourceValue check() {
        List<String> details = new ArrayList<>();
        ResourceValue next = ResourceValue.DOWN;
        for (Probe witness : witnesses) {
            Probe.ProbeResult result = witness.probe(timeout);
            details.add(result.detail());
            if (result.value() == ResourceValue.UP) {
                next = ResourceValue.UP;
                break;
            }
        }
        if (next != value) {
            ResourceChange change = new ResourceChange(RESOURCE, value, next, FailureAction.of(FailureAction.Kind.WAIT),
                    String.join("; ", details));
            value = next;
            log.info("check: resource '{}' {} -> {} ({})", RESOURCE, change.previous().word(), next.word(),
                    change.detail());
            try {
                listener.changed(change);
            } catch (RuntimeException e) {
                log.warn("check: listener threw on {}, ignored", change, e);
            }
        }
        return next;
    }

    /** The last value found ({@code init} before the first check). */
    public synchronized ResourceValue value() {
        return value;
    }
}
