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
 * moves the current secret to {@code previous_secret} as it is.) An SSF subscription's push
 * Authorization header value rests the same way, under a context of its own.
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

    /** The text to store for an SSF subscription's push Authorization header value. */
    String sealPushAuthorization(UUID id, String header) {
        return header == null ? null : keys.seal(header, pushAuthorizationContext(id));
    }

    /** The push Authorization header value stored for subscription {@code id}; a value still in clear as it is. */
    String openPushAuthorization(UUID id, String stored) {
        return stored == null ? null : keys.open(stored, pushAuthorizationContext(id));
    }

    private static String context(UUID id) {
        return "tether webhook signing secret|subscriptions|" + id;
    }

    // its own context: a sealed signing secret copied into this column (or back) does not open
    private static String pushAuthorizationContext(UUID id) {
        return "tether ssf push authorization|subscriptions|" + id;
    }
}
