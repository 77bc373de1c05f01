package dev.tether.signals;

import dev.tether.platform.Clock;
import dev.tether.platform.SignalsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

/**
 * Checks a Security Event Token before it may have any effect (RFC 8417, RFC 8935, OpenID SSF
 * 1.0): a JWS (never unsigned, never encrypted here), an allowed asymmetric {@code alg}, {@code typ}
 * secevent+jwt, the source's {@code iss}, a signature by a key of the source's JWKS, the source's
 * audience in {@code aud}, {@code iat} within the allowed window, a {@code jti}, no {@code sub}
 * (the subject is {@code sub_id}), and at least one event of a known type. Each refusal carries
 * its RFC 8935 error code.
 */
@ApplicationScoped
class SetVerification {

    private static final String TYP = "secevent+jwt";

    private final SourceKeys keys;
    private final SignalsConfig config;
    private final Clock clock;

    SetVerification(SourceKeys keys, SignalsConfig config, Clock clock) {
        this.keys = keys;
        this.config = config;
        this.clock = clock;
    }

    VerifiedSet verify(SignalSource source, String token) {
        if (token == null || token.isBlank()) {
            throw invalidRequest("the body is empty; a SET (compact JWS) was expected");
        }
        token = token.strip();
        if (token.getBytes(StandardCharsets.UTF_8).length > config.maxSetBytes()) {
            throw invalidRequest("the SET is larger than " + config.maxSetBytes() + " bytes");
        }
        JsonWebStructure parsed;
        try {
            parsed = JsonWebStructure.fromCompactSerialization(token);
        } catch (JoseException | RuntimeException e) {
            throw invalidRequest("the body is not a compact JWS");
        }
        if (parsed instanceof JsonWebEncryption || !(parsed instanceof JsonWebSignature jws)) {
            throw invalidRequest("encrypted SETs are not accepted; send a signed SET");
        }
        String alg = jws.getAlgorithmHeaderValue();
        if (alg == null || alg.equalsIgnoreCase("none")) {
            throw invalidRequest("unsigned SETs (alg none) are not accepted");
        }
        if (!config.allowedAlgorithms().contains(alg)) {
            throw new SignalRefusal(SignalRefusal.INVALID_KEY, "alg " + alg + " is not allowed; allowed: "
                    + String.join(", ", config.allowedAlgorithms()));
        }
        String typ = jws.getHeader("typ");
        if (typ == null || !(typ.equalsIgnoreCase(TYP) || typ.equalsIgnoreCase("application/" + TYP))) {
            throw invalidRequest("typ must be " + TYP + ", not " + typ);
        }
        JwtClaims claims;
        try {
            claims = JwtClaims.parse(jws.getUnverifiedPayload());
        } catch (Exception e) {
            throw invalidRequest("the SET's payload is not a JSON object of claims");
        }
        try {
            return check(source, jws, alg, token, claims);
        } catch (MalformedClaimException e) {
            throw invalidRequest("a claim has the wrong type: " + e.getMessage());
        }
    }

    private VerifiedSet check(SignalSource source, JsonWebSignature jws, String alg, String token, JwtClaims claims)
            throws MalformedClaimException {
        Object iss = claims.getClaimValue("iss");
        if (!source.issuer().equals(iss)) {
            throw new SignalRefusal(SignalRefusal.INVALID_ISSUER, "iss " + quoted(iss) + " is not this source's issuer");
        }
        checkSignature(source, jws, alg);
        List<String> audience = claims.hasClaim("aud") ? claims.getAudience() : List.of();
        if (!audience.contains(source.audience())) {
            throw new SignalRefusal(SignalRefusal.INVALID_AUDIENCE, "aud " + audience
                    + " does not name this receiver (" + source.audience() + ")");
        }
        NumericDate iat = claims.getIssuedAt();
        if (iat == null) {
            throw invalidRequest("iat is required");
        }
        Instant issued = Instant.ofEpochSecond(iat.getValue());
        Instant now = clock.instant();
        if (issued.isAfter(now.plus(config.clockSkew()))) {
            throw invalidRequest("iat is in the future");
        }
        if (issued.isBefore(now.minus(config.maxAge()))) {
            throw invalidRequest("iat is older than " + config.maxAge().toString().substring(2).toLowerCase(Locale.ROOT));
        }
        if (claims.hasClaim("sub")) {
            throw invalidRequest("a SET carries no sub claim; the subject goes in sub_id");
        }
        Object jti = claims.getClaimValue("jti");
        if (!(jti instanceof String id) || id.isBlank() || id.length() > 256) {
            throw invalidRequest("jti is required (a string of at most 256 characters)");
        }
        Object events = claims.getClaimValue("events");
        if (!(events instanceof Map<?, ?> map) || map.isEmpty()) {
            throw invalidRequest("events is required: a JSON object holding at least one event");
        }
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof Map)) {
                throw invalidRequest("the payload of event " + e.getKey() + " is not a JSON object");
            }
            ordered.put(String.valueOf(e.getKey()), e.getValue());
        }
        if (ordered.keySet().stream().noneMatch(SignalEvents::known)) {
            throw invalidRequest("none of the SET's event types is known: " + ordered.keySet());
        }
        return new VerifiedSet(token, source.issuer(), id, issued, claims.getClaimsMap(), ordered);
    }

    private void checkSignature(SignalSource source, JsonWebSignature jws, String alg) {
        List<JsonWebKey> candidates = keys.candidates(source, jws);
        if (candidates.isEmpty()) {
            throw new SignalRefusal(SignalRefusal.INVALID_KEY, "no key of the source's JWKS matches"
                    + (jws.getKeyIdHeaderValue() == null ? "" : " kid " + jws.getKeyIdHeaderValue()));
        }
        for (JsonWebKey candidate : candidates) {
            try {
                jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, alg));
                jws.setKey(((PublicJsonWebKey) candidate).getPublicKey());
                if (jws.verifySignature()) {
                    return;
                }
            } catch (JoseException | RuntimeException e) {
                // a key of the wrong shape for this alg: try the next
            }
        }
        throw new SignalRefusal(SignalRefusal.INVALID_KEY, "the signature does not verify with the source's keys");
    }

    private static SignalRefusal invalidRequest(String description) {
        return new SignalRefusal(SignalRefusal.INVALID_REQUEST, description);
    }

    private static String quoted(Object s) {
        return s == null ? "(none)" : "\"" + s + "\"";
    }
}
