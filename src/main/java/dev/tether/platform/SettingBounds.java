package dev.tether.platform;

import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilderCustomizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The range each of Tether's settings must lie in, checked when the server starts: a value out of
 * range stops it with a message naming every offending key. Plain code rather than Bean
 * Validation annotations on the mappings: those made Quarkus build a validator while it read the
 * configuration, about 0.7 s of every start.
 */
public final class SettingBounds {

    private final List<String> problems = new ArrayList<>();

    private SettingBounds() {
    }

    private void check(TetherConfig tether) {
        tether.publicBaseUrl().ifPresent(url -> matches("tether.public-base-url", url, "https?://[^\\s?#]+",
                "must be an absolute http(s) URL without query or fragment"));
        notBlank("tether.data-dir", tether.dataDir());
        between("tether.keys.reload-interval", tether.keys().reloadInterval(), Duration.ofMillis(100),
                Duration.ofHours(1));
    }

    private void check(ScimLimits scim) {
        atLeast("tether.scim.max-page-size", scim.maxPageSize(), 1);
        atLeast("tether.scim.bulk-max-operations", scim.bulkMaxOperations(), 1);
        atLeast("tether.scim.bulk-max-payload-bytes", scim.bulkMaxPayloadBytes(), 1024);
        atLeast("tether.scim.filter-max-length", scim.filterMaxLength(), 1);
        between("tether.scim.filter-max-depth", scim.filterMaxDepth(), 1, 256);
        between("tether.scim.max-string-length", scim.maxStringLength(), 1, 1_048_576);
        atLeast("tether.scim.members-in-write-response", scim.membersInWriteResponse(), 0);
        between("tether.scim.token-hold", scim.tokenHold(), Duration.ZERO, Duration.ofMinutes(5));
    }

    private void check(FailedAuthLimits failedAuth) {
        atLeast("tether.scim.failed-auth.per-source-burst", failedAuth.perSourceBurst(), 1);
        atLeast("tether.scim.failed-auth.per-source-per-second", failedAuth.perSourcePerSecond(), 0.0);
        atLeast("tether.scim.failed-auth.per-directory-burst", failedAuth.perDirectoryBurst(), 1);
        atLeast("tether.scim.failed-auth.per-directory-per-second", failedAuth.perDirectoryPerSecond(), 0.0);
        between("tether.scim.failed-auth.max-tracked", failedAuth.maxTracked(), 16, 10_000_000);
    }

    private void check(AdminJwtConfig adminJwt) {
        between("tether.admin-jwt.leeway-seconds", adminJwt.leewaySeconds(), 0, 3600);
        atLeast("tether.admin-jwt.max-lifetime", adminJwt.maxLifetime(), Duration.ofSeconds(1));
    }

    private void check(AuthzenConfig authzen) {
        between("tether.authzen.permit-ttl", authzen.permitTtl(), Duration.ofSeconds(1), Duration.ofHours(24));
        between("tether.authzen.evaluations-max", authzen.evaluationsMax(), 1, 100_000);
    }

    private void check(ConsoleConfig console) {
        between("tether.console.idle-timeout", console.idleTimeout(), Duration.ofMinutes(1), Duration.ofHours(24));
        between("tether.console.absolute-timeout", console.absoluteTimeout(), Duration.ofMinutes(1),
                Duration.ofDays(7));
        between("tether.console.sign-in-link-lifetime", console.signInLinkLifetime(), Duration.ofMinutes(1),
                Duration.ofDays(1));
        notBlank("tether.console.oidc.roles-claim", console.oidc().rolesClaim());
        notBlank("tether.console.oidc.operator-value", console.oidc().operatorValue());
        notBlank("tether.console.oidc.auditor-value", console.oidc().auditorValue());
        notBlank("tether.console.oidc.name-claim", console.oidc().nameClaim());
    }

    private void check(SignalsConfig signals) {
        notEmpty("tether.signals.allowed-algorithms", signals.allowedAlgorithms());
        signals.allowedAlgorithms().forEach(alg -> matches("tether.signals.allowed-algorithms", alg,
                "(RS|PS|ES)(256|384|512)", "must list asymmetric JWS algorithms only"));
        atLeast("tether.signals.max-age", signals.maxAge(), Duration.ofSeconds(1));
        between("tether.signals.max-set-bytes", signals.maxSetBytes(), 1024, 1_048_576);
        atLeast("tether.signals.poll-interval", signals.pollInterval(), Duration.ofSeconds(1));
        between("tether.signals.poll-max-events", signals.pollMaxEvents(), 1, 1000);
        atLeast("tether.signals.stream-status-interval", signals.streamStatusInterval(), Duration.ofSeconds(1));
        atLeast("tether.signals.fetch-timeout", signals.fetchTimeout(), Duration.ofMillis(100));
    }

