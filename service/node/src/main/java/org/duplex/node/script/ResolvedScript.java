package org.duplex.node.script;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A script found in the module's bin directory, with the interpreter prefix needed to run it
 * ({@code sh}, {@code cmd.exe /c}, ...; empty for a program the OS executes directly).
 */
public record ResolvedScript(Path file, List<String> interpreter) {
    public ResolvedScript {
        interpreter = List.copyOf(interpreter);
    }

    /** The full command line: interpreter, script path, then the arguments. */
    public List<String> commandLine(List<String> args) {
        List<String> command = new ArrayList<>(interpreter);
        command.add(file.toString());
        command.addAll(args);
        return List.copyOf(command);
    }
}
