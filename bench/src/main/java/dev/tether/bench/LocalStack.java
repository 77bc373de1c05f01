package dev.tether.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The system under test when no --scim-base-url is given: a PostgreSQL of its own (real server
 * binaries, production-like settings: durable commits, a real shared_buffers) and the packaged
 * Tether in its production profile, started as `java -jar target/quarkus-app/quarkus-run.jar`
 * with the settings README's "Using an external PostgreSQL" and "Operations" name.
 */
final class LocalStack implements AutoCloseable {

    static final String DB = "tether";
    static final String DB_USER = "tether";

    /** PostgreSQL settings of the run; everything else is PostgreSQL's default. */
    static final Map<String, String> POSTGRES_SETTINGS = new LinkedHashMap<>();

    static {
        POSTGRES_SETTINGS.put("synchronous_commit", "on"); // zonky's default is off; production's is on
        POSTGRES_SETTINGS.put("fsync", "on");
        POSTGRES_SETTINGS.put("full_page_writes", "on");
        POSTGRES_SETTINGS.put("max_connections", "200");
        POSTGRES_SETTINGS.put("shared_buffers", "2GB");
        POSTGRES_SETTINGS.put("effective_cache_size", "8GB");
        POSTGRES_SETTINGS.put("work_mem", "16MB");
        POSTGRES_SETTINGS.put("maintenance_work_mem", "512MB");
        POSTGRES_SETTINGS.put("wal_buffers", "16MB");
        POSTGRES_SETTINGS.put("max_wal_size", "8GB");
        POSTGRES_SETTINGS.put("checkpoint_timeout", "15min");
        POSTGRES_SETTINGS.put("checkpoint_completion_target", "0.9");
        POSTGRES_SETTINGS.put("random_page_cost", "1.1");
        POSTGRES_SETTINGS.put("shared_preload_libraries", "pg_stat_statements");
        POSTGRES_SETTINGS.put("pg_stat_statements.max", "2000");
        // planning is counted too: a statement planned on every call shows plans = calls
        POSTGRES_SETTINGS.put("pg_stat_statements.track_planning", "on");
        POSTGRES_SETTINGS.put("track_io_timing", "on");
    }

    final EmbeddedPostgres postgres;
    final Process tether;
    final String baseUrl;
    /** The management interface (health, metrics): its own port. */
    final String managementUrl;
    final String adminJwt;
    final Path work;

    private LocalStack(EmbeddedPostgres postgres, Process tether, String baseUrl, String managementUrl, String adminJwt,
            Path work) {
        this.managementUrl = managementUrl;
        this.postgres = postgres;
        this.tether = tether;
        this.baseUrl = baseUrl;
        this.adminJwt = adminJwt;
        this.work = work;
    }

    static LocalStack start(Options o) throws Exception {
        Path work = o.work.toAbsolutePath().normalize();
        deleteRecursively(work);
        Files.createDirectories(work);
        Path jar = o.repo.resolve("target/quarkus-app/quarkus-run.jar").toAbsolutePath().normalize();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build Tether first (bench/run does)");
        }

