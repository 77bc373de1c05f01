package dev.tether.operations;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
 * the query (and Flyway's log line on every probe).
 */
@Readiness
@ApplicationScoped
public class SchemaMigrationReadiness implements HealthCheck {

    @Inject
    Flyway flyway;

    private volatile boolean caughtUp;

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
