package dev.tether.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;

/** Limits on admin API JWTs beyond their signature. Every key is in the configuration table (docs/configuration.md). */
@ConfigMapping(prefix = "tether.admin-jwt")
public interface AdminJwtConfig {

    /**
     * Clock difference tolerated between the token issuer and Tether, in seconds: for {@code iat}
     * in the future here, and (through smallrye.jwt.verify.clock-skew) for {@code exp} and {@code nbf}.
     */
    @WithDefault("60")
    @Min(0)
    @Max(3600)
    int leewaySeconds();

    /** Longest a token may still be valid for: {@code exp} further than this (plus the leeway) from now is refused. */
    @WithDefault("24h")
    @DurationMin(seconds = 1)
    Duration maxLifetime();
}
