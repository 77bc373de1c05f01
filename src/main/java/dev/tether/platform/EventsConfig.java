package dev.tether.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the event outbox, the pull feed and SSF. Every key is in the configuration table (docs/configuration.md). */
@ConfigMapping(prefix = "tether.events")
public interface EventsConfig {

    /** How long events (and their deliveries) are kept before the purge removes them. */
    @WithDefault("P90D")
    Duration retention();

    /** Most events one feed page returns. */
    @WithDefault("1000")
    int feedMaxLimit();

    Ssf ssf();

    interface Ssf {
        /** The SET `iss` and the metadata `issuer`; defaults to tether.public-base-url, else the request's base URL. */
        Optional<String> issuer();

        /** Folder with private-key.pem/public-key.pem (RSA ≥ 2048) signing SETs; made on first start when absent. */
        Optional<String> keyFolder();

        /** Further public keys (PEM files) published in the JWKS, e.g. the previous key during a rotation. */
        Optional<List<String>> additionalPublicKeys();
    }
}
