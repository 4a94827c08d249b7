package org.duplex.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@code duplex} verbs in-process with temporary roots, capturing stdout and stderr. */
final class CliRunner {
    final Map<String, String> env = new HashMap<>();
    StringWriter out;
    StringWriter err;

    CliRunner(Path root) {
        env.put("DUPLEX_SAFE", root.resolve("safe").toString());
        env.put("DUPLEX_SAFEVAR", root.resolve("var").toString());
    }

    int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cl = Main.newCommandLine(env);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}
