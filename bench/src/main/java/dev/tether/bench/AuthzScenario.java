package dev.tether.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * S8 decisions and S9 action ingest (Tether only). Probe chains of depth 3 (user → agent →
 * agent → agent, a credential on the last) are built through SCIM and the admin API; the
 * directory is then filled with other delegations (through SQL, a filler only: users, agents and
 * depth-1 delegations) up to each size of {@code --s8-sizes}.
 * <ul>
 * <li>S8: {@code evaluation} by credential handle on a random probe chain: closed loop with
 *     {@code --clients} clients (decisions/s, p50, p99), then open loop at {@code --s8-rate}
 *     per second (p99 measured from each request's intended start, so a stall is not hidden);
 * <li>S9: {@code POST …/actions} batches of 100 actions on random probe credentials, closed
 *     loop with 8 clients (actions/s); the audit sealer chains every one.
 * </ul>
 */
final class AuthzScenario {

    static final String AGENT = "urn:ietf:params:scim:schemas:core:2.0:Agent";
    static final String AUDIENCE = "https://pay.example.com";

    private final Options o;
    private final Report report;
    private final AdminApi admin;
    private final LocalStack stack;
    private final String runId;
    private final AtomicLong seq = new AtomicLong();
    private AdminApi.Directory dir;
    private Http scim;
    private Http api;
    private final List<String> handles = new ArrayList<>();
    private final List<String> credentialIds = new ArrayList<>();

    AuthzScenario(Options o, Report report, AdminApi admin, LocalStack stack, String runId) {
        this.o = o;
        this.report = report;
        this.admin = admin;
        this.stack = stack;
        this.runId = runId;
    }

    void run() throws Exception {
        dir = admin.directory("bench-s8-" + runId);
        scim = new Http(dir.scimBaseUrl(), dir.token(), Http.SCIM_JSON);
        api = new Http(stack.baseUrl, stack.adminJwt, "application/json");
        buildProbes(o.s8Probes);
        long filled = o.s8Probes * 3L;
        for (int size : o.s8Sizes) {
            if (size > filled) {
                fill(size - filled);
                filled = size;
            }
            if (o.runs("S8")) {
                decisions(size);
            }
        }
        if (o.runs("S9")) {
            ingest();
        }
    }

    private void buildProbes(int count) {
        long start = System.nanoTime();
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(i);
        }
        Load.each("S8-probes", Math.min(o.clients, 16), items, i -> {
            String user = id(Http.expect(scim.post("/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                    + "\"userName\":\"s8-" + runId + "-" + i + "\",\"active\":true}"), 201).body());
            String parent = null;
            String previous = user;
            String agent = null;
            for (int depth = 1; depth <= 3; depth++) {
                agent = id(Http.expect(scim.post("/Agents", "{\"schemas\":[\"" + AGENT + "\"],\"name\":\"s8-" + runId + "-"
                        + i + "-" + depth + "\",\"active\":true}"), 201).body());
                String body = "{\"delegator\":{\"type\":\"" + (depth == 1 ? "User" : "Agent") + "\",\"id\":\"" + previous
                        + "\"},\"agentId\":\"" + agent + "\",\"scopes\":[\"payments:write\",\"payments:read\"],\"audience\":\""
                        + AUDIENCE + "\"" + (parent == null ? "" : ",\"parentDelegationId\":\"" + parent + "\"") + "}";
                parent = id(Http.expect(api.post("/admin/v1/directories/" + dir.id() + "/delegations", body), 201).body());
                previous = agent;
            }
            String handle = "s8-key-" + runId + "-" + i;
            String credential = id(Http.expect(api.post("/admin/v1/directories/" + dir.id() + "/credentials",
                    "{\"agentId\":\"" + agent + "\",\"delegationId\":\"" + parent + "\",\"kind\":\"api_key\",\"externalId\":\""
                            + handle + "\",\"audience\":\"" + AUDIENCE + "\"}"), 201).body());
            synchronized (handles) {
                handles.add(handle);
                credentialIds.add(credential);
            }
        });
        System.out.printf("  built %d probe chains of depth 3 in %.1f s%n", count, (System.nanoTime() - start) / 1e9);
    }

    /** Filler: {@code count} more active depth-1 delegations in the directory, written as rows. */
    private void fill(long count) throws Exception {
        long start = System.nanoTime();
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(LocalStack.DB))) {
            c.setAutoCommit(false);
            UUID d = UUID.fromString(dir.id());
            try (PreparedStatement ps = c.prepareStatement("""
                    WITH n AS (SELECT gen_random_uuid() AS u, gen_random_uuid() AS a, gen_random_uuid() AS d,
                                      g FROM generate_series(1, ?) g),
                    users_in AS (INSERT INTO users (id, directory_id, user_name, active, doc, version, created_at, last_modified)
                        SELECT u, ?, 'filler-' || u, true, '{}'::jsonb, 1, now(), now() FROM n),
                    agents_in AS (INSERT INTO agents (id, directory_id, name, active, doc, version, created_at, last_modified)
                        SELECT a, ?, 'filler-' || a, true, '{}'::jsonb, 1, now(), now() FROM n)
                    INSERT INTO delegations (id, directory_id, delegator_type, delegator_id, agent_id, root_user_id, depth,
                        scopes, audience, kind, status, created_at, chain)
                    SELECT d, ?, 'User', u, a, u, 1, ARRAY['payments:write'], ?, 'grant', 'active', now(), ARRAY[d] FROM n
                    """)) {
                ps.setLong(1, count);
                ps.setObject(2, d);
                ps.setObject(3, d);
                ps.setObject(4, d);
                ps.setString(5, AUDIENCE);
                ps.executeUpdate();
            }
            c.commit();
            try (var s = c.createStatement()) {
                s.execute("ANALYZE users; ANALYZE agents; ANALYZE delegations");
            }
        }
        System.out.printf("  filled %,d delegations in %.1f s%n", count, (System.nanoTime() - start) / 1e9);
    }

    private String question() {
        String handle = handles.get(ThreadLocalRandom.current().nextInt(handles.size()));
        return "{\"subject\":{\"type\":\"credential\",\"id\":\"" + handle + "\"},\"action\":{\"name\":\"payments:write\"},"
                + "\"resource\":{\"type\":\"api\",\"id\":\"payments\",\"properties\":{\"audience\":\"" + AUDIENCE + "\"}}}";
    }

    private void decide() {
        Http.Response r = Http.expect(api.post("/authzen/" + dir.id() + "/access/v1/evaluation", question()), 200);
        if (!r.body().contains("\"decision\":true")) {
            throw new IllegalStateException("S8: a probe chain was denied: " + r.body());
        }
    }

    private void decisions(int size) throws Exception {
        System.out.printf("S8 decisions at %,d delegations: %d clients closed loop, then %d/s open loop%n", size, o.clients,
                o.s8Rate);
        Load.run("S8-warm", o.clients, o.warmupSeconds, Long.MAX_VALUE, (client, n) -> decide());
        stack.statements("discarded");
        List<Double> rate = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> openP99 = new ArrayList<>();
        for (int run = 0; run < o.runs; run++) {
            Load.Stats s = Load.run("S8", o.clients, o.runSeconds, Long.MAX_VALUE, (client, n) -> decide());
            System.out.println("  closed: " + s.summary());
            rate.add(s.throughput());
            p99.add(s.p99());
            double open = openLoop(o.s8Rate, o.runSeconds);
            openP99.add(open);
        }
        stack.statements("S8-" + size);
        report.add("S8", "decisions/s (" + o.clients + " clients)", (long) size, "/s", rate, null);
        report.add("S8", "closed-loop p99", (long) size, "ms", p99, null);
        report.add("S8", "open-loop p99 at " + o.s8Rate + "/s", (long) size, "ms", openP99, null);
    }

    /** Sends {@code perSecond} decisions a second on a schedule; latency from each one's intended start. */
    private double openLoop(int perSecond, double seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(64);
        Recorder recorder = new Recorder(3_600_000_000L, 3);
        AtomicLong errors = new AtomicLong();
        long interval = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        long total = (long) (perSecond * seconds);
        for (long i = 0; i < total; i++) {
            long intended = start + i * interval;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            pool.execute(() -> {
                try {
                    decide();
                } catch (RuntimeException e) {
                    errors.incrementAndGet();
                }
                recorder.recordValue(Math.max(1, (System.nanoTime() - intended) / 1000));
            });
        }
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.MINUTES);
        Histogram h = recorder.getIntervalHistogram();
        double p99 = h.getValueAtPercentile(99) / 1000.0;
        System.out.printf("  open: %d sent at %d/s, %d errors: p50 %.2f ms, p99 %.2f ms, max %.1f ms%n", total, perSecond,
                errors.get(), h.getValueAtPercentile(50) / 1000.0, p99, h.getMaxValue() / 1000.0);
        return p99;
    }

    private void ingest() {
        int clients = 8;
        System.out.printf("S9 action ingest: batches of 100, %d clients%n", clients);
        Load.run("S9-warm", clients, o.warmupSeconds, Long.MAX_VALUE, (client, n) -> report100());
        stack.statements("discarded");
        List<Double> rate = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (int run = 0; run < o.runs; run++) {
            Load.Stats s = Load.run("S9", clients, o.runSeconds, Long.MAX_VALUE, (client, n) -> report100());
            System.out.println("  " + s.summary());
            rate.add(s.throughput() * 100);
            p99.add(s.p99());
        }
        stack.statements("S9");
        report.add("S9", "actions/s (batches of 100)", null, "/s", rate, Map.of("clients", clients));
        report.add("S9", "batch p99", null, "ms", p99, null);
    }

    private void report100() {
        StringBuilder b = new StringBuilder("{\"actions\":[");
        String now = java.time.Instant.now().toString();
        for (int i = 0; i < 100; i++) {
            String credential = credentialIds.get(ThreadLocalRandom.current().nextInt(credentialIds.size()));
            b.append(i == 0 ? "" : ",").append("{\"credential\":{\"id\":\"").append(credential)
                    .append("\"},\"action\":\"payments:write\",\"target\":{\"type\":\"invoice\",\"id\":\"inv-")
                    .append(seq.getAndIncrement()).append("\"},\"occurredAt\":\"").append(now)
                    .append("\",\"outcome\":\"success\",\"metadata\":{\"amount\":120}}");
        }
        b.append("]}");
        Http.expect(api.post("/admin/v1/directories/" + dir.id() + "/actions", b.toString()), 201);
    }

    private static String id(String body) {
        return AdminApi.json(body).get("id").asText();
    }
}
