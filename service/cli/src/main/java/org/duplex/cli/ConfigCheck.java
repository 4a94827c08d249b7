package org.duplex.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.duplex.common.UserError;
import org.duplex.config.Parsed;
import org.duplex.config.Platform;
import org.duplex.config.cluster.ClusterConfig;
import org.duplex.config.cluster.ClusterConfigParser;
import org.duplex.config.module.ModuleConfig;
import org.duplex.config.module.UserConfigParser;

/**
 * Validates a module's userconfig.xml (installed, or any file) and, when this node has a
 * cluster.xml, that the module's heartbeats name its LANs. Shared by {@code config check} and
 * {@code confcheck}. An invalid config throws, which the CLI turns into exit code 3.
 */
final class ConfigCheck {
    private ConfigCheck() {}

    static int run(CliContext context, String moduleOption, Path file, Platform platform, PrintWriter out) {
        Path config;
        if (file != null) {
            config = file;
        } else {
            String module = context.module(moduleOption);
            config = context.paths().moduleDir(module).resolve("conf").resolve("userconfig.xml");
            if (!Files.isRegularFile(config)) {
                throw new UserError(UserError.Kind.NOT_FOUND, "module '" + module + "' is not installed (no " + config + ")");
            }
        }
        Parsed<ModuleConfig> parsed = new UserConfigParser(platform == null ? Platform.current() : platform,
                context.environment()).parse(config);
        int warnings = parsed.warnings().size();
        parsed.warnings().forEach(w -> out.println(w));
        Path cluster = context.paths().clusterConfig();
        if (Files.isRegularFile(cluster)) {
            Parsed<ClusterConfig> c = ClusterConfigParser.parse(cluster);
            c.warnings().forEach(w -> out.println(w));
            warnings += c.warnings().size();
            ClusterConfigParser.checkModuleAgainstCluster(parsed.config(), c.config(), cluster.toString());
        }
        out.println(config + ": valid" + (warnings == 0 ? "" : " (" + warnings + " warning" + (warnings == 1 ? "" : "s") + ")"));
        return ExitCodes.OK;
    }
}
