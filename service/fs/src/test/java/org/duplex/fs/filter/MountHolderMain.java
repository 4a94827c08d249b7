package org.duplex.fs.filter;

import java.nio.file.Path;

/**
 * Child process for {@link StaleMountTest} (and manual benchmarks): mounts the filter on args[0]
 * with args[1] worker threads (default 2), says so, then waits to be killed (at most args[2]
 * seconds, default 120).
 */
public final class MountHolderMain {
    private MountHolderMain() {}

    public static void main(String[] args) throws InterruptedException {
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        long seconds = args.length > 2 ? Long.parseLong(args[2]) : 120;
        FilterMount.mount(Path.of(args[0]), new PassthroughHandler(), FilterMode.READ_WRITE, threads);
        System.out.println("mounted");
        System.out.flush();
        Thread.sleep(seconds * 1000); // bounded: the test kills it long before
    }
}
