package dev.tether.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Time-limited links (setup, subscriber portal, review). Every key is in the configuration table (docs/configuration.md). */
@ConfigMapping(prefix = "tether.links")
public interface LinksConfig {

    /** A link's lifetime when its maker does not say. */
    @WithDefault("24h")
    Duration defaultLifetime();

    /** The longest lifetime a link may be given; longer asks are refused. */
    @WithDefault("7d")
    Duration maxLifetime();
}
