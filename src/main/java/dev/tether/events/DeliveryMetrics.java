package dev.tether.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Delivery attempts by subscription, outcome and format. Prometheus name:
 * {@code tether_delivery_attempts_total}. Outcomes: {@code success} (2xx), {@code failure}
 * (will be retried), {@code gone} (410: the subscription was disabled), {@code dead} (retries
 * exhausted or the target refused; the delivery will not be sent again unless replayed).
 */
@ApplicationScoped
public class DeliveryMetrics {

    public static final String ATTEMPTS = "tether.delivery.attempts";

    private final MeterRegistry registry;

    DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts one attempt of {@code claim} that came to {@code outcome}. */
    public void attempted(DeliveryClaim claim, DeliveryLedger.Outcome outcome) {
        Counter.builder(ATTEMPTS).description("Webhook and SSF delivery attempts")
                .tag("subscription", claim.subscriptionId().toString())
                .tag("outcome", outcome(outcome))
                .tag("format", claim.format() == null ? "unknown" : claim.format())
                .register(registry).increment();
    }

    static String outcome(DeliveryLedger.Outcome outcome) {
        if (outcome.succeeded()) {
            return "success";
        }
        if (outcome.disableSubscriptionBecause() != null) {
            return "gone";
        }
        return outcome.nextAttemptIn() == null ? "dead" : "failure";
    }
}
