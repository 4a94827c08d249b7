package org.duplex.node.data;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.duplex.config.Parsed;
import org.duplex.config.cluster.ClusterConfigParser;
import org.duplex.config.cluster.LocalAddresses;
import org.duplex.config.cluster.LocalNodeResolver;
import org.duplex.common.UserError;
import org.duplex.config.cluster.ClusterConfig;
import org.duplex.config.module.HeartConfig;
import org.duplex.config.module.ModuleConfig;
import org.duplex.config.module.RfsConfig;
import org.duplex.config.paths.DuplexPaths;
import org.duplex.config.store.InstalledModule;
import org.duplex.node.module.DataPath;
import org.duplex.node.module.ModuleFactory;
import org.duplex.replication.primary.AsyncMode;
import org.duplex.resync.source.ResyncOptions;

/**
 * Builds a module's {@link ReplicatedDataPath} from its config: the replication LAN is the
 * heartbeat with ident "flow" (else the first), both nodes' addresses on it come from cluster.xml,
 * directory i replicates on port {@code replicationPort()+i} and reintegration uses
 * {@code replicationPort()+3}; state lives in {@code userVar(module)/rfs/<i>}. The replicated
 * identity of directory i is {@code <module>#<i>}, the same on both nodes.
 */
public final class ReplicatedDataPathFactory implements ModuleFactory.DataPathFactory {
    private final DuplexPaths paths;
    private final ClusterConfig cluster;
    private final String nodeName;

    public ReplicatedDataPathFactory(DuplexPaths paths, ClusterConfig cluster, String nodeName) {
        this.paths = paths;
        this.cluster = cluster;
        this.nodeName = nodeName;
    }

    /**
     * The daemon's factory: reads cluster.xml and resolves this node (as the daemon does, from
     * {@code SAFENODE} or the local addresses) when a module's data path is created.
     */
    public static ModuleFactory.DataPathFactory forThisNode(DuplexPaths paths, Map<String, String> environment) {
        return (module, config, listener) -> {
            Parsed<ClusterConfig> cluster = ClusterConfigParser.parse(paths.clusterConfig());
            String node = LocalNodeResolver.resolve(cluster.config(),
                    Optional.ofNullable(environment.get(LocalNodeResolver.NODE_ENV)), LocalAddresses::isLocal);
            return new ReplicatedDataPathFactory(paths, cluster.config(), node).create(module, config, listener);
        };
    }

    @Override
    public DataPath create(InstalledModule module, ModuleConfig config, DataPath.Listener listener) throws IOException {
        String name = module.name();
        RfsConfig rfs = config.rfs();
        List<RfsConfig.ReplicatedDir> replicated = rfs.replicated();
        if (replicated.size() > ReplicatedDataPath.MAX_DIRECTORIES) {
            throw new UserError(UserError.Kind.INVALID_INPUT, "module '" + name + "': " + replicated.size()
                    + " <replicated> directories, at most " + ReplicatedDataPath.MAX_DIRECTORIES + " are supported"
                    + " (the module's 4 ports: replication of each directory, and reintegration) at "
                    + replicated.get(ReplicatedDataPath.MAX_DIRECTORIES).location());
        }
        String peer = peerOf(name);
        HeartConfig.Heartbeat flow = config.heart().replicationHeartbeat();
        ClusterConfig.Lan lan = cluster.lan(flow.lan()).orElseThrow(() -> new UserError(UserError.Kind.INVALID_INPUT,
                "module '" + name + "': replication network '" + flow.lan() + "' is not a <lan> of cluster.xml"));
        InetAddress local = InetAddress.getByName(address(lan, nodeName, name));
        InetAddress remote = InetAddress.getByName(address(lan, peer, name));
        int base = module.replicationPort();

        AsyncMode async = AsyncMode.fromConfig(rfs.syncMode().name().toLowerCase(Locale.ROOT));
        List<ReplicatedDirectory.Settings> dirs = new ArrayList<>();
        for (int i = 0; i < replicated.size(); i++) {
            RfsConfig.ReplicatedDir d = replicated.get(i);
            dirs.add(new ReplicatedDirectory.Settings(name + "#" + i, Path.of(d.dir()),
                    paths.userVar(name).resolve("rfs").resolve(String.valueOf(i)),
                    new InetSocketAddress(remote, base + i), new InetSocketAddress(local, base + i), async,
                    rfs.lockTimeout(), ReplicatedDirectory.notReplicated(d.excludedPaths(), d.excludedRegexes())));
        }
        ResyncOptions options = ResyncOptions.defaults().withWorkers(Math.max(1, rfs.reintegrationThreads()))
                .withRateLimit(rfs.reintegrationBandwidthKbps().orElse(0) * 1024 / 8);
        return new ReplicatedDataPath(new ReplicatedDataPath.Settings(nodeName, peer,
                new InetSocketAddress(local, base + ReplicatedDataPath.RESYNC_PORT_OFFSET),
                new InetSocketAddress(remote, base + ReplicatedDataPath.RESYNC_PORT_OFFSET), options), dirs, listener);
    }

    private String peerOf(String module) {
        List<String> others = cluster.nodeNames().stream().filter(n -> !n.equals(nodeName)).toList();
        if (!cluster.nodeNames().contains(nodeName) || others.size() != 1) {
            throw new UserError(UserError.Kind.INVALID_INPUT, "module '" + module + "': a mirror needs exactly two"
                    + " nodes in cluster.xml including this node '" + nodeName + "' (nodes: " + cluster.nodeNames() + ")");
        }
        return others.getFirst();
    }

    private static String address(ClusterConfig.Lan lan, String node, String module) {
        return lan.node(node).map(ClusterConfig.Node::address).orElseThrow(() -> new UserError(
                UserError.Kind.INVALID_INPUT, "module '" + module + "': node '" + node + "' has no address on the"
                        + " replication LAN '" + lan.name() + "' in cluster.xml"));
    }
}
