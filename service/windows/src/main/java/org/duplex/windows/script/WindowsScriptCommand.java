package org.duplex.windows.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.duplex.common.UserError;
import org.duplex.windows.path.WindowsPath;

/**
 * Turns a module script ({@code start_prim.cmd}, {@code checker.ps1}, ...) and its arguments into
 * the program and argument list that Windows runs, following SafeKit's rule that scripts may be
 * {@code .cmd .bat .ps1 .vbs .exe}.
 *
 * <p>Why {@code cmd.exe /d /s /c "..."} is built as one string: cmd.exe does not parse its argument
 * vector, it re-reads the raw command line, and with {@code /s} it strips exactly the outermost pair
 * of quotes and runs the rest verbatim. Quoting the script path and each argument inside that outer
 * pair is the only form that works for {@code C:\Program Files (x86)\...} (the parentheses and the
 * space both break the unquoted form). {@code /d} skips AutoRun registry commands so the script sees
 * the same environment on every server.
 */
public final class WindowsScriptCommand {
    /** Characters cmd.exe treats specially even inside our quoting; refusing them beats guessing. */
    private static final String CMD_UNSAFE = "\"%\r\n";

    private WindowsScriptCommand() {}

    /** The interpreter a script needs, chosen by its extension. */
    public enum Kind { CMD, POWERSHELL, VBSCRIPT, EXE }

    public static Kind kindOf(WindowsPath script) {
        String name = script.fileName().toLowerCase(Locale.ROOT);
        if (name.endsWith(".cmd") || name.endsWith(".bat")) {
            return Kind.CMD;
        } else if (name.endsWith(".ps1")) {
            return Kind.POWERSHELL;
        } else if (name.endsWith(".vbs")) {
            return Kind.VBSCRIPT;
        } else if (name.endsWith(".exe")) {
            return Kind.EXE;
        }
        throw new UserError(UserError.Kind.INVALID_INPUT, "script '" + script
                + "': Windows scripts must end in .cmd, .bat, .ps1, .vbs or .exe");
    }

    /**
     * The argument vector for {@link ProcessBuilder}; element 0 is the program.
     *
     * @param systemRoot {@code %SystemRoot%} (normally {@code C:\Windows}), so the interpreter is
     *                   never looked up on a PATH a module could have changed
     */
    public static List<String> argv(WindowsPath script, List<String> args, WindowsPath systemRoot) {
        WindowsPath system32 = systemRoot.resolve("System32");
        List<String> argv = new ArrayList<>();
        switch (kindOf(script)) {
            case CMD -> {
                argv.add(system32.resolve("cmd.exe").toString());
                argv.add("/d");
                argv.add("/s");
                argv.add("/c");
                argv.add("\"" + cmdLine(script, args) + "\"");
            }
            case POWERSHELL -> {
                argv.add(system32.resolve("WindowsPowerShell\\v1.0\\powershell.exe").toString());
                argv.addAll(List.of("-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-File"));
                argv.add(script.toString());
                argv.addAll(args);
            }
            case VBSCRIPT -> {
                argv.add(system32.resolve("cscript.exe").toString());
                argv.add("//NoLogo");
                argv.add(script.toString());
                argv.addAll(args);
            }
            case EXE -> {
                argv.add(script.toString());
                argv.addAll(args);
            }
        }
        return argv;
    }

    /** The inner command line for cmd.exe: every token quoted, so spaces and parentheses are data. */
    static String cmdLine(WindowsPath script, List<String> args) {
        StringBuilder line = new StringBuilder(quoteForCmd(script.toString(), "script path"));
        for (String arg : args) {
            line.append(' ').append(quoteForCmd(arg, "argument"));
        }
        return line.toString();
    }

    private static String quoteForCmd(String token, String what) {
        for (int i = 0; i < token.length(); i++) {
            if (CMD_UNSAFE.indexOf(token.charAt(i)) >= 0) {
                throw new UserError(UserError.Kind.INVALID_INPUT, what + " '" + token
                        + "' contains a quote, % or line break, which cmd.exe would reinterpret");
            }
        }
        return "\"" + token + "\"";
    }
}
