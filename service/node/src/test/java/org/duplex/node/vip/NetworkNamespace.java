package org.duplex.node.vip;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace a test creates and deletes ({@code ip netns add duplex-t-...}): addresses
 * configured inside exist only there, there is no default route, and nothing reaches the host's
 * networks. Requires root (tests using it check {@link #available()}).
 */
public final class NetworkNamespace implements AutoCloseable {
    private final String name;

    private NetworkNamespace(String name) {
        this.name = name;
    }

    /** Creates a namespace with loopback up. */
    public static NetworkNamespace create(String role) throws IOException, InterruptedException {
        String name = "duplex-t-" + role + "-" + ThreadLocalRandom.current().nextInt(1_000_000);
        host("ip", "netns", "add", name);
        NetworkNamespace ns = new NetworkNamespace(name);
        ns.exec("ip", "link", "set", "lo", "up");
        return ns;
    }

    /** True when this process may create namespaces (root with iproute2). */
    public static boolean available() {
        try {
            return "0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return false;
        }
    }

    /** Creates a veth pair, {@code ifA} in {@code a} and {@code ifB} in {@code b}, both up. */
    public static void link(NetworkNamespace a, String ifA, String addrA, NetworkNamespace b, String ifB, String addrB)
            throws IOException, InterruptedException {
        a.exec("ip", "link", "add", ifA, "type", "veth", "peer", "name", ifB, "netns", b.name);
        a.exec("ip", "addr", "add", addrA, "dev", ifA);
        b.exec("ip", "addr", "add", addrB, "dev", ifB);
        a.exec("ip", "link", "set", ifA, "up");
        b.exec("ip", "link", "set", ifB, "up");
    }

    public String name() {
        return name;
    }

    /** The prefix that runs a command inside this namespace. */
    public List<String> prefix() {
        return List.of("ip", "netns", "exec", name);
    }

    /** Runs a command inside; throws when it fails. Returns its output. */
    public String exec(String... command) throws IOException, InterruptedException {
        Run run = tryExec(command);
        if (run.exitCode() != 0) {
            throw new IOException("in " + name + ": " + String.join(" ", command) + " failed: " + run.output());
        }
        return run.output();
    }

    /** A finished command. */
    public record Run(int exitCode, String output) {}

    /** Runs a command inside and returns its exit code and output. */
    public Run tryExec(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(prefix());
        full.addAll(List.of(command));
        return run(full);
    }

    private static void host(String... command) throws IOException, InterruptedException {
        Run run = run(List.of(command));
        if (run.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + run.output());
        }
    }

    private static Run run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " hung");
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Deletes the namespace and, with it, its interfaces and addresses. */
    @Override
    public void close() throws IOException {
        try {
            host("ip", "netns", "del", name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while deleting namespace " + name, e);
        }
    }
}
