package dev.tether.lineage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of agents, delegations and credentials. */
@ConfigMapping(prefix = "tether.lineage")
public interface LineageConfig {

    /** Most time between an expiresAt passing and the revocation (the expiry job's period). */
    @WithDefault("30s")
    String expiryBound();

    /** Most credentials one status request may ask about. */
    @WithDefault("1000")
    int statusBatchMax();
}
