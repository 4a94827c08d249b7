package org.duplex.node.check;

import java.time.Duration;

/**
 * {@code <custom ident exec>}: the value is whatever the custom program last set through
 * {@code safekit set -r custom.<ident>} ({@link CustomResourceSource}); {@code init} until it
 * sets one. The program itself is started and stopped by {@link CustomCheckProgram}.
 */
public record CustomProbe(String resource, CustomResourceSource source) implements Probe {
    @Override
    public ProbeResult probe(Duration timeout) {
        return source.value(resource)
                .map(value -> new ProbeResult(value, resource + " set to " + value.word() + " by its program"))
                .orElseGet(() -> new ProbeResult(ResourceValue.INIT, resource + " not set yet by its program"));
    }
}
