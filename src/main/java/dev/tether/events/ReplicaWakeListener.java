package dev.tether.events;

import dev.tether.platform.NotificationListener;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;
import org.postgresql.PGNotification;

/**
 * LISTENs for the NOTIFY every outbox write sends at commit, so a delivery written by another
 * replica is sent within milliseconds rather than at the next sweep.
 */
@ApplicationScoped
public class ReplicaWakeListener implements NotificationListener.Handler {

    private static final Logger LOG = Logger.getLogger(ReplicaWakeListener.class);

    private final DeliveryWake delivery;
    private final Config config;
    private volatile Optional<NotificationListener> listener = Optional.empty();

    public ReplicaWakeListener(DeliveryWake delivery, Config config) {
        this.delivery = delivery;
        this.config = config;
    }

    void start(@Observes StartupEvent ignored) {
        listener = NotificationListener.start(config, EventOutbox.CHANNEL, "event", this);
        if (listener.isEmpty()) {
            LOG.warn("no JDBC URL configured; other replicas' events are picked up by the sweep only");
        }
    }

    void stop(@Observes ShutdownEvent ignored) {
        listener.ifPresent(NotificationListener::stop);
    }

    @Override
    public void listening() {
        delivery.wake(); // anything written while this replica was not listening
    }

    @Override
    public void received(PGNotification[] notices) {
        delivery.wake();
    }
}
