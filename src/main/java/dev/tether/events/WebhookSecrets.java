package dev.tether.events;

import dev.tether.platform.EnvelopeKeyFolder;
import dev.tether.platform.TetherConfig;
import dev.tether.platform.WebhooksConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The Standard Webhooks signing secrets as they rest in {@code subscriptions}: sealed under the
 * webhook keys (envelope AES-GCM, {@link EnvelopeKeyFolder}) kept outside the database, bound to
 * their subscription, so a database backup alone cannot sign a webhook and a sealed secret
 * copied to another subscription does not open. (Bound to the row, not the column: rotation
 * moves the current secret to {@code previous_secret} as it is.)
 */
@ApplicationScoped
public class WebhookSecrets {

    private final EnvelopeKeyFolder keys;

    public WebhookSecrets(WebhooksConfig webhooks, TetherConfig tether) {
        Path folder = Path.of(webhooks.encryptionKeyFolder().orElse(Path.of(tether.dataDir(), "webhook-keys").toString()));
        this.keys = EnvelopeKeyFolder.open("webhook secret", folder, tether.keys().reloadInterval());
    }

    /** The text to store for {@code secret} of subscription {@code id}. */
    String seal(UUID id, String secret) {
        return secret == null ? null : keys.seal(secret, context(id));
    }

    /** The secret stored for subscription {@code id}; a value still in clear (before the start sealed it) as it is. */
    String open(UUID id, String stored) {
        return stored == null ? null : keys.open(stored, context(id));
    }

    /** True when the stored text needs sealing: in clear, or sealed under a key that is no longer the primary. */
    boolean needsSealing(String stored) {
        return stored != null && !keys.sealedWithPrimary(stored);
    }

    static boolean isSealed(String stored) {
        return EnvelopeKeyFolder.isSealed(stored);
    }

    private static String context(UUID id) {
        return "tether webhook signing secret|subscriptions|" + id;
    }
}
