package dev.tether.signals;

import dev.tether.platform.SignalsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each source's verification keys, fetched from its JWKS URI and nowhere else. A fetched set is
 * kept for {@code tether.signals.jwks-cache-ttl}; a {@code kid} it does not hold sets off one
 * fetch (a transmitter that rotated its key), at most once per
 * {@code tether.signals.jwks-refetch-interval}. Only public asymmetric keys are used: an
 * {@code oct} key in a JWKS is ignored.
 */
@ApplicationScoped
class SourceKeys {

    private record Fetched(String jwksUri, List<JsonWebKey> keys, long fetchedAtNanos) {
    }

    private final TransmitterHttp http;
    private final SignalsConfig config;
    private final Map<java.util.UUID, Fetched> cache = new ConcurrentHashMap<>();

    SourceKeys(TransmitterHttp http, SignalsConfig config) {
        this.http = http;
        this.config = config;
    }

    /**
     * The keys that may have signed a SET with this header; empty when the JWKS (fetched again if
     * the kid is unknown) holds none.
     *
     * @throws SignalRefusal invalid_key when the JWKS cannot be fetched or read
     */
    List<JsonWebKey> candidates(SignalSource source, JsonWebSignature jws) {
        Fetched known = cache.get(source.id());
        long now = System.nanoTime();
        if (known == null || !known.jwksUri().equals(source.jwksUri())
                || now - known.fetchedAtNanos() > config.jwksCacheTtl().toNanos()) {
            known = fetch(source, now);
        }
        List<JsonWebKey> keys = select(jws, known.keys());
        if (keys.isEmpty() && now - known.fetchedAtNanos() >= config.jwksRefetchInterval().toNanos()) {
            // an unknown kid: the transmitter may have rotated its key since the last fetch
            known = fetch(source, now);
            keys = select(jws, known.keys());
        }
        return keys;
    }

    /** Forgets a source's keys (it was deleted or its JWKS URI changed). */
    void forget(java.util.UUID sourceId) {
        cache.remove(sourceId);
    }

    /** The public keys (never an oct key) that match the JWS's alg family and kid. */
    private static List<JsonWebKey> select(JsonWebSignature jws, List<JsonWebKey> keys) {
        List<JsonWebKey> asymmetric = keys.stream().filter(k -> k instanceof PublicJsonWebKey).toList();
        try {
            return new VerificationJwkSelector().selectList(jws, asymmetric);
        } catch (JoseException e) {
            return List.of();
        }
    }

    private Fetched fetch(SignalSource source, long now) {
        TransmitterHttp.Reply reply;
        try {
            reply = http.get(source.jwksUri(), Map.of("Accept", "application/jwk-set+json, application/json"));
        } catch (IOException e) {
            throw new SignalRefusal(SignalRefusal.INVALID_KEY, "the source's JWKS could not be fetched: " + e.getMessage());
        }
        if (!reply.ok()) {
            throw new SignalRefusal(SignalRefusal.INVALID_KEY, "the source's JWKS answered " + reply.status());
        }
        List<JsonWebKey> keys;
        try {
            keys = new JsonWebKeySet(reply.body()).getJsonWebKeys();
        } catch (JoseException | RuntimeException e) {
            String body = reply.body() == null ? "" : reply.body();
            // what came back, so an operator can tell an empty answer from a page that is not a JWKS
            throw new SignalRefusal(SignalRefusal.INVALID_KEY, "the source's JWKS is not a JWK Set (HTTP "
                    + reply.status() + ", " + (reply.contentType() == null ? "no Content-Type" : reply.contentType())
                    + ", " + body.length() + " characters" + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        Fetched fetched = new Fetched(source.jwksUri(), keys, now);
        cache.put(source.id(), fetched);
        return fetched;
    }
}
