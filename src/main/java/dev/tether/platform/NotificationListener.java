package dev.tether.platform;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * LISTENs on one PostgreSQL channel from a thread and a connection of its own, outside the pool
 * (it waits on that connection for as long as the server runs), and reconnects a second after
 * the connection is lost. What a replica does with the notices is the {@link Handler}'s.
 */
public final class NotificationListener {

    private static final Logger LOG = Logger.getLogger(NotificationListener.class);

    /** What the listener tells its owner; every call comes from the listener's thread. */
    public interface Handler {

        /** LISTEN is in place: anything that changed before now was not heard. */
        void listening();

        /** The payloads of one or more notices. */
        void received(PGNotification[] notices);

        /** The connection is gone (lost, or closed at shutdown): nothing is heard until {@link #listening}. */
        default void deaf() {
        }
    }

    private final String channel;
    private final String what;
    private final Handler handler;
    private volatile boolean running;
    private volatile Connection connection;

    private NotificationListener(String channel, String what, Handler handler) {
        this.channel = channel;
        this.what = what;
        this.handler = handler;
    }

    /**
     * Starts listening on {@code channel} (a constant, not input) with the datasource's URL and
     * credentials; empty when no JDBC URL is configured. {@code what} names the listener in logs.
     */
    public static Optional<NotificationListener> start(Config config, String channel, String what, Handler handler) {
        Optional<String> url = config.getOptionalValue("quarkus.datasource.jdbc.url", String.class);
        if (url.isEmpty()) {
            return Optional.empty();
        }
        NotificationListener listener = new NotificationListener(channel, what, handler);
        listener.running = true;
        Thread t = new Thread(() -> listener.listen(url.get(),
                config.getOptionalValue("quarkus.datasource.username", String.class).orElse(null),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(null)),
                channel.replace('_', '-') + "-listener"); // tether_deliveries: tether-deliveries-listener
        t.setDaemon(true);
        t.start();
        return Optional.of(listener);
    }

    /** Stops for good: closes the connection, which ends the wait. */
    public void stop() {
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

    private void listen(String url, String user, String password) {
        while (running) {
            try (Connection c = DriverManager.getConnection(url, user, password)) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + channel); // a constant channel name, not input
                }
                handler.listening();
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = pg.getNotifications(10_000);
                    if (received != null && received.length > 0) {
                        handler.received(received);
                    }
                    // a dead connection answers getNotifications with an error, not silence
                    if (c.isClosed()) {
                        break;
                    }
                }
            } catch (Exception e) {
                if (running) {
                    LOG.warnf("%s listener connection lost (%s); reconnecting", what, e.getMessage());
                }
            } finally {
                handler.deaf();
            }
            if (running) {
                sleep();
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
