package dev.tether.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The ranges checked at start: every default is in range, and each kind of bad value is named by its key. */
class SettingBoundsTest {

    /** Reads the settings the way the server does, with the bounds registered; what the check refused. */
    private static List<String> problems(Map<String, String> values) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(values, "test", 500))
                .withConverter(Duration.class, 200, new DurationConverter()) // Quarkus's "30s", "7d"
                .withMapping(TetherConfig.class).withMapping(ScimLimits.class).withMapping(FailedAuthLimits.class)
                .withMapping(AdminJwtConfig.class).withMapping(AuthzenConfig.class).withMapping(ConsoleConfig.class)
                .withMapping(SignalsConfig.class).withMapping(LinksConfig.class).withMapping(ReviewsConfig.class)
                .withMapping(WebhooksConfig.class).withMapping(LineageConfig.class).withMapping(AuditConfig.class);
        new SettingBounds.Registration().configBuilder(builder);
        try {
            builder.build();
            return List.of();
        } catch (ConfigValidationException refused) {
            return IntStream.range(0, refused.getProblemCount())
                    .mapToObj(i -> refused.getProblem(i).getMessage()).toList();
        }
    }

    @Test
    void everyDefaultIsInRange() {
        assertEquals(List.of(), problems(Map.of()));
    }

    @Test
    void eachOutOfRangeValueIsNamedByItsKey() {
        Map<String, String> settings = Map.of(
                "tether.scim.max-page-size", "0",
                "tether.scim.filter-max-depth", "257",
                "tether.scim.token-hold", "6m",
                "tether.scim.failed-auth.per-source-per-second", "-0.5",
                "tether.console.oidc.roles-claim", " ",
                "tether.public-base-url", "https://tether.example/scim?x=1",
                "tether.signals.allowed-algorithms", "RS256,HS256",
                "tether.audit.seal-interval", "5ms");
        assertEquals(Set.of(
                "tether.scim.max-page-size must be at least 1 (it is 0)",
                "tether.scim.filter-max-depth must be at most 256 (it is 257)",
                "tether.scim.token-hold must be at most PT5M (it is PT6M)",
                "tether.scim.failed-auth.per-source-per-second must be at least 0.0 (it is -0.5)",
                "tether.console.oidc.roles-claim must not be blank (it is \" \")",
                "tether.public-base-url must be an absolute http(s) URL without query or fragment"
                        + " (it is \"https://tether.example/scim?x=1\")",
                "tether.signals.allowed-algorithms must list asymmetric JWS algorithms only (it is \"HS256\")",
                "tether.audit.seal-interval must be at least PT0.01S (it is PT0.005S)"),
                Set.copyOf(problems(settings)));
    }

    @Test
    void theEdgesOfARangeAreInIt() {
        assertEquals(List.of(), problems(Map.of(
                "tether.scim.filter-max-depth", "256",
                "tether.scim.members-in-write-response", "0",
                "tether.scim.token-hold", "0s",
                "tether.admin-jwt.leeway-seconds", "3600",
                "tether.public-base-url", "http://localhost:8080/tether")));
    }
}
