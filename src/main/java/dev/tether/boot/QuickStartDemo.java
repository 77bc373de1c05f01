package dev.tether.boot;

import dev.tether.audit.AuditEntry;
import dev.tether.audit.AuditLog;
import dev.tether.directory.Directories;
import dev.tether.directory.Directory;
import dev.tether.directory.IssuedScimToken;
import dev.tether.directory.ScimTokens;
import dev.tether.platform.Cause;
import dev.tether.platform.ConsoleConfig;
import dev.tether.platform.JwtKeyFiles;
import dev.tether.platform.TetherConfig;
import dev.tether.security.AdminRoles;
import dev.tether.security.LinkKind;
import dev.tether.security.TimeLimitedLinks;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
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
    /** In the data folder: the banner's values as shell exports. */
    static final String ENV_FILE = "quick-start.env";
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

    @Inject
    TimeLimitedLinks links;

    @Inject
    ConsoleConfig console;

    @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080")
    int httpPort;

    @ConfigProperty(name = "quarkus.http.host", defaultValue = "127.0.0.1")
    String httpHost;

    @ConfigProperty(name = "mp.jwt.verify.issuer", defaultValue = "tether")
    String issuer;

    static Path jwtFolder(Path dataDir) {
        return dataDir.resolve("jwt");
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.quickStart()) {
            return;
        }
        String host = httpHost.equals("0.0.0.0") || httpHost.equals("::") ? "localhost"
                : httpHost.contains(":") ? "[" + httpHost + "]" : httpHost;
        String base = config.publicBaseUrl().map(QuickStartDemo::withoutTrailingSlash)
                .orElse("http://" + host + ":" + httpPort);
        if (directories.count() > 0) {
            LOG.infof("Quick start: using the existing data in %s", config.dataDir());
            System.out.println(signInBanner(consoleSignInLink(base), console.signInLinkLifetime()));
            return;
        }
        Demo demo = createDemo();
        IssuedScimToken scimToken = demo.token();
        String scimBaseUrl = base + "/scim/v2/" + demo.directory().id;
        Optional<String> adminToken = adminToken();
        Path envFile = Path.of(config.dataDir()).resolve(ENV_FILE);
        try {
            writeEnvFile(envFile, base, demo.directory().id, scimBaseUrl, scimToken.token(), adminToken);
        } catch (IOException e) {
            LOG.warnf("Quick start: could not write %s (%s); copy the values from the banner", envFile, e.getMessage());
        }
        System.out.println(banner(base, demo.directory().id, scimBaseUrl, scimToken.token(), adminToken));
        System.out.println(signInBanner(consoleSignInLink(base), console.signInLinkLifetime()));
    }

    /**
     * A fresh one-time link into the console, on every start of the quick start: opening it signs
     * the browser in as the local operator. Made and used are audit records (operator trail).
     */
    String consoleSignInLink(String base) {
        Cause cause = new Cause(ACTOR, null, null, null, UUID.randomUUID());
        return base + "/link/" + links.issue(LinkKind.SIGN_IN, null, console.signInLinkLifetime(), cause).token();
    }

    static String signInBanner(String link, Duration lifetime) {
        return """
                 Console: open this one-time sign-in link in your browser (it works once, in the
                 next %2$d minutes; every start prints a new one):
                 %1$s
                ==================================================================================
                """.formatted(link, lifetime.toMinutes());
    }

    /** The banner's values as shell exports, for `source` (readable by the owner only). */
    static void writeEnvFile(Path file, String base, UUID directoryId, String scimBaseUrl, String scimToken,
            Optional<String> adminToken) throws IOException {
        StringBuilder env = new StringBuilder()
                .append("# Tether quick start: the demo directory's values, written once at its creation.\n")
                .append("export TETHER='").append(base).append("'\n")
                .append("export DIRECTORY_ID='").append(directoryId).append("'\n")
                .append("export SCIM_BASE_URL='").append(scimBaseUrl).append("'\n")
                .append("export SCIM_TOKEN='").append(scimToken).append("'\n");
        adminToken.ifPresent(token -> env.append("export ADMIN_TOKEN='").append(token).append("'\n"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(partial);
        try {
            Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(partial);
        }
        Files.writeString(partial, env);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    }

    record Demo(Directory directory, IssuedScimToken token) {
    }

    /** The demo directory and its token, with their audit records, in one transaction. */
    Demo createDemo() {
        return QuarkusTransaction.requiringNew().call(() -> {
            Cause cause = new Cause(ACTOR, null, null, null, UUID.randomUUID());
            Directory directory = directories.create("Demo directory");
            audit.append(AuditEntry.of(directory.id, "directory.create").target("Directory", directory.id)
                    .detail("name", directory.name).cause(cause));
            IssuedScimToken token = tokens.issue(directory.id, "quick start demo", null);
            audit.append(AuditEntry.of(directory.id, "token.issue").target("ScimToken", token.id())
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

    static String banner(String base, UUID directoryId, String scimBaseUrl, String scimToken, Optional<String> adminToken) {
        String admin = adminToken.orElse("(none: verification uses your own key; mint operator JWTs with it)");
        String adminExport = adminToken.map(token -> " export ADMIN_TOKEN='" + token + "'\n").orElse("");
        return """

                ==================================================================================
                 Tether quick start: a demo directory was created. The secrets below are shown
                 only here and in %6$s (owner-only; delete it once saved).
                ==================================================================================
                 SCIM base URL : %2$s
                 SCIM token    : %3$s
                 Admin token   : %4$s
                                 (tether-operator JWT: every admin call, valid %5$d days)

                 export TETHER='%1$s'
                 export DIRECTORY_ID='%7$s'
                 export SCIM_TOKEN='%3$s'
                %8$s
                 # SCIM, as an identity provider calls it
                 curl -H "Authorization: Bearer $SCIM_TOKEN" %2$s/Users

                 # Admin API: list directories, issue another SCIM token for the demo directory
                 curl -H "Authorization: Bearer $ADMIN_TOKEN" %1$s/admin/v1/directories
                 curl -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \\
                      -d '{"description":"Entra"}' %1$s/admin/v1/directories/%7$s/tokens

                 # More: README.md, "Walkthrough"
                ==================================================================================
                """.formatted(base, scimBaseUrl, scimToken, admin, ADMIN_TOKEN_LIFETIME.toDays(), ENV_FILE,
                directoryId, adminExport);
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
