package org.duplex.windows.script;

import java.util.LinkedHashMap;
import java.util.Map;

import org.duplex.common.Check;
import org.duplex.windows.path.WindowsPath;

/**
 * Where SafeKit-compatible scripts expect things on a Windows node, and the environment every
 * module script gets (SafeKit UG §10.1, reference/safekit-behaviour.md §2.10).
 *
 * <p>{@code SAFE} is the install directory (the MSI's INSTALLDIR, typically
 * {@code C:\Program Files\Duplex}: note the space, so scripts must quote {@code "%SAFE%"} just as
 * they already do for SafeKit's {@code C:\safekit}); {@code SAFEVAR} is the data directory that
 * uninstall keeps (module state, bitmaps, logs).
 *
 * @param safe    install directory ({@code SAFE})
 * @param safeVar variable data directory ({@code SAFEVAR})
 */
public record SafekitLayout(WindowsPath safe, WindowsPath safeVar) {

    public SafekitLayout {
        Check.argument(!safe.isRoot(), "SAFE may not be a volume root: %s", safe);
        Check.argument(!safeVar.isRoot(), "SAFEVAR may not be a volume root: %s", safeVar);
    }

    /** {@code SAFE\private\bin}: helpers such as {@code safekit.cmd}. */
    public WindowsPath safeBin() {
        return safe.resolve("private\\bin");
    }

    /** {@code SAFE\modules\AM}: the module as installed from its {@code .safe}. */
    public WindowsPath moduleDir(String module) {
        return safe.resolve("modules").resolve(checkedModule(module));
    }

    /** {@code SAFE\private\modules\AM\bin}: the configured (read-only at run time) copy of the scripts. */
    public WindowsPath userBin(String module) {
        return safe.resolve("private\\modules").resolve(checkedModule(module)).resolve("bin");
    }

    /** {@code SAFE\private\modules\AM\conf}. */
    public WindowsPath userConf(String module) {
        return safe.resolve("private\\modules").resolve(checkedModule(module)).resolve("conf");
    }

    /** {@code SAFEVAR\modules\AM}: run-time state and script logs of the module. */
    public WindowsPath userVar(String module) {
        return safeVar.resolve("modules").resolve(checkedModule(module));
    }

    /**
     * The environment of a module script: SafeKit's seven variables, then the module's
     * {@code <user><var>}s (which cannot override the seven: a module that sets {@code SAFE} would
     * break every {@code "%SAFE%\safekit"} call in its own scripts).
     */
    public Map<String, String> scriptEnvironment(String module, Map<String, String> userVars) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SAFE", safe.toString());
        env.put("SAFEBIN", safeBin().toString());
        env.put("SAFEVAR", safeVar.toString());
        env.put("SAFEMODULE", checkedModule(module));
        env.put("SAFEUSERBIN", userBin(module).toString());
        env.put("SAFEUSERCONF", userConf(module).toString());
        env.put("SAFEUSERVAR", userVar(module).toString());
        userVars.forEach((name, value) -> {
            // Windows environment names are case-insensitive: "safe" would shadow SAFE.
            boolean reserved = env.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(name));
            Check.argument(!reserved, "module variable '%s' would override SafeKit's %s", name, name);
            env.put(name, value);
        });
        return env;
    }

    private static String checkedModule(String module) {
        Check.argument(module != null && module.matches("[A-Za-z0-9_]{1,64}"),
                "module name '%s' must be 1-64 letters, digits or underscores", module);
        return module;
    }
}
