package org.duplex.cli.control;

import java.util.concurrent.Callable;
import org.duplex.config.Platform;
import org.duplex.config.paths.DuplexPaths;
import org.duplex.node.daemon.ClusterKey;
import picocli.CommandLine.Command;

/** {@code duplex cluster ...}: cluster-wide settings. */
@Command(name = "cluster", description = "Cluster-wide settings.", subcommands = ClusterCommand.GenKey.class)
public final class ClusterCommand {

    /** SafeKit's {@code cluster genkey}: the heartbeat authentication key. */
    @Command(name = "genkey", description = "Create the cluster key that authenticates heartbeats (copy it to the other node).")
    static final class GenKey implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            DuplexPaths paths = DuplexPaths.fromEnvironment(System.getenv(), Platform.current());
            var file = ClusterKey.file(paths.safeVar());
            ClusterKey.generate(file);
            System.out.println("cluster key written to " + file + "; copy it to the same path on the other node");
            return 0;
        }
    }
}
