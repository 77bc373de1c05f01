package dev.tether.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/** Time-limited links (setup, subscriber portal, review). Every key is in the configuration table (docs/configuration.md). */
@ConfigMapping(prefix = "tether.links")
public interface LinksConfig {

    /** A link's lifetime when its maker does not say. */
    @WithDefault("24h")
    @DurationMin(minutes = 1)
    Duration defaultLifetime();

    /** The longest lifetime a link may be given; longer asks are refused. */
    @WithDefault("7d")
    @DurationMin(minutes = 1)
    @DurationMax(days = 30)
    Duration maxLifetime();
}
