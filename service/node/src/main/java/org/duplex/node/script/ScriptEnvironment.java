package org.duplex.node.script;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment SafeKit gives every module script (safekit-behaviour.md §2.10): the SafeKit
 * directories, the module name, every {@code <user><var>}, and a PATH that finds the
 * {@code safekit} compatibility command first.
 *
 * @param safe SAFE, the installation root; holds the {@code safekit} command
 * @param safeBin SAFEBIN, helper programs ({@code SAFE/private/bin})
 * @param safeVar SAFEVAR, runtime data
 * @param module SAFEMODULE, lets scripts omit {@code -m}
 * @param userBin SAFEUSERBIN, the module's scripts (where scripts are looked up)
 * @param userConf SAFEUSERCONF, the module's applied configuration
 * @param userVar SAFEUSERVAR, the module's runtime data
 * @param commandDir directory holding the {@code safekit} command, put first in PATH
 * @param userVars the {@code <user><var name value>} pairs, in configuration order
 */
public record ScriptEnvironment(
        Path safe,
        Path safeBin,
        Path safeVar,
        String module,
        Path userBin,
        Path userConf,
        Path userVar,
        Path commandDir,
        Map<String, String> userVars) {

    public ScriptEnvironment {
        userVars = Map.copyOf(new LinkedHashMap<>(userVars));
    }

    /**
     * The environment of module {@code module} in SafeKit's layout (safekit-behaviour.md §2.10):
     * SAFEBIN = SAFE/private/bin, SAFEUSERBIN = SAFE/private/modules/AM/bin, SAFEUSERCONF =
     * SAFE/private/modules/AM/conf, SAFEUSERVAR = SAFEVAR/modules/AM; the {@code safekit} command
     * is expected in SAFE itself.
     */
    public static ScriptEnvironment forModule(org.duplex.config.paths.DuplexPaths paths, String module,
            Map<String, String> userVars) {
        return new ScriptEnvironment(paths.safe(), paths.safeBin(), paths.safeVar(), module, paths.userBin(module),
                paths.userConf(module), paths.userVar(module), paths.safe(), userVars);
    }

    /**
     * The variables to set on top of {@code inherited} (the daemon's own environment):
     * user variables first, so SafeKit's own names always win over a user var of the same name.
     */
    public Map<String, String> variables(Map<String, String> inherited, Platform platform) {
        Map<String, String> env = new LinkedHashMap<>(userVars);
        env.put("SAFE", safe.toString());
        env.put("SAFEBIN", safeBin.toString());
        env.put("SAFEVAR", safeVar.toString());
        env.put("SAFEMODULE", module);
        env.put("SAFEUSERBIN", userBin.toString());
        env.put("SAFEUSERCONF", userConf.toString());
        env.put("SAFEUSERVAR", userVar.toString());
        String inheritedPath = inherited.getOrDefault("PATH", platform == Platform.LINUX
                ? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
                : "");
        env.put("PATH", inheritedPath.isEmpty()
                ? commandDir.toString()
                : commandDir + platform.pathSeparator() + inheritedPath);
        return env;
    }
}
