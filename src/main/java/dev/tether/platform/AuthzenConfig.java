package dev.tether.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the AuthZEN decision point (docs/authzen.md). */
@ConfigMapping(prefix = "tether.authzen")
public interface AuthzenConfig {

    /**
     * Longest a permit may be cached by an enforcement point: {@code valid_until} is the earliest
     * expiry on the chain, but never later than this from the decision, so a cache that missed a
     * revocation event still asks again within this bound.
     */
    @WithDefault("5m")
    Duration permitTtl();

    /** Most evaluations one {@code access/v1/evaluations} request may carry. */
    @WithDefault("1000")
    int evaluationsMax();
}
