package dev.tether.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Limits on admin API JWTs beyond their signature. Every key is in the configuration table (docs/configuration.md). */
@ConfigMapping(prefix = "tether.admin-jwt")
public interface AdminJwtConfig {

    /**
     * Clock difference tolerated between the token issuer and Tether, in seconds: for {@code iat}
     * in the future here, and (through smallrye.jwt.verify.clock-skew) for {@code exp} and {@code nbf}.
     */
    @WithDefault("60")
    int leewaySeconds();

    /** Longest a token may still be valid for: {@code exp} further than this (plus the leeway) from now is refused. */
    @WithDefault("24h")
    Duration maxLifetime();
}
