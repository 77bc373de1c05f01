package dev.tether.boot;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The quick start's PostgreSQL: real server binaries (zonky), data kept in a fixed folder so
 * it survives restarts. Only used when no external database is configured.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts PostgreSQL on the data folder, creating the cluster only when the folder is new.
     * The server's own log goes to {@code logFile}: the console is for Tether's output.
     */
    public static EmbeddedDatabase start(Path dataDirectory, Path logFile) throws IOException {
        Files.createDirectories(dataDirectory);
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(logFile.toFile());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                // the launcher stops the server after Quarkus has closed its connections
                .setRegisterShutdownHook(false)
                .setOutputRedirector(log)
                .setErrorRedirector(log)
                .start();
        return new EmbeddedDatabase(postgres);
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl(USER, DATABASE);
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
