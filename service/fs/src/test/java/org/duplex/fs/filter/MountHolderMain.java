package org.duplex.fs.filter;

import java.nio.file.Path;

/** Child process for {@link StaleMountTest}: mounts the filter, says so, then waits to be killed. */
public final class MountHolderMain {
    private MountHolderMain() {}

    public static void main(String[] args) throws InterruptedException {
        FilterMount.mount(Path.of(args[0]), new PassthroughHandler(), FilterMode.READ_WRITE, 2);
        System.out.println("mounted");
        System.out.flush();
        Thread.sleep(120_000); // bounded: the test kills it long before
    }
}
