package org.duplex.windows.service;

import java.time.Duration;
import java.util.ServiceLoader;

import org.duplex.common.UserError;

/**
 * The entry points procrun calls ({@code --StartClass}/{@code --StopClass} = this class,
 * {@code --StartMethod=start}, {@code --StopMethod=stop}, {@code --StartMode=jvm}).
 *
 * <p>The daemon is found through {@link ServiceLoader}: the node module provides exactly one
 * {@link ServiceBody} in {@code META-INF/services/org.duplex.windows.service.ServiceBody}, so this
 * module does not depend on the daemon and the daemon does not depend on Windows code. The stop
 * wait is a little shorter than procrun's {@code --StopTimeout} (see {@link ServiceDefinition}) so
 * we report a slow stop before the SCM gives up on us.
 */
public final class DuplexWindowsService {
    private static final Object LOCK = new Object();
    private static ServiceHost host;

    private DuplexWindowsService() {}

    /** Procrun start method; blocks while the service runs. */
    public static void start(String[] args) throws Exception {
        ServiceHost h;
        synchronized (LOCK) {
            host = new ServiceHost(loadBody(), System::exit,
                    ServiceDefinition.DUPLEX.stopTimeout().minus(Duration.ofSeconds(5)));
            h = host;
        }
        h.run(args);
    }

    /** Procrun stop method. */
    public static void stop(String[] args) throws InterruptedException {
        ServiceHost h;
        synchronized (LOCK) {
            h = host;
        }
        if (h != null) {
            h.requestStop();
        }
    }

    static ServiceBody loadBody() {
        var bodies = ServiceLoader.load(ServiceBody.class).stream().toList();
        if (bodies.size() != 1) {
            throw new UserError(UserError.Kind.NOT_FOUND, "Duplex service: expected exactly one "
                    + ServiceBody.class.getName() + " on the class path (procrun --Classpath), found "
                    + bodies.size() + ": check the Classpath value under HKLM\\SOFTWARE\\Apache Software Foundation\\Procrun 2.0\\"
                    + ServiceDefinition.DUPLEX.name() + "\\Parameters\\Java");
        }
        return bodies.get(0).get();
    }
}
