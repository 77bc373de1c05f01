package dev.tether.security;

import dev.tether.platform.Clock;
import dev.tether.platform.Sha256;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Admin JWTs that smallrye-jwt verified, held by the SHA-256 of the token so that an enforcement
 * point asking thousands of decisions a second with one token pays for the signature check and the
 * claim parsing once, not on every call. Only tokens that verified are held, each until its
 * {@code exp} or {@link #HELD} from its verification, whichever comes first: a key withdrawn from
 * the verification keys stops being honoured within {@link #HELD}. At most {@link #MAX_TOKENS} are
 * held; a full cache drops what expired, and if that is not enough starts over. The role and time
 * checks that follow verification (roles, {@link AdminJwtTimes}) still run on every request.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedAdminTokens implements JWTParser {

    static final Duration HELD = Duration.ofMinutes(5);
    static final int MAX_TOKENS = 10_000;

    private record Held(JsonWebToken token, long untilEpochSecond) {
    }

    private final DefaultJWTParser verifier;
    private final Clock clock;
    private final Map<String, Held> held = new ConcurrentHashMap<>();

    VerifiedAdminTokens(DefaultJWTParser verifier, Clock clock) {
        this.verifier = verifier;
        this.clock = clock;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        long now = clock.instant().getEpochSecond();
        String key = digest(token);
        Held h = held.get(key);
        if (h != null) {
            if (now < h.untilEpochSecond()) {
                return h.token();
            }
            held.remove(key, h);
        }
        JsonWebToken verified = verifier.parse(token);
        long exp = verified.getExpirationTime();
        long until = Math.min(exp == 0 ? Long.MAX_VALUE : exp, now + HELD.toSeconds());
        if (now < until) {
            makeRoom(now);
            held.put(key, new Held(verified, until));
        }
        return verified;
    }

    /** How many tokens are held now (for tests). */
    int size() {
        return held.size();
    }

    private void makeRoom(long now) {
        if (held.size() < MAX_TOKENS) {
            return;
        }
        held.values().removeIf(h -> h.untilEpochSecond() <= now);
        if (held.size() >= MAX_TOKENS) {
            held.clear();
        }
    }

    private static String digest(String token) {
        return HexFormat.of().formatHex(Sha256.of(token));
    }

    // ---- everything else is smallrye-jwt's, unchanged

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }
}
