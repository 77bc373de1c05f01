package dev.tether.audit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Audit seal lag as the last sealing round measured it ({@link AuditSealer#sealLag()}: age of the
 * oldest record still unsealed, 0 when all are sealed). Prometheus name:
 * {@code tether_audit_seal_lag_seconds}. Reading it costs no query.
 */
@ApplicationScoped
public class SealLagMetrics {

    public static final String SEAL_LAG = "tether.audit.seal.lag";

    void register(@Observes StartupEvent ignored, AuditSealer sealer, MeterRegistry registry) {
        Gauge.builder(SEAL_LAG, sealer, s -> s.sealLag().toNanos() / 1e9).baseUnit("seconds").strongReference(true)
                .description("Age of the oldest audit record not yet sealed into the chain").register(registry);
    }
}
