package dev.tether.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database's own limit on this machine: pgbench on the same PostgreSQL, 32 clients, each
 * transaction one INSERT of a ~1 KB jsonb user document into a table with a unique index on
 * its userName (and a uuid primary key), as close to S1's core write as SQL gets.
 */
final class PgBench {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");

    private PgBench() {
    }

    static Optional<Path> find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, "pgbench");
            if (!dir.isEmpty() && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        try (DirectoryStream<Path> versions = Files.newDirectoryStream(Path.of("/usr/lib/postgresql"))) {
            for (Path v : versions) {
                Path p = v.resolve("bin/pgbench");
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        } catch (IOException e) {
            // not a Debian layout
        }
        return Optional.empty();
    }

    static void run(LocalStack stack, Options o, Report report, UserFactory users) throws Exception {
        Optional<Path> pgbench = find();
        if (pgbench.isEmpty()) {
            report.note("BASELINE skipped: no pgbench on this machine (Debian: apt-get install postgresql-client; "
                    + "bench/run installs it when run as root)");
            return;
        }
        try (Connection c = stack.superuser("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE pgbench_baseline");
        }
        try (Connection c = stack.superuser("pgbench_baseline"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE bench_docs (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), doc jsonb NOT NULL)");
            s.execute("CREATE UNIQUE INDEX bench_docs_user_name ON bench_docs (lower(doc->>'userName'))");
        }
        // A user document as S1 sends it, with no ':' before a letter or digit: pgbench would read
        // ":name" as a variable (so the URNs become urn-ietf-..., and casts are CAST(... AS ...)).
        String doc = users.user("pgbench", 1, "9b2f3c1e-4d5a-4b6c-8d7e-0f1a2b3c4d5e")
                .replace("\":", "\": ")
                .replaceAll(":(?=[A-Za-z0-9_])", "-");
        Path script = stack.work.resolve("pgbench-insert.sql");
        Files.writeString(script, "INSERT INTO bench_docs (doc) VALUES (jsonb_set(CAST('" + doc
                + "' AS jsonb), '{userName}', to_jsonb(CAST(gen_random_uuid() AS text))));\n");
        report.info.put("baselineDocumentBytes", doc.length());
        System.out.println("BASELINE pgbench (" + pgbench.get() + "), " + o.clients + " clients, insert of a "
                + doc.length() + "-byte jsonb document with a unique index");
        pgbenchRun(pgbench.get(), stack, o, script, Math.max(2, o.warmupSeconds / 2));
        List<Double> tps = new ArrayList<>();
        List<Double> latency = new ArrayList<>();
        List<Map<String, Object>> details = new ArrayList<>();
        for (int i = 0; i < o.runs; i++) {
            CpuMeter cpu = CpuMeter.start();
            double[] r = pgbenchRun(pgbench.get(), stack, o, script, o.pgbenchSeconds);
            CpuMeter.Usage u = cpu.stop();
            tps.add(r[0]);
            latency.add(r[1]);
            Map<String, Object> d = new TreeMap<>();
            d.put("tps", r[0]);
            d.put("latencyAverageMs", r[1]);
            d.put("cpu", u.describe());
            details.add(d);
            System.out.printf("  run %d: %.0f tps, latency average %.2f ms; cpu %s%n", i + 1, r[0], r[1], u);
        }
        report.add("BASELINE", "pgbench inserts", null, "tx/s", tps, Map.of("runs", details));
        report.add("BASELINE", "pgbench latency average", null, "ms", latency, null);
    }

    /** {tps, average latency ms} of one pgbench run. */
    private static double[] pgbenchRun(Path pgbench, LocalStack stack, Options o, Path script, double seconds)
            throws IOException, InterruptedException {
        List<String> cmd = List.of(pgbench.toString(), "-n", "-M", "prepared", "-c", Integer.toString(o.clients),
                "-j", Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors())),
                "-T", Long.toString(Math.max(1, Math.round(seconds))), "-f", script.toString(),
                "-h", "localhost", "-p", Integer.toString(stack.postgresPort()), "-U", "postgres", "pgbench_baseline");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        int code = p.waitFor();
        Matcher tps = TPS.matcher(out);
        Matcher lat = LATENCY.matcher(out);
        if (code != 0 || !tps.find()) {
            throw new IllegalStateException("pgbench failed (" + code + "):\n"
                    + out.lines().limit(8).reduce("", (x, y) -> x + y + "\n"));
        }
        return new double[] {Double.parseDouble(tps.group(1)), lat.find() ? Double.parseDouble(lat.group(1)) : Double.NaN};
    }
}