        System.out.println("Starting PostgreSQL (embedded binaries) in " + work.resolve("pgdata"));
        ProcessBuilder.Redirect pgLog = ProcessBuilder.Redirect.appendTo(work.resolve("postgres.log").toFile());
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(work.resolve("pgdata"))
                .setCleanDataDirectory(true)
                .setPGStartupWait(Duration.ofSeconds(120))
                .setOutputRedirector(pgLog)
                .setErrorRedirector(pgLog);
        POSTGRES_SETTINGS.forEach(builder::setServerConfig);
        EmbeddedPostgres pg = builder.start();
        try {
            CpuMeter.postmasterPid = Long.parseLong(Files.readAllLines(work.resolve("pgdata/postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            System.out.println("  (postmaster pid unknown: no PostgreSQL CPU figures)");
        }
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + DB_USER + " LOGIN PASSWORD '" + DB_USER + "'");
            s.execute("CREATE DATABASE " + DB + " OWNER " + DB_USER);
        }
        try (Connection c = pg.getDatabase("postgres", DB).getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION pg_stat_statements");
        }

        Path keyFile = work.resolve("admin-jwt/public-key.pem");
        KeyPair keys = AdminApi.keyPair(keyFile);
        int port = freePort();
        int managementPort = freePort();
        Path data = work.resolve("tether-data");
        Files.createDirectories(data);

        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String opt : o.tetherJvmOpts.trim().split("\\s+")) {
            if (!opt.isEmpty()) {
                cmd.add(opt);
            }
        }
        if (o.jfr) {
            cmd.add("-XX:StartFlightRecording=filename=" + work.resolve("tether.jfr") + ",settings=profile,dumponexit=true");
        }
        cmd.add("-jar");
        cmd.add(jar.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("tether.log").toFile()));
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:" + pg.getPort() + "/" + DB);
        env.put("QUARKUS_DATASOURCE_USERNAME", DB_USER);
        env.put("QUARKUS_DATASOURCE_PASSWORD", DB_USER);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", keyFile.toUri().toString());
        env.put("TETHER_DATA_DIR", data.toString());
        env.put("TETHER_PUBLIC_BASE_URL", "http://127.0.0.1:" + port);
        // the webhook receiver of S6/S7 listens on loopback
        env.put("TETHER_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true");
        System.out.println("Starting Tether (production profile) on port " + port + ": " + String.join(" ", cmd));
        long startedAt = System.nanoTime();
        Process tether = pb.start();
        CpuMeter.tetherPid = tether.pid();
        String base = "http://127.0.0.1:" + port;
        LocalStack stack = new LocalStack(pg, tether, base, "http://127.0.0.1:" + managementPort,
                AdminApi.operatorJwt(keys), work);
        try {
            stack.awaitReady(Duration.ofSeconds(180));
            stack.readySeconds = (System.nanoTime() - startedAt) / 1e9;
            System.out.printf(java.util.Locale.ROOT, "  ready %.2f s after the process started%n", stack.readySeconds);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    /** From the process's start to the first 200 from /q/health/ready (a fresh database: every migration runs). */
    double readySeconds;

    String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database + "?user=postgres";
    }

    int postgresPort() {
        return postgres.getPort();
    }

    Connection superuser(String database) throws SQLException {
        return postgres.getDatabase("postgres", database).getConnection();
    }

    /** Each table's row writes when {@link #statements} last ran: what the next call subtracts. */
    private final Map<String, long[]> writesBefore = new java.util.HashMap<>();

    /**
     * Rows inserted, updated (and how many of those were HOT: a new row version on the same page,
     * with no new index entry) and deleted per table since the last call. The database's own
     * counters are not reset: autovacuum decides by them.
     */
    private String tableWrites(Statement s) throws SQLException {
        StringBuilder b = new StringBuilder("\ntable | inserted | updated | of which HOT | deleted\n");
        try (java.sql.ResultSet rs = s.executeQuery(
                "SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del FROM pg_stat_user_tables ORDER BY relname")) {
            while (rs.next()) {
                long[] now = {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)};
                long[] before = writesBefore.getOrDefault(rs.getString(1), new long[4]);
                writesBefore.put(rs.getString(1), now);
                if (now[0] - before[0] + now[1] - before[1] + now[3] - before[3] > 0) {
                    b.append(rs.getString(1)).append(" | ").append(now[0] - before[0]).append(" | ")
                            .append(now[1] - before[1]).append(" | ").append(now[2] - before[2]).append(" | ")
                            .append(now[3] - before[3]).append('\n');
                }
            }
        }
        return b.toString();
    }

    /**
     * Writes the statements PostgreSQL spent most time on since the last call (pg_stat_statements)
     * to pg-statements-<label>.txt in the run folder, then resets the counters: where a scenario's
     * database time went.
     */
    void statements(String label) {
        try (Connection c = superuser(DB); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("""
                     SELECT calls, round(total_exec_time::numeric, 1) AS total_ms,
                            round(mean_exec_time::numeric, 3) AS mean_ms, rows,
                            shared_blks_hit + shared_blks_read AS blocks,
                            regexp_replace(query, '\\s+', ' ', 'g') AS query,
                            plans, round(total_plan_time::numeric, 1) AS plan_ms
                     FROM pg_stat_statements ORDER BY total_exec_time + total_plan_time DESC LIMIT 30""")) {
            StringBuilder b = new StringBuilder("calls | total ms | mean ms | rows | blocks | plans | plan ms | query\n");
            while (rs.next()) {
                String q = rs.getString(6);
                b.append(rs.getLong(1)).append(" | ").append(rs.getBigDecimal(2)).append(" | ")
                        .append(rs.getBigDecimal(3)).append(" | ").append(rs.getLong(4)).append(" | ")
                        .append(rs.getLong(5)).append(" | ").append(rs.getLong(7)).append(" | ")
                        .append(rs.getBigDecimal(8)).append(" | ").append(q.length() > 600 ? q.substring(0, 600) + "…" : q)
                        .append('\n');
            }
            b.append(tableWrites(s));
            Files.writeString(work.resolve("pg-statements-" + label + ".txt"), b.toString());
            s.execute("SELECT pg_stat_statements_reset()");
        } catch (SQLException | IOException e) {
            System.out.println("  (pg_stat_statements: " + e.getMessage() + ")");
        }
    }

    private void awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!tether.isAlive()) {
                throw new IllegalStateException("Tether exited with " + tether.exitValue() + "; see "
                        + work.resolve("tether.log"));
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(managementUrl + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    System.out.println("Tether is ready at " + baseUrl);
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(20); // the ready time is reported: poll finely
        }
        throw new IllegalStateException("Tether was not ready within " + timeout + "; see " + work.resolve("tether.log"));
    }

    @Override
    public void close() {
        if (tether.isAlive()) {
            tether.destroy(); // SIGTERM: Quarkus' graceful shutdown
            try {
                if (!tether.waitFor(40, TimeUnit.SECONDS)) {
                    tether.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            postgres.close();
        } catch (IOException e) {
            System.out.println("PostgreSQL stop: " + e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
