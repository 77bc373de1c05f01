package dev.tether.events;

import dev.tether.platform.Transactions;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * At every start, seals the webhook signing secrets (and SSF push Authorization header values)
 * that are not sealed under the current primary key: those stored in clear before encryption at
 * rest existed (a SQL migration cannot
 * do it: the key is not in the database), and those sealed under a key that has since been
 * rotated out of {@code primary.key}. Idempotent; replicas starting together serialise on the
 * row locks and the second finds nothing left to do. Until it has run, delivery opens a clear
 * value as it is, so nothing waits for it.
 */
@ApplicationScoped
public class WebhookSecretSealing {

    private static final Logger LOG = Logger.getLogger(WebhookSecretSealing.class);

    private final DataSource dataSource;
    private final Transactions transactions;
    private final WebhookSecrets secrets;

    WebhookSecretSealing(DataSource dataSource, Transactions transactions, WebhookSecrets secrets) {
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.secrets = secrets;
    }

    void onStart(@Observes StartupEvent event) {
        sealStoredSecrets();
    }

    /** Seals every secret that needs it; returns how many values were written. */
    public int sealStoredSecrets() {
        int[] counts = transactions.run(() -> {
            int clear = 0;
            int resealed = 0;
            try (Connection c = dataSource.getConnection();
                    PreparedStatement select = c.prepareStatement("""
                            SELECT id, secret, previous_secret, push_authorization FROM subscriptions
                             WHERE secret IS NOT NULL OR previous_secret IS NOT NULL OR push_authorization IS NOT NULL
                             ORDER BY id FOR UPDATE""");
                    PreparedStatement update = c.prepareStatement("UPDATE subscriptions SET secret = ?, "
                            + "previous_secret = ?, push_authorization = ? WHERE id = ?")) {
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        UUID id = rs.getObject("id", UUID.class);
                        String secret = rs.getString("secret");
                        String previous = rs.getString("previous_secret");
                        String pushAuthorization = rs.getString("push_authorization");
                        if (!secrets.needsSealing(secret) && !secrets.needsSealing(previous)
                                && !secrets.needsSealing(pushAuthorization)) {
                            continue;
                        }
                        for (String value : new String[] {secret, previous, pushAuthorization}) {
                            if (secrets.needsSealing(value)) {
                                if (WebhookSecrets.isSealed(value)) {
                                    resealed++;
                                } else {
                                    clear++;
                                }
                            }
                        }
                        update.setString(1, reseal(id, secret));
                        update.setString(2, reseal(id, previous));
                        update.setString(3, secrets.needsSealing(pushAuthorization) ? secrets.sealPushAuthorization(id,
                                secrets.openPushAuthorization(id, pushAuthorization)) : pushAuthorization);
                        update.setObject(4, id);
                        update.addBatch();
                    }
                }
                update.executeBatch();
            }
            return new int[] {clear, resealed};
        });
        if (counts[0] > 0 || counts[1] > 0) {
            LOG.infof("Webhook signing secrets at rest: encrypted %d stored in clear, re-encrypted %d under the"
                    + " current primary key", counts[0], counts[1]);
        }
        return counts[0] + counts[1];
    }

    private String reseal(UUID id, String stored) {
        return secrets.needsSealing(stored) ? secrets.seal(id, secrets.open(id, stored)) : stored;
    }
}
