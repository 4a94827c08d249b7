package org.duplex.tests.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Jepsen-style client ledger: inserts unique ids through the VIP from the client namespace and
 * records an id as acknowledged only after its COMMIT returned; {@link #verify()} then checks every
 * acknowledged id is in the database. Writes whose answer never came (the connection died during
 * a failover) are "in doubt" and may be present or not.
 *
 * <p>Each write is one autocommit INSERT in a long-lived psql session, followed by
 * {@code \echo dx-ack ID}: psql (with ON_ERROR_STOP) only reaches the echo after the server
 * confirmed the commit. One write in flight at a time, so at most one id per session is in doubt.
 * A dead session is replaced by a new one.
 */
public final class ClientLedger implements AutoCloseable {

    /** A bound on any background run, so a forgotten ledger cannot write forever. */
    private static final long MAX_WRITES = 1_000_000;
    private static final String ACK = "dx-ack ";

    private final TestCluster cluster;
    private final ClusterPostgres postgres;
    private final String table;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong sequence = new AtomicLong();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Set<String> inDoubt = ConcurrentHashMap.newKeySet();
    private final AtomicLong sessionsOpened = new AtomicLong();
    private volatile boolean stopping;
    private volatile Session session;
    private Thread background;

    public ClientLedger(TestCluster cluster, ClusterPostgres postgres, String table) {
        if (!table.matches("[a-z_][a-z0-9_]{0,40}")) {
            throw new IllegalArgumentException("ledger table name '" + table + "' must be a plain lower-case SQL name");
        }
        this.cluster = cluster;
        this.postgres = postgres;
        this.table = table;
    }

    public void createTable() {
        postgres.query("CREATE TABLE IF NOT EXISTS " + table + " (id text PRIMARY KEY, at timestamptz DEFAULT now())");
    }

    /** Writes {@code count} ids now, opening at most {@code count} sessions; returns how many were
     *  acknowledged. */
    public int write(int count) {
        int acks = 0;
        for (int i = 0; i < count && !stopping; i++) {
            if (writeOne()) {
                acks++;
            }
        }
        return acks;
    }

    /** Writes in a background thread until {@link #stop()}, reconnecting whenever the session dies. */
    public synchronized void start() {
        if (background != null) {
            throw new IllegalStateException("ledger already running");
        }
        stopping = false;
        background = new Thread(() -> {
            for (long n = 0; n < MAX_WRITES && !stopping; n++) {
                if (!writeOne() && !stopping) {
                    pause(Duration.ofMillis(50)); // the VIP is moving; do not spin on a dead address
                }
            }
        }, "duplex-ledger-" + runId);
        background.setDaemon(true);
        background.start();
    }

    /** Stops the background writer and closes the session; the write in flight becomes in doubt. */
    public synchronized void stop() {
        stopping = true;
        closeSession();
        if (background != null) {
            try {
                background.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            background = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    public long sessionsOpened() {
        return sessionsOpened.get();
    }

    /** Reads back this run's ids through the VIP and compares them with what was acknowledged. */
    public LedgerVerdict verify() {
        String rows = postgres.query("SELECT id FROM " + table + " WHERE id LIKE '" + runId + "-%'");
        Set<String> present = new HashSet<>(rows.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
        List<String> lost = acknowledged.stream().filter(id -> !present.contains(id)).sorted().toList();
        int inDoubtPresent = (int) inDoubt.stream().filter(present::contains).count();
        return new LedgerVerdict(acknowledged.size(), lost, inDoubt.size(), inDoubtPresent);
    }

    /** One INSERT; true iff its commit was acknowledged. */
    private boolean writeOne() {
        Session current = session;
        if (current == null) {
            try {
                current = openSession();
            } catch (IOException e) {
                return false;
            }
        }
        String id = runId + "-" + sequence.incrementAndGet();
        inDoubt.add(id);
        try {
            current.stdin.write("INSERT INTO " + table + " (id) VALUES ('" + id + "');\n\\echo " + ACK + id + "\n");
            current.stdin.flush();
            for (String line = current.stdout.readLine(); line != null; line = current.stdout.readLine()) {
                if (line.equals(ACK + id)) {
                    acknowledged.add(id);
                    inDoubt.remove(id);
                    return true;
                }
            }
        } catch (IOException sessionDied) {
            // Falls through: the id stays in doubt and the session is replaced.
        }
        closeSession();
        return false;
    }

    private Session openSession() throws IOException {
        // stdbuf: psql's stdout is a pipe here, and each acknowledgement must reach us at once.
        List<String> command = new ArrayList<>(List.of("stdbuf", "-oL"));
        command.addAll(postgres.psqlCommand("-q"));
        command = cluster.inHost(ClusterHost.CLIENT, command);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        sessionsOpened.incrementAndGet();
        Session opened = new Session(process,
                new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8),
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
        session = opened;
        return opened;
    }

    private void closeSession() {
        Session current = session;
        session = null;
        if (current != null) {
            Commands.killTree(current.process);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Session(Process process, Writer stdin, BufferedReader stdout) {
    }
}
