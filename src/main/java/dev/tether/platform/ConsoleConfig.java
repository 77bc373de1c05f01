package dev.tether.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The operator console's sessions and sign-in. Every key is in the configuration table (docs/configuration.md). */
@ConfigMapping(prefix = "tether.console")
public interface ConsoleConfig {

    /** A session not used for this long ends. */
    @WithDefault("30m")
    Duration idleTimeout();

    /** A session ends this long after sign-in, however busy. */
    @WithDefault("12h")
    Duration absoluteTimeout();

    /** How long the quick start's printed one-time sign-in link stays usable. */
    @WithDefault("1h")
    Duration signInLinkLifetime();

    Oidc oidc();

    /** Sign-in with the operator's OpenID Connect provider (quarkus.oidc.* names the provider). */
    interface Oidc {
        /** The ID token claim that holds the person's roles or groups (a list or one string). */
        @WithDefault("groups")
        String rolesClaim();

        /** The value of that claim that makes a person an operator (may change everything). */
        @WithDefault("tether-operator")
        String operatorValue();

        /** The value that makes a person an auditor (sees every page, changes nothing). */
        @WithDefault("tether-auditor")
        String auditorValue();

        /** The claim shown as the person's name; the subject when absent. */
        @WithDefault("name")
        String nameClaim();
    }
}
