package org.duplex.tests.harness;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class one {@link TestCluster} (a parameter of any test, constructor or lifecycle
 * method), created before the first test and always torn down after the last, whether tests
 * passed, failed or threw. Skips the class with the reason when the machine cannot run the
 * harness (not root, no /dev/fuse, no {@code ip netns}).
 *
 * <pre>{@code
 * @ExtendWith(TwoNodeClusterExtension.class)
 * class FailoverTest {
 *     @Test void survivesKill(TestCluster cluster) { ... }
 * }
 * }</pre>
 */
public final class TwoNodeClusterExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(TwoNodeClusterExtension.class);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @Override
    public void beforeAll(ExtensionContext context) {
        HarnessPrerequisites.reasonToSkip().ifPresent(reason -> Assumptions.abort(reason));
        // The store closes AutoCloseable values when the class is done, even if a test or another
        // callback failed: that is the teardown guarantee.
        context.getStore(NAMESPACE).computeIfAbsent(TestCluster.class,
                key -> TestCluster.up(uniqueName()), TestCluster.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // A store also answers with its parents' values: the class's cluster is seen from each test.
        TestCluster cluster = context.getStore(NAMESPACE).get(TestCluster.class, TestCluster.class);
        if (cluster == null) {
            throw new IllegalStateException("no TestCluster: register TwoNodeClusterExtension on the test class");
        }
        return cluster;
    }

    /** Unique on this machine while this JVM lives: several test JVMs may run at once. */
    static String uniqueName() {
        return "j" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
    }
}
