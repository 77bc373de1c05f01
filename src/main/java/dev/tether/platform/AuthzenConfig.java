package dev.tether.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/** Settings of the AuthZEN decision point (docs/authzen.md). */
@ConfigMapping(prefix = "tether.authzen")
public interface AuthzenConfig {

    /**
     * Longest a permit may be cached by an enforcement point: {@code valid_until} is the earliest
     * expiry on the chain, but never later than this from the decision, so a cache that missed a
     * revocation event still asks again within this bound.
     */
    @WithDefault("5m")
    @DurationMin(seconds = 1)
    @DurationMax(hours = 24)
    Duration permitTtl();

    /** Most evaluations one {@code access/v1/evaluations} request may carry. */
    @WithDefault("1000")
    @Min(1)
    @Max(100_000)
    int evaluationsMax();
}
