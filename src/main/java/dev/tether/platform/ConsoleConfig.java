package dev.tether.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/** The operator console's sessions and sign-in. Every key is in the configuration table (docs/configuration.md). */
@ConfigMapping(prefix = "tether.console")
public interface ConsoleConfig {

    /** A session not used for this long ends. */
    @WithDefault("30m")
    @DurationMin(minutes = 1)
    @DurationMax(hours = 24)
    Duration idleTimeout();

    /** A session ends this long after sign-in, however busy. */
    @WithDefault("12h")
    @DurationMin(minutes = 1)
    @DurationMax(days = 7)
    Duration absoluteTimeout();

    /** How long the quick start's printed one-time sign-in link stays usable. */
    @WithDefault("1h")
    @DurationMin(minutes = 1)
    @DurationMax(days = 1)
    Duration signInLinkLifetime();

    Oidc oidc();

    /** Sign-in with the operator's OpenID Connect provider (quarkus.oidc.* names the provider). */
    interface Oidc {
        /** The ID token claim that holds the person's roles or groups (a list or one string). */
        @WithDefault("groups")
        @NotBlank
        String rolesClaim();

        /** The value of that claim that makes a person an operator (may change everything). */
        @WithDefault("tether-operator")
        @NotBlank
        String operatorValue();

        /** The value that makes a person an auditor (sees every page, changes nothing). */
        @WithDefault("tether-auditor")
        @NotBlank
        String auditorValue();

        /** The claim shown as the person's name; the subject when absent. */
        @WithDefault("name")
        @NotBlank
        String nameClaim();
    }
}
