package dev.tether.testing;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Starts a real PostgreSQL (embedded binaries, no Docker) once for the whole test run and
 * points the datasource at it. Declared here once; Quarkus applies it to every @QuarkusTest.
 */
@QuarkusTestResource(value = TestDatabase.class)
public class TestDatabase implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedPostgres postgres;

    /** The shared server, started on first use; also used by plain JUnit tests that need SQL. */
    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away; the temp data folder is removed by the OS later
                }
            }));
        }
        return postgres;
    }

    @Override
    public Map<String, String> start() {
        EmbeddedPostgres pg = postgres();
        return Map.of(
                "quarkus.datasource.jdbc.url", pg.getJdbcUrl("postgres", "postgres"),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    @Override
    public void stop() {
        // kept running until the JVM exits: several Quarkus test profiles may restart the app
    }
}
