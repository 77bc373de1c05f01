package dev.tether.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * S7 leaver cascade (Tether only: lineage is Tether's): a user whose lineage holds N credentials
 * (agents of 10 credentials each, every agent under a delegation from the user, built through
 * SCIM and the admin API) is deactivated with Entra's PATCH. Timed from the request to its
 * response (the cascade has committed) and to the last credential.revoked held by a Standard
 * Webhooks receiver on loopback.
 */
final class LineageScenario {

    static final String AGENT = "urn:ietf:params:scim:schemas:core:2.0:Agent";

    private final Options o;
    private final Report report;
    private final AdminApi admin;
    private final UserFactory users;
    private final String runId;
    private final AtomicLong seq = new AtomicLong();
    private AdminApi.Directory dir;
    private Http scim;
    private WebhookReceiver receiver;
    /** The database profile hook (see ScimScenarios.profile). */
    java.util.function.Consumer<String> profile = label -> { };

    record Leaver(String userId, List<String> credentialIds) {
    }

    record Timing(double responseMs, double deliveredMs) {
    }

    LineageScenario(Options o, Report report, AdminApi admin, UserFactory users, String runId) {
        this.o = o;
        this.report = report;
        this.admin = admin;
        this.users = users;
        this.runId = runId;
    }

    void run() {
        dir = admin.directory("bench-s7-" + runId);
        scim = new Http(dir.scimBaseUrl(), dir.token(), Http.SCIM_JSON);
        try (WebhookReceiver rx = new WebhookReceiver()) {
            receiver = rx;
            AdminApi.Subscription sub = admin.subscribe(rx.url("/s7"), dir.id(), List.of("credential.revoked"));
            rx.secret(sub.secret());
            for (int fanOut : o.s7FanOuts) {
                profile.accept("-");
                if (fanOut == 1) {
                    single();
                } else {
                    wide(fanOut);
                }
                profile.accept("S7-" + fanOut);
            }
            if (rx.badSignatures.get() > 0) {
                report.note("S7: " + rx.badSignatures.get() + " webhook deliveries had a bad signature");
            }
        }
    }

    private void single() {
        int samples = o.s7SingleSamples;
        System.out.printf("S7 leaver with 1 credential: %d leavers per run, one after another%n", samples);
        List<Leaver> warm = build(1, Math.max(5, samples / 3));
        for (Leaver l : warm) {
            leave(l);
        }
        List<Double> p50r = new ArrayList<>();
        List<Double> p99r = new ArrayList<>();
        List<Double> p50d = new ArrayList<>();
        List<Double> p99d = new ArrayList<>();
        List<Map<String, Object>> details = new ArrayList<>();
        for (int run = 0; run < o.runs; run++) {
            List<Leaver> leavers = build(1, samples);
            List<Double> response = new ArrayList<>();
            List<Double> delivered = new ArrayList<>();
            for (Leaver l : leavers) {
                Timing t = leave(l);
                response.add(t.responseMs());
                delivered.add(t.deliveredMs());
                LocalStack.sleep(50);
            }
            p50r.add(percentile(response, 50));
            p99r.add(percentile(response, 99));
            p50d.add(percentile(delivered, 50));
            p99d.add(percentile(delivered, 99));
            Map<String, Object> d = new TreeMap<>();
            d.put("responseMs", response.stream().map(Load::round).toList());
            d.put("deliveredMs", delivered.stream().map(Load::round).toList());
            details.add(d);
            System.out.printf("  run %d: response p50 %.1f p99 %.1f ms; delivered p50 %.1f p99 %.1f ms%n", run + 1,
                    p50r.get(run), p99r.get(run), p50d.get(run), p99d.get(run));
        }
        report.add("S7", "response", 1L, "ms", p50r, Map.of("runs", details, "figure", "p50 of the run's leavers"));
        report.add("S7", "response p99", 1L, "ms", p99r, null);
        report.add("S7", "delivered", 1L, "ms", p50d, null);
        report.add("S7", "delivered p99", 1L, "ms", p99d, null);
    }

    private void wide(int fanOut) {
        System.out.printf("S7 leaver with %,d credentials (%d per agent)%n", fanOut, o.s7CredentialsPerAgent);
        Timing w = leave(build(Math.min(fanOut, 1_000), 1).get(0));
        System.out.printf("  warm-up (%,d credentials): response %.0f ms, delivered %.0f ms%n", Math.min(fanOut, 1_000),
                w.responseMs(), w.deliveredMs());
        List<Double> response = new ArrayList<>();
        List<Double> delivered = new ArrayList<>();
        for (int run = 0; run < o.runs; run++) {
            Leaver l = build(fanOut, 1).get(0);
            LocalStack.sleep(1000);
            Timing t = leave(l);
            response.add(t.responseMs());
            delivered.add(t.deliveredMs());
            System.out.printf("  run %d: response %.0f ms, last credential.revoked delivered %.0f ms%n", run + 1,
                    t.responseMs(), t.deliveredMs());
        }
        report.add("S7", "response", (long) fanOut, "ms", response, null);
        report.add("S7", "delivered", (long) fanOut, "ms", delivered, null);
    }

    /** {@code count} users, each with {@code credentials} credentials under agents of their own. */
    private List<Leaver> build(int credentials, int count) {
        int perAgent = o.s7CredentialsPerAgent;
        int agentsPerUser = (credentials + perAgent - 1) / perAgent;
        List<String> userIds = new ArrayList<>();
        for (int u = 0; u < count; u++) {
            userIds.add(null);
        }
        List<Integer> userItems = new ArrayList<>();
        for (int u = 0; u < count; u++) {
            userItems.add(u);
        }
        long start = System.nanoTime();
        Load.each("S7-users", Math.min(o.clients, count), userItems, u -> {
            String body = users.user("s7", seq.getAndIncrement(), null);
            String id = AdminApi.json(Http.expect(scim.post("/Users", body), 201).body()).get("id").asText();
            synchronized (userIds) {
                userIds.set(u, id);
            }
        });
        // agents and their delegations
        List<int[]> agentItems = new ArrayList<>();
        for (int u = 0; u < count; u++) {
            for (int a = 0; a < agentsPerUser; a++) {
                agentItems.add(new int[] {u, a});
            }
        }
        String[][] agents = new String[count][agentsPerUser];
        String[][] delegations = new String[count][agentsPerUser];
        Load.each("S7-agents", o.clients, agentItems, ua -> {
            String name = "bench-agent-" + runId + "-" + seq.getAndIncrement();
            String agent = AdminApi.json(Http.expect(scim.post("/Agents", "{\"schemas\":[\"" + AGENT + "\"],\"name\":\""
                    + name + "\",\"displayName\":\"" + name + "\",\"agentType\":\"assistant\",\"active\":true}"), 201)
                    .body()).get("id").asText();
            String delegation = admin.delegate(dir.id(), userIds.get(ua[0]), agent);
            synchronized (agents) {
                agents[ua[0]][ua[1]] = agent;
                delegations[ua[0]][ua[1]] = delegation;
            }
        });
        List<int[]> credentialItems = new ArrayList<>();
        for (int u = 0; u < count; u++) {
            for (int c = 0; c < credentials; c++) {
                credentialItems.add(new int[] {u, c});
            }
        }
        List<List<String>> credentialIds = new ArrayList<>();
        for (int u = 0; u < count; u++) {
            credentialIds.add(new ArrayList<>());
        }
        Load.each("S7-credentials", o.clients, credentialItems, uc -> {
            int a = uc[1] / perAgent;
            String agent;
            String delegation;
            synchronized (agents) {
                agent = agents[uc[0]][a];
                delegation = delegations[uc[0]][a];
            }
            String id = admin.credential(dir.id(), agent, delegation, "key-" + runId + "-" + seq.getAndIncrement());
            synchronized (credentialIds) {
                credentialIds.get(uc[0]).add(id);
            }
        });
        if (credentials > 1) {
            System.out.printf("  built %d user(s) with %,d agents and %,d credentials in %.1f s%n", count,
                    count * agentsPerUser, count * credentials, (System.nanoTime() - start) / 1e9);
        }
        List<Leaver> out = new ArrayList<>();
        for (int u = 0; u < count; u++) {
            out.add(new Leaver(userIds.get(u), credentialIds.get(u)));
        }
        return out;
    }

    private Timing leave(Leaver l) {
        long t0 = System.nanoTime();
        Http.expect(scim.patch("/Users/" + l.userId(), ScimScenarios.DEACTIVATE), 200, 204);
        long t1 = System.nanoTime();
        long deadline = t1 + 600_000_000_000L;
        while (true) {
            long last = 0;
            boolean all = true;
            for (String c : l.credentialIds()) {
                Long at = receiver.revokedCredentials.get(c);
                if (at == null) {
                    all = false;
                    break;
                }
                last = Math.max(last, at);
            }
            if (all) {
                return new Timing((t1 - t0) / 1e6, (last - t0) / 1e6);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S7: not every credential.revoked arrived within 10 minutes");
            }
            LocalStack.sleep(l.credentialIds().size() > 100 ? 20 : 1);
        }
    }

    static double percentile(List<Double> values, double p) {
        List<Double> s = new ArrayList<>(values);
        s.sort(Double::compare);
        int rank = (int) Math.ceil(p / 100.0 * s.size());
        return s.get(Math.max(0, Math.min(s.size() - 1, rank - 1)));
    }
}
