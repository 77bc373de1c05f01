package dev.tether.directory;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * What a directory's IdP connection has done, as the console's directory pages and the setup
 * page show it: SCIM requests and errors answered over the last 24 hours (whole hours), the last
 * request and the client that sent it, the last successful read and user write, and the last
 * error with the SCIM error it was answered with. All times null until the IdP has sent such a
 * request.
 */
public record ConnectionHealth(UUID directoryId, long requests24h, long errors24h,
                               Instant lastRequestAt, String lastMethod, String lastResource, Integer lastStatus,
                               String lastUserAgent, Instant lastReadAt, Instant lastUserWriteAt,
                               Instant lastErrorAt, String lastErrorMethod, String lastErrorResource,
                               Integer lastErrorStatus, String lastErrorScimType, String lastErrorDetail) {

    /** A directory whose IdP has not called yet. */
    public static ConnectionHealth none(UUID directoryId) {
        return new ConnectionHealth(directoryId, 0, 0, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    /** The identity provider the last request's client looks like; null when unknown or never seen. */
    public String idp() {
        return idpOf(lastUserAgent);
    }

    /**
     * The identity provider a SCIM client's User-Agent names, by the words each one's
     * provisioning client is known to put there; null when none matches.
     */
    public static String idpOf(String userAgent) {
        if (userAgent == null) {
            return null;
        }
        String ua = userAgent.toLowerCase(Locale.ROOT);
        if (ua.contains("okta")) {
            return "Okta";
        }
        if (ua.contains("azure") || ua.contains("entra") || ua.contains("microsoft") || ua.contains("aad")) {
            return "Microsoft Entra ID";
        }
        if (ua.contains("onelogin")) {
            return "OneLogin";
        }
        if (ua.contains("jumpcloud")) {
            return "JumpCloud";
        }
        if (ua.contains("google")) {
            return "Google Workspace";
        }
        if (ua.contains("ping")) {
            return "Ping Identity";
        }
        return null;
    }
}
