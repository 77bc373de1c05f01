package dev.tether.events;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The delivery worker, as the rest of the server sees it: what {@link DeliveryWake} wakes, and
 * what starts and stops the stages in order. The stages:
 * <ol>
 * <li>{@link ClaimLoop}: claims due deliveries per subscription lane, ahead of the senders, and
 * hands back what it cannot send in time or still holds at shutdown;</li>
 * <li>{@link DeliveryRequests}: builds the request per format, {@link WebhookRequests} (Standard
 * Webhooks) and {@link SetRequests} (SSF SETs);</li>
 * <li>{@link DeliverySender}: resolves and vets the target, sends, reads the answer;</li>
 * <li>{@link OutcomeRecorder}: writes outcomes to the {@link DeliveryLedger} in batches.</li>
 * </ol>
 */
@ApplicationScoped
public class DeliveryDispatcher implements DeliveryWake {

    private final ClaimLoop loop;
    private final DeliverySender sender;

    public DeliveryDispatcher(ClaimLoop loop, DeliverySender sender) {
        this.loop = loop;
        this.sender = sender;
    }

    void start(@Observes StartupEvent ignored) {
        sender.open();
        loop.start();
    }

    /** Stops claiming, lets attempts in flight finish within the grace, hands back the rest. */
    void stop(@Observes ShutdownEvent ignored) {
        loop.stop();
        sender.close();
    }

    /** Asks the claim loop to look for due deliveries now. Cheap; many calls collapse into one look. */
    @Override
    public void wake() {
        loop.wake();
    }
}
