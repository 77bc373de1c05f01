package dev.tether.security;

import dev.tether.platform.AdminJwtConfig;
import dev.tether.platform.Clock;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Refuses admin JWTs whose times make no sense even though their signature is good: issued in
 * the future (beyond the leeway), or valid for longer than {@code tether.admin-jwt.max-lifetime}
 * from now. smallrye-jwt checks {@code exp} and {@code nbf} against the past, not these: a
 * token minted with a stolen or misused key for years ahead would otherwise be accepted for
 * years. A refusal is the admin API's usual 401 problem detail.
 */
@ApplicationScoped
public class AdminJwtTimes implements SecurityIdentityAugmentor {

    private final AdminJwtConfig config;
    private final Clock clock;

    public AdminJwtTimes(AdminJwtConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        String refusal = refusal(jwt.getIssuedAtTime(), jwt.getExpirationTime(), clock.instant());
        return refusal == null ? Uni.createFrom().item(identity)
                : Uni.createFrom().failure(new AuthenticationFailedException(refusal));
    }

    /** Why tokens with these {@code iat} and {@code exp} (epoch seconds, 0 when absent) are refused now; null when they are not. */
    String refusal(long issuedAt, long expiresAt, Instant now) {
        long leeway = config.leewaySeconds();
        if (issuedAt == 0) {
            return "the token has no iat";
        }
        if (issuedAt > now.getEpochSecond() + leeway) {
            return "the token is issued in the future";
        }
        if (expiresAt == 0 || expiresAt > now.getEpochSecond() + config.maxLifetime().toSeconds() + leeway) {
            return "the token is valid for longer than tether.admin-jwt.max-lifetime";
        }
        return null;
    }
}
