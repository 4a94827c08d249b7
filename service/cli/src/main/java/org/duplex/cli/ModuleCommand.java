package org.duplex.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import org.duplex.config.Platform;
import org.duplex.config.store.InstalledModule;
import org.duplex.config.store.ModuleStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code duplex module install|list|uninstall|package}: SafeKit's module packaging verbs. */
@Command(name = "module", mixinStandardHelpOptions = true,
        description = "Install, list, uninstall and package modules (.safe archives).")
public final class ModuleCommand implements UsesEnvironment {
    @Spec CommandSpec spec;
    private CliContext context = new CliContext(System.getenv());

    @Override
    public void environment(Map<String, String> environment) {
        context = new CliContext(environment);
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Command(name = "install", description = {
        "Install module NAME from a .safe archive (replacing an installed one: its id is kept).",
        "Nothing changes unless the archive and its conf/userconfig.xml are valid."})
    int install(
            @Option(names = "-m", required = true, paramLabel = "NAME", description = "Module name.") String name,
            @Option(names = "-M", paramLabel = "ID", description = "Module id for a new module (decides its ports).") Integer id,
            @Option(names = "--platform", paramLabel = "OS", description = "Platform the module targets: LINUX or WINDOWS"
                    + " (default: this machine's).") Platform platform,
            @Parameters(paramLabel = "FILE.safe", description = "The module archive.") Path archive) {
        ModuleStore store = context.store(platform == null ? Platform.current() : platform);
        ModuleStore.InstallResult r = store.install(name, archive, id == null ? OptionalInt.empty() : OptionalInt.of(id));
        r.warnings().forEach(w -> out().println(w));
        InstalledModule m = r.module();
        out().printf("%s module %s (id %d) from %s%n", r.replaced() ? "Replaced" : "Installed", m.name(), m.id(), archive);
        return ExitCodes.OK;
    }

    @Command(name = "list", description = "List installed modules with their id and ports.")
    int list() {
        var modules = context.store(Platform.current()).list();
        if (modules.isEmpty()) {
            out().println("No module installed in " + context.paths().modulesDir());
            return ExitCodes.OK;
        }
        out().printf("%-4s %-24s %-10s %s%n", "ID", "MODULE", "HEART/UDP", "REPLICATION/TCP");
        for (InstalledModule m : modules) {
            out().printf("%-4d %-24s %-10d %d%n", m.id(), m.name(), m.heartPort(), m.replicationPort());
        }
        return ExitCodes.OK;
    }

    @Command(name = "listid", description = "List installed modules as 'NAME ID' lines (SafeKit's listid).")
    int listId() {
        context.store(Platform.current()).list().forEach(m -> out().println(m.name() + " " + m.id()));
        return ExitCodes.OK;
    }

    @Command(name = "getports", description = "Print the ports a module uses (from its id).")
    int getPorts(@Option(names = "-m", required = true, paramLabel = "NAME") String name) {
        InstalledModule m = context.store(Platform.current()).get(name);
        out().println("heart UDP " + m.heartPort());
        out().println("replication TCP " + m.replicationPort());
        return ExitCodes.OK;
    }

    @Command(name = "uninstall", description = "Remove an installed module (its logs under SAFEVAR stay).")
    int uninstall(@Option(names = "-m", required = true, paramLabel = "NAME") String name) {
        context.store(Platform.current()).uninstall(name);
        out().println("Uninstalled module " + name);
        return ExitCodes.OK;
    }

    @Command(name = "package", description = "Write an installed module as a .safe archive.")
    int packageModule(
            @Option(names = "-m", required = true, paramLabel = "NAME") String name,
            @Parameters(paramLabel = "OUT.safe") Path out) {
        context.store(Platform.current()).packageModule(name, out);
        out().println("Packaged module " + name + " into " + out.toAbsolutePath());
        return ExitCodes.OK;
    }
}
