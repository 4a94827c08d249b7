package org.duplex.config.paths;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import org.duplex.common.UserError;
import org.duplex.config.Platform;

/**
 * Where Duplex keeps everything, in SafeKit's layout (safekit-behaviour.md §2.10), computed from
 * two roots: {@code SAFE} (programs and modules) and {@code SAFEVAR} (state and logs).
 *
 * <pre>
 * SAFE/modules/AM/                 a module as installed (conf/userconfig.xml, bin/*)
 * SAFE/private/bin                 SAFEBIN
 * SAFE/private/modules/AM/bin      SAFEUSERBIN: the daemon's runtime copy of the scripts
 * SAFE/private/modules/AM/conf     SAFEUSERCONF
 * SAFEVAR/modules/AM               SAFEUSERVAR: module state and logs
 * SAFEVAR/cluster/cluster.xml      the cluster configuration
 * </pre>
 *
 * Roots default to {@code /opt/duplex} and {@code /var/lib/duplex} on Linux,
 * {@code C:\Program Files\Duplex} and {@code C:\ProgramData\Duplex} on Windows; the environment
 * variables {@value #SAFE_ENV} and {@value #SAFEVAR_ENV} override them, so tests and a two-node
 * demo on one machine give each node its own roots.
 */
public record DuplexPaths(Path safe, Path safeVar) {
    public static final String SAFE_ENV = "DUPLEX_SAFE";
    public static final String SAFEVAR_ENV = "DUPLEX_SAFEVAR";

    public DuplexPaths {
        safe = safe.toAbsolutePath().normalize();
        safeVar = safeVar.toAbsolutePath().normalize();
    }

    /** The roots from {@code env} (overrides) or the platform defaults. */
    public static DuplexPaths fromEnvironment(Map<String, String> env, Platform platform) {
        String safe = env.get(SAFE_ENV);
        String safeVar = env.get(SAFEVAR_ENV);
        return new DuplexPaths(
                Path.of(blank(safe) ? defaultSafe(platform) : safe),
                Path.of(blank(safeVar) ? defaultSafeVar(platform) : safeVar));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String defaultSafe(Platform platform) {
        return platform == Platform.WINDOWS ? "C:\\Program Files\\Duplex" : "/opt/duplex";
    }

    private static String defaultSafeVar(Platform platform) {
        return platform == Platform.WINDOWS ? "C:\\ProgramData\\Duplex" : "/var/lib/duplex";
    }

    /** SAFEBIN: Duplex's helper programs. */
    public Path safeBin() {
        return safe.resolve("private").resolve("bin");
    }

    /** Where installed modules live, one directory each. */
    public Path modulesDir() {
        return safe.resolve("modules");
    }

    /** A module as installed ({@code module install}), the source of {@code module package}. */
    public Path moduleDir(String module) {
        return modulesDir().resolve(checked(module));
    }

    /** The daemon's runtime copy of a module (SafeKit: made by {@code safekit config}). */
    public Path privateModuleDir(String module) {
        return safe.resolve("private").resolve("modules").resolve(checked(module));
    }

    public Path userBin(String module) {
        return privateModuleDir(module).resolve("bin");
    }

    public Path userConf(String module) {
        return privateModuleDir(module).resolve("conf");
    }

    /** SAFEUSERVAR: the module's state and logs. */
    public Path userVar(String module) {
        return safeVar.resolve("modules").resolve(checked(module));
    }

    /** SAFEVAR/private: the node's secrets and locks (control token, daemon lock, console users). */
    public Path privateVar() {
        return safeVar.resolve("private");
    }

    public Path clusterConfig() {
        return safeVar.resolve("cluster").resolve("cluster.xml");
    }

    /** The environment SafeKit gives every script of {@code module} (without the {@code <var>}s). */
    public SequencedMap<String, String> moduleEnvironment(String module) {
        SequencedMap<String, String> env = new LinkedHashMap<>();
        env.put("SAFE", safe.toString());
        env.put("SAFEBIN", safeBin().toString());
        env.put("SAFEVAR", safeVar.toString());
        env.put("SAFEMODULE", checked(module));
        env.put("SAFEUSERBIN", userBin(module).toString());
        env.put("SAFEUSERCONF", userConf(module).toString());
        env.put("SAFEUSERVAR", userVar(module).toString());
        return env;
    }

    private static String checked(String module) {
        if (!ModuleNames.isValid(module)) {
            throw new UserError(UserError.Kind.INVALID_INPUT, ModuleNames.problem(module));
        }
        return module;
    }
}
