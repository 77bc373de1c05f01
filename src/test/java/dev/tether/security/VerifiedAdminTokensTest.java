package dev.tether.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tether.platform.Clock;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An admin JWT is verified once and then held by its hash: the next request with the same token
 * does not verify it again, a token that failed is never held, and a held token is verified again
 * once its exp or the holding time has passed.
 */
class VerifiedAdminTokensTest {

    private KeyPair keys;
    private final AtomicInteger verified = new AtomicInteger();
    private final MovableClock clock = new MovableClock();
    private VerifiedAdminTokens tokens;

    static final class MovableClock extends Clock {
        Instant now = Instant.now();

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        DefaultJWTParser smallrye = new DefaultJWTParser(new JWTAuthContextInfo((RSAPublicKey) keys.getPublic(), "tether")) {
            @Override
            public JsonWebToken parse(String token) throws ParseException {
                verified.incrementAndGet();
                return super.parse(token);
            }
        };
        tokens = new VerifiedAdminTokens(smallrye, clock);
    }

    private String token(KeyPair by, Duration lifetime) {
        return Jwt.issuer("tether").subject("pep").groups(Set.of(AdminRoles.PEP)).expiresIn(lifetime).sign(by.getPrivate());
    }

    @Test
    void aVerifiedTokenIsNotVerifiedAgain() throws Exception {
        String jwt = token(keys, Duration.ofHours(1));
        JsonWebToken first = tokens.parse(jwt);
        JsonWebToken second = tokens.parse(jwt);
        assertSame(first, second);
        assertEquals(1, verified.get());
        assertEquals(Set.of(AdminRoles.PEP), second.getGroups());
    }

    @Test
    void aTokenThatFailsIsNeverHeld() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String stranger = token(generator.generateKeyPair(), Duration.ofHours(1));
        assertThrows(ParseException.class, () -> tokens.parse(stranger));
        assertThrows(ParseException.class, () -> tokens.parse(stranger));
        assertEquals(2, verified.get());
        assertEquals(0, tokens.size());
        // the same claims with the signature cut off: another hash, verified, refused
        String good = token(keys, Duration.ofHours(1));
        tokens.parse(good);
        String unsigned = good.substring(0, good.lastIndexOf('.') + 1);
        assertThrows(ParseException.class, () -> tokens.parse(unsigned));
    }

    @Test
    void aHeldTokenIsVerifiedAgainAfterItsExpOrTheHoldingTime() throws Exception {
        String shortLived = token(keys, Duration.ofMinutes(2));
        tokens.parse(shortLived);
        clock.now = clock.now.plus(Duration.ofMinutes(2)).plusSeconds(1);
        // past its exp: no longer held; smallrye-jwt (its own clock and leeway) decides again
        tokens.parse(shortLived);
        assertEquals(2, verified.get());

        clock.now = Instant.now();
        String longLived = token(keys, Duration.ofHours(1));
        tokens.parse(longLived);
        clock.now = clock.now.plus(VerifiedAdminTokens.HELD).plusSeconds(1);
        tokens.parse(longLived);
        assertEquals(4, verified.get());
    }
}
