package org.duplex.windows.module;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import org.duplex.common.UserError;
import org.duplex.config.Platform;
import org.duplex.config.module.ErrdConfig;
import org.duplex.config.module.ModuleConfig;
import org.duplex.config.module.RfsConfig;
import org.duplex.config.module.VipConfig;
import org.duplex.windows.filter.FilterConfig;
import org.duplex.windows.path.WindowsPath;
import org.duplex.windows.proc.ProcessMatcher;
import org.duplex.windows.script.SafekitLayout;
import org.duplex.windows.script.WindowsScriptCommand;
import org.duplex.windows.vip.NicInfo;
import org.duplex.windows.vip.VirtualAddressPlan;

/**
 * A validated module, turned into what the Windows drivers take: the minifilter's directory rules,
 * the scripts and how to run them, the errd process matchers, the VIP placements and the scripts'
 * environment. Everything a Windows server would reject later (a reserved device name in a
 * replicated path, a script Windows cannot run, a {@code .cmd} with Unix line ends, a VIP on no
 * adapter's subnet) is rejected here, on any OS, with the file and the element named.
 *
 * @param module      module name ({@code SAFEMODULE})
 * @param replicated  replicated directories, in config order
 * @param filterRules the minifilter's rules (NT device paths), for {@link FilterConfig}
 * @param scripts     script name without extension ({@code start_prim}) to its path under SAFEUSERBIN
 * @param procs       errd {@code <proc>}s with their matcher; a {@code service="yes"} proc has none
 * @param vips        where each literal virtual address goes; host names are resolved at start by the driver
 * @param environment SafeKit's variables plus the module's {@code <var>}s
 */
