package org.duplex.tests.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.duplex.tests.harness.ClusterHost.NODE1;
import static org.duplex.tests.harness.ClusterHost.NODE2;

import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Real PostgreSQL at the replicated path of node1, reached from the client through the VIP, with
 *  the client ledger writing and verifying ids. */
@ExtendWith(TwoNodeClusterExtension.class)
class PostgresLedgerTest {

    @BeforeAll
    static void startPostgresOnNode1(TestCluster cluster) {
        Assumptions.assumeTrue(Commands.run(java.util.List.of("sh", "-c", "ls /usr/lib/postgresql/*/bin/initdb"),
                Duration.ofSeconds(10)).ok(), "PostgreSQL server is not installed (apt-get install postgresql-15)");
        ClusterPostgres pg = new ClusterPostgres(cluster);
        pg.init(NODE1);
        pg.start(NODE1);
        cluster.addVip(NODE1);
    }

    @AfterAll
    static void stopPostgres(TestCluster cluster) {
        ClusterPostgres pg = new ClusterPostgres(cluster);
        if (pg.isRunning(NODE1)) {
            pg.stop(NODE1, "fast");
        }
    }

    @Test
    void postgresRunsFromTheReplicatedPathOfNode1AndAnswersThroughTheVip(TestCluster cluster) {
        ClusterPostgres pg = new ClusterPostgres(cluster);
        assertThat(pg.query("SELECT inet_server_addr()")).isEqualTo(cluster.vip());
        assertThat(pg.query("SHOW data_directory")).isEqualTo(cluster.replicatedPath().toString());
        assertThat(Files.exists(cluster.backingDir(NODE1).resolve("PG_VERSION"))).isTrue();
        assertThat(Files.exists(cluster.backingDir(NODE2).resolve("PG_VERSION"))).as("node2's copy untouched").isFalse();
    }

    @Test
    void ledgerRecordsCommittedIdsAndFindsThemAll(TestCluster cluster) {
        ClusterPostgres pg = new ClusterPostgres(cluster);
        try (ClientLedger ledger = new ClientLedger(cluster, pg, "ledger_sync")) {
            ledger.createTable();
            assertThat(ledger.write(20)).isEqualTo(20);
            LedgerVerdict verdict = ledger.verify();
            assertThat(verdict.nothingLost()).as(verdict.toString()).isTrue();
            assertThat(verdict.acknowledged()).isEqualTo(20);
            assertThat(ledger.sessionsOpened()).isEqualTo(1);
        }
    }

    @Test
    void ledgerReportsAnAcknowledgedIdThatDisappeared(TestCluster cluster) {
        ClusterPostgres pg = new ClusterPostgres(cluster);
        try (ClientLedger ledger = new ClientLedger(cluster, pg, "ledger_loss")) {
            ledger.createTable();
            ledger.write(5);
            String victim = ledger.acknowledged().stream().sorted().findFirst().orElseThrow();
            pg.query("DELETE FROM ledger_loss WHERE id = '" + victim + "'");

            LedgerVerdict verdict = ledger.verify();
            assertThat(verdict.lost()).containsExactly(victim);
            assertThat(verdict.nothingLost()).isFalse();
        }
    }

    @Test
    void backgroundLedgerSurvivesAServerRestartAndLosesNothing(TestCluster cluster) {
        ClusterPostgres pg = new ClusterPostgres(cluster);
        try (ClientLedger ledger = new ClientLedger(cluster, pg, "ledger_restart")) {
            ledger.createTable();
            ledger.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> ledger.acknowledged().size() >= 10);
            // An immediate stop is a crash for PostgreSQL: committed rows must survive recovery.
            pg.stop(NODE1, "immediate");
            int beforeRestart = ledger.acknowledged().size();
            pg.start(NODE1);
            await().atMost(Duration.ofSeconds(30)).until(() -> ledger.acknowledged().size() >= beforeRestart + 10);
            ledger.stop();

            LedgerVerdict verdict = ledger.verify();
            assertThat(verdict.nothingLost()).as(verdict.toString()).isTrue();
            assertThat(ledger.sessionsOpened()).as("reconnected after the crash").isGreaterThan(1);
        }
    }

    @Test
    void pgbenchRunsAgainstTheVip(TestCluster cluster) {
        ClusterPostgres pg = new ClusterPostgres(cluster);
        pg.pgbench("-i", "-q", "-s", "1").orThrow();
        ExecResult run = pg.pgbench("-t", "20", "-c", "2").orThrow();
        assertThat(run.stdout()).contains("number of transactions actually processed: 40/40");
    }
}
