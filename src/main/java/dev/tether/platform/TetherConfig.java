package dev.tether.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.Optional;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

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
    Optional<@Pattern(regexp = "https?://[^\\s?#]+", message = "must be an absolute http(s) URL without query or fragment") String> publicBaseUrl();

    /**
     * The quick start's data folder: embedded PostgreSQL data (pgdata/) and the generated
     * admin JWT key pair (jwt/). Read by the launcher before Quarkus starts, so it can also
     * be given as TETHER_DATA_DIR.
     */
    @WithDefault(".tether")
    @NotBlank
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
        @DurationMin(millis = 100)
        @DurationMax(hours = 1)
        Duration reloadInterval();
    }
}