public record WindowsModulePlan(
        String module,
        List<WindowsPath> replicated,
        List<FilterConfig.Rule> filterRules,
        Map<String, WindowsPath> scripts,
        List<Proc> procs,
        List<VirtualAddressPlan> vips,
        Map<String, String> environment) {

    /** A monitored process or, with {@code service}, a Windows service checked through the SCM. */
    public record Proc(ErrdConfig.ProcMonitor config, Optional<ProcessMatcher> matcher) {}

    /** What the plan needs from the Windows machine; tests pass fixed values. */
    public record Machine(SafekitLayout layout, WindowsPath systemRoot, Function<String, String> deviceOfDrive,
                          List<NicInfo> nics) {}

    public WindowsModulePlan {
        replicated = List.copyOf(replicated);
        filterRules = List.copyOf(filterRules);
        scripts = Map.copyOf(scripts);
        procs = List.copyOf(procs);
        vips = List.copyOf(vips);
        environment = Map.copyOf(environment);
    }

    /**
     * Builds the plan.
     *
     * @param installedModule the module's installed directory (holds {@code bin/})
     * @throws UserError naming what is wrong and where
     */
    public static WindowsModulePlan of(String module, ModuleConfig config, Path installedModule, Machine machine) {
        if (config.platform() != Platform.WINDOWS) {
            throw new UserError(UserError.Kind.INVALID_INPUT, "module '" + module + "' was validated for "
                    + config.platform() + ", not for Windows");
        }
        List<WindowsPath> dirs = new ArrayList<>();
        List<WindowsPath> excluded = new ArrayList<>();
        for (RfsConfig.ReplicatedDir r : config.rfs().replicated()) {
            String where = r.location() + " <replicated dir=\"" + r.dir() + "\">";
            WindowsPath dir = WindowsPath.parse(r.dir(), where);
            for (WindowsPath other : dirs) {
                if (other.contains(dir) || dir.contains(other)) {
                    throw new UserError(UserError.Kind.INVALID_INPUT, where + ": overlaps the replicated directory " + other);
                }
            }
            dirs.add(dir);
            for (String path : r.excludedPaths()) {
                excluded.add(dir.resolve(path));
            }
        }
        List<FilterConfig.Rule> rules = FilterConfig.rules(dirs, excluded, machine.deviceOfDrive());
        return new WindowsModulePlan(module, dirs, rules,
                scripts(module, installedModule.resolve("bin"), machine),
                procs(config),
                vips(config, machine.nics()),
                machine.layout().scriptEnvironment(module, config.scriptVariables()));
    }

    /** The argument vector that runs {@code script} (e.g. {@code "start_prim"}) with {@code args}. */
    public List<String> argv(String script, List<String> args, WindowsPath systemRoot) {
        WindowsPath path = scripts.get(script);
        if (path == null) {
            throw new UserError(UserError.Kind.NOT_FOUND, "module '" + module + "' has no script '" + script
                    + "' (it has " + scripts.keySet().stream().sorted().toList() + ")");
        }
        return WindowsScriptCommand.argv(path, args, systemRoot);
    }

    private static Map<String, WindowsPath> scripts(String module, Path bin, Machine machine) {
        Map<String, WindowsPath> scripts = new LinkedHashMap<>();
        if (!Files.isDirectory(bin)) {
            return scripts;
        }
        WindowsPath userBin = machine.layout().userBin(module);
        try (Stream<Path> files = Files.list(bin)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                WindowsPath target = userBin.resolve(name);
                WindowsScriptCommand.Kind kind = WindowsScriptCommand.kindOf(target);
                if (kind == WindowsScriptCommand.Kind.CMD) {
                    requireCrlf(f);
                }
                String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
                WindowsPath previous = scripts.put(stem, target);
                if (previous != null) {
                    throw new UserError(UserError.Kind.INVALID_INPUT, "module '" + module + "': scripts " + previous.fileName()
                            + " and " + name + " both define '" + stem + "'");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + bin, e);
        }
        return scripts;
    }

    /**
     * cmd.exe reads batch files in blocks and finds {@code goto}/{@code call :label} targets by
     * byte offset assuming CRLF: a file with bare LF line ends can jump to the wrong line.
     */
    private static void requireCrlf(Path file) {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        int line = 1;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                if (i == 0 || b[i - 1] != '\r') {
                    throw new UserError(UserError.Kind.INVALID_INPUT, file + ":" + line
                            + ": line ends with LF only; Windows batch files need CRLF line ends (cmd.exe misplaces goto labels otherwise)");
                }
                line++;
            }
        }
    }

    private static List<Proc> procs(ModuleConfig config) {
        List<Proc> procs = new ArrayList<>();
        for (ErrdConfig.ProcMonitor p : config.errd().map(ErrdConfig::procs).orElse(List.of())) {
            String where = "userconfig.xml <proc name=\"" + p.name() + "\">";
            if (p.nameRegex().isPresent()) {
                throw new UserError(UserError.Kind.INVALID_INPUT, where + ": nameregex is Linux-only (SafeKit); on Windows use name and argregex");
            }
            Optional<ProcessMatcher> matcher = p.service() ? Optional.empty()
                    : Optional.of(ProcessMatcher.of(p.name(), p.argRegex().orElse(null), where));
            procs.add(new Proc(p, matcher));
        }
        return procs;
    }

    private static List<VirtualAddressPlan> vips(ModuleConfig config, List<NicInfo> nics) {
        List<VirtualAddressPlan> plans = new ArrayList<>();
        for (VipConfig.VirtualAddress a : config.vip().map(VipConfig::addresses).orElse(List.of())) {
            if (!a.address().matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                continue; // a host name: resolved by the VIP driver when the module starts
            }
            InetAddress ip;
            try {
                ip = InetAddress.getByName(a.address()); // a literal: no lookup happens
            } catch (UnknownHostException e) {
                throw new UserError(UserError.Kind.INVALID_INPUT, "virtual_addr '" + a.address() + "' is not an IPv4 address");
            }
            if (!(ip instanceof Inet4Address v4)) {
                throw new UserError(UserError.Kind.INVALID_INPUT, "virtual_addr '" + a.address() + "' is not an IPv4 address");
            }
            plans.add(VirtualAddressPlan.choose(v4, null, nics));
        }
        return plans;
    }
}
