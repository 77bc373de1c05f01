package dev.tether.boot;

import dev.tether.platform.JwtKeyFiles;
import io.quarkus.bootstrap.graal.ImageInfo;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Entry point of the packaged server. Without an external database it starts an embedded
 * PostgreSQL in the data folder first, so that one command gives a working Tether.
 * Dev mode calls this main too (on every live reload); tests do not, they bring their own database.
 */
@QuarkusMain
public class TetherLauncher {

    static final String DEFAULT_DATA_DIR = ".tether";

    public static void main(String... args) throws Exception {
        if (args.length > 0 && args[0].equals(AdminTokenCommand.NAME)) {
            System.exit(AdminTokenCommand.run(dataDir(), java.util.Arrays.copyOfRange(args, 1, args.length),
                    System.out, System.err));
            return;
        }
        if (configured("QUARKUS_DATASOURCE_JDBC_URL", "quarkus.datasource.jdbc.url")) {
            Quarkus.run(args);
            return;
        }
        // The embedded database unpacks and runs JVM-side binaries; a native executable always
        // runs against an external PostgreSQL, so it stops here with the settings to give.
        if (ImageInfo.inImageRuntimeCode()) {
            System.err.println("Tether: the native executable needs an external PostgreSQL; set"
                    + " QUARKUS_DATASOURCE_JDBC_URL, QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD.");
            System.exit(1);
            return;
        }
        runWithEmbeddedDatabase(args);
    }

    private static void runWithEmbeddedDatabase(String... args) throws Exception {
        Path dataDir = dataDir();
        System.out.println("Tether: no external database configured; starting embedded PostgreSQL in "
                + dataDir.resolve("pgdata"));
        EmbeddedDatabase database = EmbeddedDatabase.start(dataDir.resolve("pgdata"), dataDir.resolve("postgres.log"),
                dataDir.resolve("postgres-password"));

        CountDownLatch quarkusStopped = new CountDownLatch(1);
        // On Ctrl+C or SIGTERM Quarkus stops in its own hook; PostgreSQL goes after it, so
        // the connection pool closes cleanly and no server process outlives the JVM.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                // longer than quarkus.shutdown.delay + quarkus.shutdown.timeout, so requests finish first
                quarkusStopped.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            database.close();
            System.out.println("Tether stopped.");
        }, "tether-embedded-postgres-stop"));

        System.setProperty("quarkus.datasource.jdbc.url", database.jdbcUrl());
        System.setProperty("quarkus.datasource.username", EmbeddedDatabase.USER);
        System.setProperty("quarkus.datasource.password", database.password());
        // A demo on a developer's machine: reachable from this machine only, readable log
        // lines, webhooks to a receiver on this machine, and Swagger UI to try the API. Each
        // yields to an explicit setting (a system property would outrank the environment
        // variable, so it is only set when neither is given).
        setUnlessConfigured("quarkus.http.host", "127.0.0.1");
        setUnlessConfigured("quarkus.management.host", "127.0.0.1");
        setUnlessConfigured("quarkus.log.console.json.enabled", "false");
        setUnlessConfigured("tether.webhooks.allow-private-targets", "true");
        setUnlessConfigured("quarkus.swagger-ui.enabled", "true");
        // the demo's printed operator token lives a year; `./tether token --days` up to ten
        setUnlessConfigured("tether.admin-jwt.max-lifetime", "3660d");
        // no load balancer to drain: Ctrl+C stops at once
        setUnlessConfigured("quarkus.shutdown.delay-enabled", "false");
        System.setProperty("tether.data-dir", dataDir.toString());
        System.setProperty("tether.quick-start", "true");
        if (!configured("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "mp.jwt.verify.publickey.location")
                && !configured("MP_JWT_VERIFY_PUBLICKEY", "mp.jwt.verify.publickey")
                && !configured("SMALLRYE_JWT_VERIFY_KEY_LOCATION", "smallrye.jwt.verify.key.location")) {
            Path publicKey = JwtKeyFiles.ensure(QuickStartDemo.jwtFolder(dataDir));
            System.setProperty("mp.jwt.verify.publickey.location", publicKey.toUri().toString());
        }

        AtomicInteger exitCode = new AtomicInteger();
        Quarkus.run(RunUntilStopped.class, (code, failure) -> exitCode.set(code), args);
        quarkusStopped.countDown();
        if (LaunchMode.current() == LaunchMode.DEVELOPMENT) {
            // Live reload stops the app and calls main again in the same JVM; that call finds
            // the datasource property set above and reuses this database. The shutdown hook
            // stops it when dev mode ends.
            return;
        }
        database.close();
        System.exit(exitCode.get());
    }

    /** The data folder: TETHER_DATA_DIR, else -Dtether.data-dir, else ./.tether. */
    static Path dataDir() {
        String value = System.getenv("TETHER_DATA_DIR");
        if (value == null || value.isBlank()) {
            value = System.getProperty("tether.data-dir");
        }
        if (value == null || value.isBlank()) {
            value = DEFAULT_DATA_DIR;
        }
        return Path.of(value).toAbsolutePath().normalize();
    }

    private static void setUnlessConfigured(String property, String value) {
        String environmentVariable = property.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
        if (!configured(environmentVariable, property)) {
            System.setProperty(property, value);
        }
    }

    private static boolean configured(String environmentVariable, String systemProperty) {
        String env = System.getenv(environmentVariable);
        String property = System.getProperty(systemProperty);
        return (env != null && !env.isBlank()) || (property != null && !property.isBlank());
    }

    /** Serves until Ctrl+C, SIGTERM or Quarkus.asyncExit(). */
    public static class RunUntilStopped implements QuarkusApplication {
        @Override
        public int run(String... args) {
            Quarkus.waitForExit();
            return 0;
        }
    }
}
