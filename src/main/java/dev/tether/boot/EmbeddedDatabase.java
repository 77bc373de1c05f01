package dev.tether.boot;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The quick start's PostgreSQL: real server binaries (zonky), data kept in a fixed folder so
 * it survives restarts. Only used when no external database is configured. The cluster
 * requires a password (scram-sha-256, never {@code trust}): any local user could otherwise
 * connect to it as the superuser. The password is made on the first start and kept in a file
 * beside the cluster, readable only by its owner.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";
    private static final Pattern TRUST = Pattern.compile("(?m)^(\\s*(?:local|host)\\S*\\s.*\\s)trust\\s*$");

    private final EmbeddedPostgres postgres;
    private final String password;

    private EmbeddedDatabase(EmbeddedPostgres postgres, String password) {
        this.postgres = postgres;
        this.password = password;
    }

    /**
     * Starts PostgreSQL on the data folder, creating the cluster only when the folder is new.
     * The server's own log goes to {@code logFile}: the console is for Tether's output. The
     * password is read from {@code passwordFile}, made there when missing.
     */
    public static EmbeddedDatabase start(Path dataDirectory, Path logFile, Path passwordFile) throws IOException {
        Files.createDirectories(dataDirectory);
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        String password = ensurePassword(passwordFile);
        ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(logFile.toFile());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                // initdb takes these after zonky's own "-A trust", so they win: a new cluster
                // requires the password from its first start
                .setLocaleConfig("auth", "scram-sha-256")
                .setLocaleConfig("pwfile", passwordFile.toAbsolutePath().toString())
                .setConnectConfig("password", password)
                // the launcher stops the server after Quarkus has closed its connections
                .setRegisterShutdownHook(false)
                .setOutputRedirector(log)
                .setErrorRedirector(log)
                .start();
        EmbeddedDatabase database = new EmbeddedDatabase(postgres, password);
        database.requirePassword(dataDirectory.resolve("pg_hba.conf"));
        return database;
    }

    /** A cluster made by an earlier version trusted every local connection: it gets the password now. */
    private void requirePassword(Path hba) throws IOException {
        String rules = Files.readString(hba);
        if (!TRUST.matcher(rules).find()) {
            return;
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("ALTER ROLE " + USER + " PASSWORD '" + password.replace("'", "''") + "'");
            Files.writeString(hba, TRUST.matcher(rules).replaceAll("$1scram-sha-256"));
            statement.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IOException("could not set the embedded PostgreSQL's password", e);
        }
    }

    private static String ensurePassword(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readAllLines(file, StandardCharsets.UTF_8).get(0).strip();
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".new");
        Files.write(partial, List.of(password), StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the folder's own permissions apply
        }
        Files.move(partial, file);
        return password;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
    }

    public String password() {
        return password;
    }

    /** Stops the server; safe to call more than once and from several threads. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
