package dev.tether.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks signature: {@code v1,} + base64 HMAC-SHA256 over
 * {@code id.timestamp.body}, keyed with the base64-decoded part of {@code whsec_…}. With two
 * secrets (rotation overlap) the header carries both signatures, space separated.
 */
public final class StandardWebhookSignature {

    private StandardWebhookSignature() {
    }

    public static String header(String id, long timestampSeconds, String body, List<String> secrets) {
        List<String> parts = new ArrayList<>(secrets.size());
        for (String secret : secrets) {
            parts.add("v1," + sign(id, timestampSeconds, body, secret));
        }
        return String.join(" ", parts);
    }

    static String sign(String id, long timestampSeconds, String body, String secret) {
        String encoded = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(encoded), "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }
}
