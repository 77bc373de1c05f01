package dev.tether.operations;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.flywaydb.core.Flyway;

/**
 * Not ready while the database schema is behind this build: a migration is still running in
 * another replica, or failed. (While this process migrates at start, its HTTP port is not
 * open yet, so probes fail anyway.) Database reachability itself is the agroal check.
 */
@Readiness
@ApplicationScoped
public class SchemaMigrationReadiness implements HealthCheck {

    @Inject
    Flyway flyway;

    @Override
    public HealthCheckResponse call() {
        try {
            int pending = flyway.info().pending().length;
            String current = flyway.info().current() == null ? "none" : flyway.info().current().getVersion().toString();
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
