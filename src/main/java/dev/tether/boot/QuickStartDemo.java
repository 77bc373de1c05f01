package dev.tether.boot;

import dev.tether.audit.AuditEntry;
import dev.tether.audit.AuditLog;
import dev.tether.directory.Directories;
import dev.tether.directory.Directory;
import dev.tether.directory.IssuedScimToken;
import dev.tether.directory.ScimTokens;
import dev.tether.platform.Cause;
import dev.tether.platform.JwtKeyFiles;
import dev.tether.platform.TetherConfig;
import dev.tether.security.AdminRoles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * On the quick start's first run (empty database) creates a demo directory with a SCIM token
 * and an operator JWT, and prints them once with curl examples. Later runs print nothing
 * secret: the token is only known at creation. The directory and its token are audited like an
 * operator's, with actor {@code system} / {@code quick-start}: Tether made them, no person asked.
 */
@ApplicationScoped
public class QuickStartDemo {

    private static final Logger LOG = Logger.getLogger(QuickStartDemo.class);
    static final Duration ADMIN_TOKEN_LIFETIME = Duration.ofDays(365);
    /** Who the demo directory's and token's audit records name. */
    static final Cause.Actor ACTOR = new Cause.Actor("system", "quick-start");

    @Inject
    TetherConfig config;

    @Inject
    Directories directories;

    @Inject
    ScimTokens tokens;

    @Inject
    AuditLog audit;

    @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080")
    int httpPort;

    @ConfigProperty(name = "mp.jwt.verify.issuer", defaultValue = "tether")
    String issuer;

    static Path jwtFolder(Path dataDir) {
        return dataDir.resolve("jwt");
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.quickStart()) {
            return;
        }
        if (directories.count() > 0) {
            LOG.infof("Quick start: using the existing data in %s", config.dataDir());
            return;
        }
        Demo demo = createDemo();
        IssuedScimToken scimToken = demo.token();
        String base = config.publicBaseUrl().map(QuickStartDemo::withoutTrailingSlash)
                .orElse("http://localhost:" + httpPort);
        System.out.println(banner(base, base + "/scim/v2/" + demo.directory().id, scimToken.token(), adminToken()));
    }

    record Demo(Directory directory, IssuedScimToken token) {
    }

    /** The demo directory and its token, with their audit records, in one transaction. */
    Demo createDemo() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Cause cause = new Cause(ACTOR, null, null, null, UUID.randomUUID());
            Directory directory = directories.create("Demo directory");
            audit.appendAfterOrmWrites(AuditEntry.of(directory.id, "directory.create").target("Directory", directory.id)
                    .detail("name", directory.name).cause(cause));
            IssuedScimToken token = tokens.issue(directory.id, "quick start demo", null);
            audit.appendAfterOrmWrites(AuditEntry.of(directory.id, "token.issue").target("ScimToken", token.id())
                    .cause(cause));
            return new Demo(directory, token);
        });
    }

    /** Signed with the key the launcher generated; absent when verification uses the operator's own key. */
    private Optional<String> adminToken() {
        Path privateKey = jwtFolder(Path.of(config.dataDir())).resolve(JwtKeyFiles.PRIVATE_KEY_FILE);
        if (!Files.exists(privateKey)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Jwt.issuer(issuer)
                    .subject("quick-start-operator")
                    .groups(Set.of(AdminRoles.OPERATOR))
                    .expiresIn(ADMIN_TOKEN_LIFETIME)
                    .sign(JwtKeyFiles.readPrivateKey(privateKey)));
        } catch (IOException e) {
            LOG.warnf(e, "Quick start: could not sign an admin token with %s", privateKey);
            return Optional.empty();
        }
    }

    static String banner(String base, String scimBaseUrl, String scimToken, Optional<String> adminToken) {
        String admin = adminToken.orElse("<an operator JWT signed by your configured key>");
        return """

                ==================================================================================
                 Tether quick start: a demo directory was created. These secrets are shown ONCE.
                ==================================================================================
                 SCIM base URL : %2$s
                 SCIM token    : %3$s
                 Admin token   : %4$s
                                 (operator JWT, valid %5$d days)

                 export SCIM_TOKEN='%3$s'
                 export ADMIN_TOKEN='%4$s'

                 # SCIM, as an identity provider calls it
                 curl -H "Authorization: Bearer $SCIM_TOKEN" %2$s/Users

                 # Admin API: list directories, create one, issue a SCIM token for it
                 curl -H "Authorization: Bearer $ADMIN_TOKEN" %1$s/admin/v1/directories
                 curl -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \\
                      -d '{"name":"Acme Entra ID"}' %1$s/admin/v1/directories
                 curl -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \\
                      -d '{"description":"Entra"}' %1$s/admin/v1/directories/<id>/tokens
                ==================================================================================
                """.formatted(base, scimBaseUrl, scimToken, admin, ADMIN_TOKEN_LIFETIME.toDays());
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
