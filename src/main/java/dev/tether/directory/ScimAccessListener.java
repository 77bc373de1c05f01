package dev.tether.directory;

import dev.tether.platform.NotificationListener;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;
import org.postgresql.PGNotification;

/**
 * LISTENs for the NOTIFY the database sends when a SCIM token or a directory setting read with it
 * changed (migration V25's triggers, whichever replica or hand made the change), and makes this
 * replica forget the tokens it holds for that directory. Until it is listening, and whenever its
 * connection is lost, no token is held, so a change it cannot hear cannot be missed.
 */
@ApplicationScoped
public class ScimAccessListener implements NotificationListener.Handler {

    static final String CHANNEL = "tether_scim_access";

    private static final Logger LOG = Logger.getLogger(ScimAccessListener.class);

    private final HeldScimTokens held;
    private final Config config;
    private volatile Optional<NotificationListener> listener = Optional.empty();

    public ScimAccessListener(HeldScimTokens held, Config config) {
        this.held = held;
        this.config = config;
    }

    void start(@Observes StartupEvent ignored) {
        listener = NotificationListener.start(config, CHANNEL, "SCIM token", this);
        if (listener.isEmpty()) {
            LOG.warn("no JDBC URL configured; SCIM tokens are looked up on every request");
        }
    }

    void stop(@Observes ShutdownEvent ignored) {
        held.stopHolding();
        listener.ifPresent(NotificationListener::stop);
    }

    @Override
    public void listening() {
        held.startHolding();
    }

    @Override
    public void received(PGNotification[] notices) {
        for (PGNotification n : notices) {
            forget(n.getParameter());
        }
    }

    @Override
    public void deaf() {
        held.stopHolding();
    }

    private void forget(String directoryId) {
        try {
            held.forget(UUID.fromString(directoryId));
        } catch (IllegalArgumentException e) {
            held.forgetAll(); // not a directory id: forget everything
        }
    }
}
