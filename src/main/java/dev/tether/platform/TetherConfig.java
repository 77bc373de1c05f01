package dev.tether.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Tether's own settings. Every key is documented in the configuration table (docs/configuration.md); bad values
 * stop the server at start with a message naming the key.
 */
@ConfigMapping(prefix = "tether")
public interface TetherConfig {

    /**
     * The externally visible base URL (scheme, host, port, optional path) used to build
     * absolute SCIM base URLs. When absent, it is derived from each request.
     */
    Optional<String> publicBaseUrl();

    /**
     * The quick start's data folder: embedded PostgreSQL data (pgdata/) and the generated
     * admin JWT key pair (jwt/). Read by the launcher before Quarkus starts, so it can also
     * be given as TETHER_DATA_DIR.
     */
    @WithDefault(".tether")
    String dataDir();

    /**
     * Set by the launcher when it started the embedded database: on a first start (no
     * directories yet) a demo directory, SCIM token and admin JWT are created and printed.
     */
    @WithDefault("false")
    boolean quickStart();

    /** Tether's own signing keys (SETs, audit checkpoints), read from files. */
    Keys keys();

    interface Keys {
        /**
         * How often the key files are read again (at most; only when a key is used), so a
         * replaced file or an updated Kubernetes Secret takes effect without a restart.
         */
        @WithDefault("30s")
        Duration reloadInterval();
    }
}
