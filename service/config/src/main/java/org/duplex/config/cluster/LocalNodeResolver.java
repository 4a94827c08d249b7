package org.duplex.config.cluster;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.duplex.common.UserError;

/**
 * Decides which node of the cluster this process is: the name given explicitly (environment
 * variable {@value #NODE_ENV}, so two nodes can run on one machine), else the single node one of
 * whose addresses is local. Pure: "is this address mine?" is a parameter (see
 * {@link LocalAddresses} for the real one).
 */
public final class LocalNodeResolver {
    /** Environment variable naming this node explicitly. */
    public static final String NODE_ENV = "DUPLEX_NODE";

    private LocalNodeResolver() {}

    public static String resolve(ClusterConfig cluster, Optional<String> explicitName, Predicate<String> isLocalAddress) {
        if (explicitName.isPresent() && !explicitName.get().isBlank()) {
            String name = explicitName.get().trim();
            if (!cluster.nodeNames().contains(name)) {
                throw new UserError(UserError.Kind.NOT_FOUND, NODE_ENV + "=" + name + " is not a node of the cluster"
                        + " (expected one of " + cluster.nodeNames() + ")");
            }
            return name;
        }
        List<String> local = cluster.nodeNames().stream()
                .filter(node -> cluster.lans().stream()
                        .flatMap(l -> l.node(node).stream())
                        .anyMatch(n -> isLocalAddress.test(n.address())
                                || n.localAddress().filter(isLocalAddress).isPresent()))
                .toList();
        if (local.size() == 1) {
            return local.getFirst();
        }
        String why = local.isEmpty() ? "no node of the cluster has a local address"
                : "several nodes have a local address (" + local + ")";
        throw new UserError(UserError.Kind.INVALID_INPUT, "cannot tell which node this is: " + why
                + "; set " + NODE_ENV + " to one of " + cluster.nodeNames());
    }
}
