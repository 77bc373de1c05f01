package dev.tether.lineage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

/**
 * What revocation cascades did, from {@link CascadeCompleted}. Prometheus names:
 * {@code tether_cascade_revocations_total} (kind = delegation, credential or agent; reason),
 * {@code tether_cascade_duration_seconds} (reason) and {@code tether_cascade_size} (credentials
 * revoked per cascade; reason).
 *
 * <p>Observed after the transaction commits, so a cascade rolled back (and retried after a
 * deadlock, say) is counted once, and one that never happened is not counted at all.
 */
@ApplicationScoped
public class CascadeMetrics {

    public static final String REVOCATIONS = "tether.cascade.revocations";
    public static final String DURATION = "tether.cascade.duration";
    public static final String SIZE = "tether.cascade.size";

    private static final String[] KINDS = {"delegation", "credential", "agent"};

    private final MeterRegistry registry;

    CascadeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Every series at zero from the start, so dashboards and alerts find them before the first leaver. */
    void registerAtStart(@Observes StartupEvent ignored) {
        for (RevocationReason reason : RevocationReason.OWN) {
            for (String kind : KINDS) {
                revocations(kind, reason.code());
            }
            duration(reason.code());
            size(reason.code());
        }
    }

    void onCascade(@Observes(during = TransactionPhase.AFTER_SUCCESS) CascadeCompleted done) {
        String reason = done.reason().code();
        revocations("delegation", reason).increment(done.delegationsRevoked());
        revocations("credential", reason).increment(done.credentialsRevoked());
        revocations("agent", reason).increment(done.agentsSuspended());
        duration(reason).record(done.duration());
        size(reason).record(done.credentialsRevoked());
    }

    private Timer duration(String reason) {
        return Timer.builder(DURATION).description("Time a revocation cascade took")
                .tag("reason", reason).register(registry);
    }

    private DistributionSummary size(String reason) {
        return DistributionSummary.builder(SIZE).description("Credentials revoked per revocation cascade")
                .tag("reason", reason).register(registry);
    }

    private Counter revocations(String kind, String reason) {
        return Counter.builder(REVOCATIONS).description("Delegations and credentials revoked and agents suspended by cascades")
                .tag("kind", kind).tag("reason", reason).register(registry);
    }
}
