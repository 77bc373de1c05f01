package dev.tether.signals;

import dev.tether.events.WebhookReceiver;
import dev.tether.lineage.FanOut;
import dev.tether.lineage.LineageApi;
import dev.tether.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Scenario S10: an IdP's SET pushed → the cascade committed → a loopback Standard Webhooks receiver
 * holding the last credential.revoked. One directory with one push source, as an IdP has: each
 * signal is about a user of its own, who delegated to agents holding N credentials (10 per agent,
 * as S7 and LeaverFanOutBench). For 1 credential: three
 * series of 100 signals, each series' median and p99, and the median of the three; for larger
 * fan-outs: the median of three runs. Before it, the pgbench baseline on the same PostgreSQL.
 *
 * <p>A measurement, not a test: it asserts nothing about time and is not in the build (Surefire
 * includes *Test, *Tests, *Properties). Run with bench/signal-latency.sh; sizes from
 * -Dsignal.bench.sizes (default 1,10000). The lineage beyond the user is written in SQL
 * ({@link FanOut}): 10 000 credentials through the API would take minutes per run and are not
 * what is measured.
 */
@QuarkusTest
class SignalLatencyBench {

    static final int SINGLE_SIGNALS = 100;
    static final int SERIES = 3;
    static final int PGBENCH_SECONDS = 10;
    static final int PGBENCH_CLIENTS = 32;

    @Inject
    DataSource dataSource;

    @Test
    void measure() throws Exception {
        baseline();
        String sizes = System.getProperty("signal.bench.sizes", "1,10000");
        try (TestTransmitter idp = new TestTransmitter();
                WebhookReceiver receiver = WebhookReceiver.started().respond(r -> WebhookReceiver.Reply.of(200))) {
            LineageApi api = LineageApi.create("bench-signal");
            String source = SignalReceiverTest.operator().body(Map.of("issuer", idp.issuer, "jwksUri", idp.jwksUri()))
                    .post(SignalReceiverTest.sources(api.dir().id())).then().statusCode(201).extract().asString();
            io.restassured.path.json.JsonPath s = io.restassured.path.json.JsonPath.from(source);
            String subscription = SignalReceiverTest.operator().body(Map.of("url", receiver.url(),
                    "format", "standard-webhooks", "directoryIds", List.of(api.dir().id()),
                    "eventTypes", List.of("credential.revoked")))
                    .post("/admin/v1/subscriptions").then().statusCode(201).extract().path("id");
            Signal signal = new Signal(api, idp, receiver, s.getString("pushEndpoint"), s.getString("authorizationHeader"),
                    s.getString("audience"));
            for (String size : sizes.split(",")) {
                int credentials = Integer.parseInt(size.trim());
                signal.once(credentials); // warm-up
                if (credentials == 1) {
                    List<Long> p99s = new ArrayList<>();
                    List<Long> medians = new ArrayList<>();
                    for (int series = 1; series <= SERIES; series++) {
                        List<Long> millis = new ArrayList<>();
                        for (int i = 0; i < SINGLE_SIGNALS; i++) {
                            millis.add(signal.once(1));
                        }
                        Collections.sort(millis);
                        long p99 = millis.get((int) Math.ceil(millis.size() * 0.99) - 1);
                        p99s.add(p99);
                        medians.add(millis.get(millis.size() / 2));
                        System.out.printf("SIGNAL-LATENCY 1 credential, series %d of %d signals: median %d ms, p99 %d ms,"
                                + " max %d ms%n", series, SINGLE_SIGNALS, millis.get(millis.size() / 2), p99,
                                millis.get(millis.size() - 1));
                    }
                    System.out.printf("SIGNAL-LATENCY 1 credential: median of %d series: median %d ms, p99 %d ms "
                            + "(p99s %s)%n", SERIES, median(medians), median(p99s), p99s);
                } else {
                    List<Long> millis = new ArrayList<>();
                    for (int run = 0; run < SERIES; run++) {
                        millis.add(signal.once(credentials));
                    }
                    System.out.printf("SIGNAL-LATENCY %d credentials: runs %s ms, median %d ms%n", credentials, millis,
                            median(millis));
                }
            }
            SignalReceiverTest.operator().delete("/admin/v1/subscriptions/" + subscription).then().statusCode(204);
        }
    }

    /** One directory's source, its transmitter, and the downstream receiver the revocations go to. */
    private final class Signal {
        final LineageApi api;
        final TestTransmitter idp;
        final WebhookReceiver receiver;
        final String endpoint;
        final String header;
        final String audience;
        int users;

