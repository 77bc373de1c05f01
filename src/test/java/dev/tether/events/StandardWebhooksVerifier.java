package dev.tether.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a Standard Webhooks signature the way a receiver would, written from the spec and
 * sharing no code with Tether's signer.
 */
public final class StandardWebhooksVerifier {

    private StandardWebhooksVerifier() {
    }

    /** True when any {@code v1,} signature in the header is the HMAC of id.timestamp.body under the secret. */
    public static boolean verifies(WebhookReceiver.Received r, String whsecSecret) {
        try {
            byte[] key = Base64.getDecoder().decode(whsecSecret.substring("whsec_".length()));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            String signed = r.header("webhook-id") + "." + r.header("webhook-timestamp") + "." + r.body();
            byte[] expected = mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
            for (String part : r.header("webhook-signature").split(" ")) {
                if (part.startsWith("v1,") && MessageDigest.isEqual(expected,
                        Base64.getDecoder().decode(part.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }
}
