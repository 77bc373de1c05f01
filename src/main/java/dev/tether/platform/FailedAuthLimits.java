package dev.tether.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Limits on failed SCIM authentications (token buckets, one per source address and one per
 * directory). Every key is in the configuration table (docs/configuration.md).
 */
@ConfigMapping(prefix = "tether.scim.failed-auth")
public interface FailedAuthLimits {

    /** Failed authentications one source address may make in a burst before it gets 429. */
    @WithDefault("20")
    int perSourceBurst();

    /** Failed authentications per second a source address earns back. */
    @WithDefault("1")
    double perSourcePerSecond();

    /** Failed authentications against one directory (from any source) in a burst before unknown tokens get 429. */
    @WithDefault("100")
    int perDirectoryBurst();

    /** Failed authentications per second a directory earns back. */
    @WithDefault("10")
    double perDirectoryPerSecond();

    /** Most buckets held per kind; past it, new sources (or directories) share one bucket. */
    @WithDefault("10000")
    int maxTracked();
}