        Signal(LineageApi api, TestTransmitter idp, WebhookReceiver receiver, String endpoint, String header,
                String audience) {
            this.api = api;
            this.idp = idp;
            this.receiver = receiver;
            this.endpoint = endpoint;
            this.header = header;
            this.audience = audience;
        }

        /** A new user → agents holding {@code credentials}; ms from the push to the last revocation received. */
        long once(int credentials) throws Exception {
            String name = "bench-signal-" + (++users);
            String email = name + "@example.com";
            String user = api.dir().scim().body(Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"),
                    "userName", name, "active", true, "emails", List.of(Map.of("value", email, "primary", true))))
                    .post(api.dir().path("/Users")).then().statusCode(201).extract().path("id");
            // as S7 and the leaver fan-out bench: agents of 10 credentials each (1 for a single credential)
            int perAgent = Math.min(10, credentials);
            FanOut.build(dataSource, UUID.fromString(api.dir().id()), UUID.fromString(user), credentials / perAgent,
                    perAgent);
            int before = receiver.received().size();
            String set = idp.sign(idp.claims(audience, TestTransmitter.RISC + "account-disabled",
                    TestTransmitter.email(email)));
            Instant start = Instant.now();
            SignalReceiverTest.push(endpoint, header, set).then().statusCode(202);
            WebhookReceiver.await(Duration.ofSeconds(300), credentials + " revocations",
                    () -> receiver.received().size() >= before + credentials);
            List<WebhookReceiver.Received> got = receiver.received();
            Instant last = got.subList(before, got.size()).stream().map(WebhookReceiver.Received::at)
                    .max(Instant::compareTo).orElseThrow();
            return Duration.between(start, last).toMillis();
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /**
     * The database's own speed on this machine in this run: pgbench on the tests' PostgreSQL, as
     * bench/run measures it (32 clients, each transaction one INSERT of a ~1 KB jsonb document
     * into a table with a unique index), three runs of 10 s and their median.
     */
    private void baseline() throws Exception {
        Path pgbench = pgbench();
        if (pgbench == null) {
            System.out.println("SIGNAL-LATENCY baseline skipped: no pgbench (Debian: apt-get install postgresql-client)");
            return;
        }
        int port = TestDatabase.postgres().getPort();
        try (Connection c = TestDatabase.postgres().getPostgresDatabase().getConnection();
                Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS pgbench_signal_baseline");
            st.execute("CREATE DATABASE pgbench_signal_baseline");
        }
        try (Connection c = TestDatabase.postgres().getDatabase("postgres", "pgbench_signal_baseline").getConnection();
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE bench_docs (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), doc jsonb NOT NULL)");
            st.execute("CREATE UNIQUE INDEX bench_docs_user_name ON bench_docs (lower(doc->>'userName'))");
        }
        String doc = "{\"userName\": \"x\", \"displayName\": \"Baseline User\", \"title\": \"" + "a".repeat(900) + "\"}";
        Path script = Files.createTempFile("pgbench-signal", ".sql");
        Files.writeString(script, "INSERT INTO bench_docs (doc) VALUES (jsonb_set(CAST('" + doc
                + "' AS jsonb), '{userName}', to_jsonb(CAST(gen_random_uuid() AS text))));\n");
        List<Long> tps = new ArrayList<>();
        for (int run = 0; run < SERIES; run++) {
            tps.add(Math.round(pgbenchRun(pgbench, port, script)));
        }
        System.out.printf("SIGNAL-LATENCY baseline pgbench, %d clients, %d s inserts of a %d-byte jsonb document with a"
                + " unique index: runs %s tx/s, median %d tx/s%n", PGBENCH_CLIENTS, PGBENCH_SECONDS, doc.length(), tps,
                median(tps));
    }

    private static double pgbenchRun(Path pgbench, int port, Path script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(pgbench.toString(), "-n", "-M", "prepared", "-c",
                Integer.toString(PGBENCH_CLIENTS), "-j", Integer.toString(Runtime.getRuntime().availableProcessors()),
                "-T", Integer.toString(PGBENCH_SECONDS), "-f", script.toString(), "-h", "localhost", "-p",
                Integer.toString(port), "-U", "postgres", "pgbench_signal_baseline").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        int code = p.waitFor();
        Matcher tps = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)").matcher(out);
        if (code != 0 || !tps.find()) {
            throw new IllegalStateException("pgbench failed (" + code + "): " + out);
        }
        return Double.parseDouble(tps.group(1));
    }

    private static Path pgbench() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, "pgbench");
            if (!dir.isEmpty() && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
