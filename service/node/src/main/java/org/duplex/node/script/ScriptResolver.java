package org.duplex.node.script;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.duplex.common.UserError;

/**
 * Finds a SafeKit script ({@code start_prim}, {@code stop_prim}, ...) in a module's bin directory
 * and decides how to launch it.
 *
 * <p>Linux: the file is named exactly like the script and must be executable (SafeKit accepts any
 * executable). A file starting with {@code #!} or an ELF binary is executed directly; any other
 * executable text file is given to {@code /bin/sh}, as a shell would do.
 *
 * <p>Windows: {@code name.cmd}, {@code .bat}, {@code .ps1}, {@code .vbs}, {@code .exe} are tried in
 * that order; {@code .cmd}/{@code .bat} run under {@code cmd.exe /c}, {@code .ps1} under
 * PowerShell, {@code .vbs} under {@code cscript}.
 *
 * <p>A missing script is not an error (SafeKit skips it); a script that exists but cannot be run is
 * a {@link UserError} naming the file.
 */
public final class ScriptResolver {
    private final Platform platform;

    public ScriptResolver(Platform platform) {
        this.platform = platform;
    }

    /** The script to run for {@code name}, or empty when the module has none. */
    public Optional<ResolvedScript> resolve(Path binDir, String name) {
        for (String extension : platform.scriptExtensions()) {
            Path file = binDir.resolve(name + extension);
            if (Files.isRegularFile(file)) {
                return Optional.of(launchable(file, extension));
            }
        }
        return Optional.empty();
    }

    private ResolvedScript launchable(Path file, String extension) {
        return switch (platform) {
            case LINUX -> linux(file);
            case WINDOWS -> windows(file, extension.toLowerCase(Locale.ROOT));
        };
    }

    private static ResolvedScript linux(Path file) {
        if (!Files.isExecutable(file)) {
            throw new UserError(UserError.Kind.INVALID_INPUT,
                    "script " + file + " is not executable: make it executable (chmod +x " + file
                            + ") or remove it");
        }
        return directlyExecutable(file)
                ? new ResolvedScript(file, List.of())
                : new ResolvedScript(file, List.of("/bin/sh"));
    }

    private static ResolvedScript windows(Path file, String extension) {
        List<String> interpreter = switch (extension) {
            case ".cmd", ".bat" -> List.of("cmd.exe", "/c");
            case ".ps1" -> List.of("powershell.exe", "-NoProfile", "-ExecutionPolicy", "Bypass", "-File");
            case ".vbs" -> List.of("cscript.exe", "//NoLogo");
            default -> List.of();
        };
        return new ResolvedScript(file, interpreter);
    }

    /** True for {@code #!} scripts and ELF binaries, which the kernel can execute itself. */
    private static boolean directlyExecutable(Path file) {
        byte[] head = new byte[4];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new UserError(UserError.Kind.INVALID_INPUT,
                    "script " + file + " cannot be read: " + e.getMessage(), e);
        }
        boolean shebang = read >= 2 && head[0] == '#' && head[1] == '!';
        boolean elf = read == 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F';
        return shebang || elf;
    }
}
