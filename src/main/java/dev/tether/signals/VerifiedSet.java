package dev.tether.signals;

import java.time.Instant;
import java.util.Map;

/**
 * A Security Event Token whose signature, issuer, audience, time and shape were checked.
 *
 * @param raw    the compact JWS as received, kept as evidence on the audit trail
 * @param claims every claim, as JSON values (maps, lists, strings, numbers)
 * @param events event type URI → payload, in the SET's order
 */
record VerifiedSet(String raw, String issuer, String jti, Instant issuedAt, Map<String, Object> claims,
        Map<String, Object> events) {
}
