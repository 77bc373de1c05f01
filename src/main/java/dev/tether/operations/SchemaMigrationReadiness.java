package dev.tether.operations;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfoService;

/**
 * Not ready while the database schema is behind this build: a migration is still running in
 * another replica, or failed. (While this process migrates at start, its HTTP port is not
 * open yet, so probes fail anyway.) Database reachability itself is the agroal check.
 * Once the schema has caught up it cannot fall behind this build again, so later probes skip
 * the query (and Flyway's log line on every probe). A process that migrated at start is caught
 * up from the first probe: it would not be running had a migration failed, and Flyway's lock
 * made it wait for any other replica's. Reading what is applied would cost the first probe a
 * scan of every migration, on the way to the first "ready".
 */
@Readiness
@ApplicationScoped
public class SchemaMigrationReadiness implements HealthCheck {

    private final Flyway flyway;

    private volatile boolean caughtUp;

    public SchemaMigrationReadiness(Flyway flyway,
            @ConfigProperty(name = "quarkus.flyway.migrate-at-start", defaultValue = "false") boolean migratedAtStart) {
        this.flyway = flyway;
        this.caughtUp = migratedAtStart;
    }

    @Override
    public HealthCheckResponse call() {
        if (caughtUp) {
            return HealthCheckResponse.named("database schema").up().build();
        }
        try {
            MigrationInfoService info = flyway.info();
            int pending = info.pending().length;
            String current = info.current() == null ? "none" : info.current().getVersion().toString();
            caughtUp = pending == 0;
            return HealthCheckResponse.named("database schema")
                    .status(pending == 0)
                    .withData("version", current)
                    .withData("pendingMigrations", pending)
                    .build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("database schema").down()
                    .withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
