package dev.tether.events;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * LISTENs for the NOTIFY every outbox write sends at commit, so a delivery written by another
 * replica is sent within milliseconds rather than at the next sweep. Holds one connection of
 * its own, outside the pool, since it waits on it for as long as the server runs.
 */
@ApplicationScoped
public class ReplicaWakeListener {

    private static final Logger LOG = Logger.getLogger(ReplicaWakeListener.class);

    private final DeliveryWake delivery;
    private final Config config;
    private volatile boolean running;
    private volatile Connection connection;

    public ReplicaWakeListener(DeliveryWake delivery, Config config) {
        this.delivery = delivery;
        this.config = config;
    }

    void start(@Observes StartupEvent ignored) {
        Optional<String> url = config.getOptionalValue("quarkus.datasource.jdbc.url", String.class);
        if (url.isEmpty()) {
            LOG.warn("no JDBC URL configured; other replicas' events are picked up by the sweep only");
            return;
        }
        running = true;
        Thread t = new Thread(() -> listen(url.get()), "tether-delivery-listener");
        t.setDaemon(true);
        t.start();
    }

    void stop(@Observes ShutdownEvent ignored) {
        running = false;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignoredToo) {
                // shutting down
            }
        }
    }

    private void listen(String url) {
        while (running) {
            try (Connection c = DriverManager.getConnection(url,
                    config.getOptionalValue("quarkus.datasource.username", String.class).orElse(null),
                    config.getOptionalValue("quarkus.datasource.password", String.class).orElse(null))) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + EventOutbox.CHANNEL); // a constant channel name, not input
                }
                delivery.wake(); // anything written while this replica was not listening
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = pg.getNotifications(10_000);
                    if (received != null && received.length > 0) {
                        delivery.wake();
                    }
                }
            } catch (Exception e) {
                if (running) {
                    LOG.warnf("event listener connection lost (%s); reconnecting", e.getMessage());
                    sleep();
                }
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