    private void check(LinksConfig links) {
        atLeast("tether.links.default-lifetime", links.defaultLifetime(), Duration.ofMinutes(1));
        between("tether.links.max-lifetime", links.maxLifetime(), Duration.ofMinutes(1), Duration.ofDays(30));
    }

    private void check(ReviewsConfig reviews) {
        atLeast("tether.reviews.approval-interval", reviews.approvalInterval(), Duration.ofHours(1));
        atLeast("tether.reviews.job-period", reviews.jobPeriod(), Duration.ofMillis(10));
    }

    private void check(WebhooksConfig webhooks) {
        atLeast("tether.webhooks.sweep-interval", webhooks.sweepInterval(), Duration.ofMillis(10));
    }

    private void check(LineageConfig lineage) {
        atLeast("tether.lineage.expiry-bound", lineage.expiryBound(), Duration.ofMillis(10));
    }

    private void check(AuditConfig audit) {
        atLeast("tether.audit.seal-interval", audit.sealInterval(), Duration.ofMillis(10));
    }

    private void atLeast(String key, long value, long min) {
        if (value < min) {
            fail(key, "must be at least " + min, value);
        }
    }

    private void between(String key, long value, long min, long max) {
        atLeast(key, value, min);
        if (value > max) {
            fail(key, "must be at most " + max, value);
        }
    }

    private void atLeast(String key, double value, double min) {
        if (!(value >= min)) {
            fail(key, "must be at least " + min, value);
        }
    }

    private void atLeast(String key, Duration value, Duration min) {
        if (value.compareTo(min) < 0) {
            fail(key, "must be at least " + min, value);
        }
    }

    private void between(String key, Duration value, Duration min, Duration max) {
        atLeast(key, value, min);
        if (value.compareTo(max) > 0) {
            fail(key, "must be at most " + max, value);
        }
    }

    private void notBlank(String key, String value) {
        if (value.isBlank()) {
            fail(key, "must not be blank", "\"" + value + "\"");
        }
    }

    private void matches(String key, String value, String regex, String requirement) {
        if (!value.matches(regex)) {
            fail(key, requirement, "\"" + value + "\"");
        }
    }

    private void notEmpty(String key, List<?> values) {
        if (values.isEmpty()) {
            fail(key, "must not be empty", "an empty list");
        }
    }

    private void fail(String key, String requirement, Object actual) {
        problems.add(key + " " + requirement + " (it is " + actual + ")");
    }

    /**
     * Registered with the configuration builder (META-INF/services), so each mapping is checked as
     * it is read, before anything starts, the database included.
     */
    public static final class Registration implements SmallRyeConfigBuilderCustomizer {

        @Override
        public void configBuilder(SmallRyeConfigBuilder builder) {
            builder.withValidator(SettingBounds::checkMapping);
        }
    }

    private static void checkMapping(Class<?> type, String prefix, Object mapping) {
        SettingBounds bounds = new SettingBounds();
        if (mapping instanceof TetherConfig tether) {
            bounds.check(tether);
        } else if (mapping instanceof ScimLimits scim) {
            bounds.check(scim);
        } else if (mapping instanceof FailedAuthLimits failedAuth) {
            bounds.check(failedAuth);
        } else if (mapping instanceof AdminJwtConfig adminJwt) {
            bounds.check(adminJwt);
        } else if (mapping instanceof AuthzenConfig authzen) {
            bounds.check(authzen);
        } else if (mapping instanceof ConsoleConfig console) {
            bounds.check(console);
        } else if (mapping instanceof SignalsConfig signals) {
            bounds.check(signals);
        } else if (mapping instanceof LinksConfig links) {
            bounds.check(links);
        } else if (mapping instanceof ReviewsConfig reviews) {
            bounds.check(reviews);
        } else if (mapping instanceof WebhooksConfig webhooks) {
            bounds.check(webhooks);
        } else if (mapping instanceof LineageConfig lineage) {
            bounds.check(lineage);
        } else if (mapping instanceof AuditConfig audit) {
            bounds.check(audit);
        }
        if (!bounds.problems.isEmpty()) {
            throw new ConfigValidationException(bounds.problems.stream()
                    .map(ConfigValidationException.Problem::new).toArray(ConfigValidationException.Problem[]::new));
        }
    }
}
