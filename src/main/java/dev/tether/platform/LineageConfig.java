package dev.tether.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of agents, delegations and credentials. */
@ConfigMapping(prefix = "tether.lineage")
public interface LineageConfig {

    /**
     * Most time between an expiresAt passing and the revocation: the expiry job's period, read by
     * the scheduler as {@code ${tether.lineage.expiry-bound}}.
     */
    @WithDefault("30s")
    Duration expiryBound();

    /** Most credentials one status request may ask about. */
    @WithDefault("1000")
    int statusBatchMax();
}
