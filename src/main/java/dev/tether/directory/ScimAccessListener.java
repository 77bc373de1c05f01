package dev.tether.directory;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * LISTENs for the NOTIFY the database sends when a SCIM token or a directory setting read with it
 * changed (migration V25's triggers, whichever replica or hand made the change), and makes this
 * replica forget the tokens it holds for that directory. Holds one connection of its own, outside
 * the pool. Until it is listening, and whenever its connection is lost, no token is held, so a
 * change it cannot hear cannot be missed.
 */
@ApplicationScoped
public class ScimAccessListener {

    static final String CHANNEL = "tether_scim_access";

    private static final Logger LOG = Logger.getLogger(ScimAccessListener.class);

    private final HeldScimTokens held;
    private final Config config;
    private volatile boolean running;
    private volatile Connection connection;

    public ScimAccessListener(HeldScimTokens held, Config config) {
        this.held = held;
        this.config = config;
    }

    void start(@Observes StartupEvent ignored) {
        Optional<String> url = config.getOptionalValue("quarkus.datasource.jdbc.url", String.class);
        if (url.isEmpty()) {
            LOG.warn("no JDBC URL configured; SCIM tokens are looked up on every request");
            return;
        }
        running = true;
        Thread t = new Thread(() -> listen(url.get()), "tether-scim-access-listener");
        t.setDaemon(true);
        t.start();
    }

    void stop(@Observes ShutdownEvent ignored) {
        running = false;
        held.stopHolding();
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
                    s.execute("LISTEN " + CHANNEL); // a constant channel name, not input
                }
                held.startHolding();
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = pg.getNotifications(10_000);
                    if (received != null) {
                        for (PGNotification n : received) {
                            forget(n.getParameter());
                        }
                    }
                    // a dead connection answers getNotifications with an error, not silence
                    if (c.isClosed()) {
                        break;
                    }
                }
            } catch (Exception e) {
                if (running) {
                    LOG.warnf("SCIM token listener connection lost (%s); reconnecting", e.getMessage());
                }
            } finally {
                held.stopHolding();
            }
            if (running) {
                sleep();
            }
        }
    }

    private void forget(String directoryId) {
        try {
            held.forget(UUID.fromString(directoryId));
        } catch (IllegalArgumentException e) {
            held.forgetAll(); // not a directory id: forget everything
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
