package dev.tether.boot;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.Optional;

/**
 * Tether's own settings. Every key is documented in README's configuration table; bad values
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
}
