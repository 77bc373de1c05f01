package dev.tether.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * S1-S6: plain SCIM 2.0 over HTTP, nothing specific to Tether, so the same workload runs
 * against any SCIM server. Users are created by this harness under a run-unique userName suffix;
 * the "population" is the users this run created, in creation order.
 */
final class ScimScenarios {

    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String DEACTIVATE = "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[{\"op\":\"Replace\","
            + "\"path\":\"active\",\"value\":\"False\"}]}";
    private static final Pattern ONE_RESULT = Pattern.compile("\"totalResults\"\\s*:\\s*1\\b");
    private static final Pattern NO_RESULT = Pattern.compile("\"totalResults\"\\s*:\\s*0\\b");

    private final Options o;
    private final Report report;
    private final UserFactory users;
    private final Http scim;
    private final String runId;
    private final List<String> ids = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final AtomicLong seq = new AtomicLong();
    /** Called with a label before (label "-") and after each measured scenario: the database profile hook. */
    java.util.function.Consumer<String> profile = label -> { };

    ScimScenarios(Options o, Report report, UserFactory users, Http scim, String runId) {
        this.o = o;
        this.report = report;
        this.users = users;
        this.scim = scim;
        this.runId = runId;
    }

    int population() {
        synchronized (ids) {
            return ids.size();
        }
    }

    private void add(String id, String name) {
        synchronized (ids) {
            ids.add(id);
            names.add(name);
        }
    }

    private String id(int i) {
        synchronized (ids) {
            return ids.get(i);
        }
    }

    private String name(int i) {
        synchronized (ids) {
            return names.get(i);
        }
    }

    /** POSTs the next user of the population; its manager is the previous user this client created. */
    private String createNext(String manager) {
        long n = seq.getAndIncrement();
        String id = create(scim, "u", n, manager);
        add(id, users.userName("u", n));
        return id;
    }

    private String create(Http http, String prefix, long n, String manager) {
        return createdId(Http.expect(http.post("/Users", users.user(prefix, n, manager)), 201, 200));
    }

    private String createGroup(Http http, String body) {
        return createdId(Http.expect(http.post("/Groups", body), 201, 200));
    }

    /** The id of a created resource; a 200 instead of RFC 7644's 201 is accepted and noted once. */
    private String createdId(Http.Response r) {
        String path = r.uri().getPath();
        String kind = path.substring(path.lastIndexOf('/'));
        if (r.statusCode() != 201) {
            noteOnce("POST " + kind + " answered " + r.statusCode() + ", not 201 (accepted as a create)");
        }
        JsonNode id = AdminApi.json(r.body()).get("id");
        if (id == null || id.asText().isEmpty()) {
            throw new IllegalStateException("POST " + kind + " answered " + r.statusCode() + " without an id");
        }
        return id.asText();
    }

    private final java.util.Set<String> noted = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A deviation from what the harness expects that it could work with: one note per kind. */
    void noteOnce(String text) {
        if (noted.add(text)) {
            report.note(text);
        }
    }

    /** Creates users until the population is {@code size}. */
    void fillTo(int size) {
        int missing = size - population();
        if (missing <= 0) {
            return;
        }
        List<Integer> items = new ArrayList<>(Collections.nCopies(missing, 0));
        String[] last = new String[1];
        double s = Load.each("fill", o.clients, items, x -> last[0] = createNext(last[0]));
        System.out.printf("  loaded %,d users in %.1f s (%.0f/s); population %,d%n", missing, s, missing / s, population());
    }

    /** Warm-up, then the measured runs; {@code name} also names the run's pg_stat_statements dump. */
    private List<Load.Stats> measure(String name, long maxPerRun, Load.Op op) {
        Load.Stats w = Load.run(name + "-warmup", o.clients, o.warmupSeconds, maxPerRun, op);
        System.out.println("  warm-up: " + w.summary());
        profile.accept("-");
        List<Load.Stats> runs = new ArrayList<>();
        for (int i = 0; i < o.runs; i++) {
            Load.Stats s = Load.run(name, o.clients, o.runSeconds, maxPerRun, op);
            System.out.println("  run " + (i + 1) + ": " + s.summary());
            runs.add(s);
        }
        profile.accept(name);
        return runs;
    }

    /** The open-loop twin of {@link #measure}: the same op offered at {@code rate} per second. */
    private List<Load.Stats> measureOpen(String name, double rate, long maxPerRun, Load.Op op) {
        Load.Stats w = Load.openLoop(name + "-warmup", o.openLoopSenders, rate, o.warmupSeconds, maxPerRun, op);
        System.out.println("  warm-up: " + w.summary());
        List<Load.Stats> runs = new ArrayList<>();
        for (int i = 0; i < o.runs; i++) {
            Load.Stats s = Load.openLoop(name, o.openLoopSenders, rate, o.runSeconds, maxPerRun, op);
            System.out.printf("  run %d at %.0f/s offered: %s%n", i + 1, rate, s.summary());
            runs.add(s);
        }
        return runs;
    }

    private void record(String scenario, Long size, String rateName, List<Load.Stats> runs) {
        List<Map<String, Object>> detail = new ArrayList<>();
        runs.forEach(s -> detail.add(Load.describe(s)));
        report.add(scenario, rateName, size, "/s", runs.stream().map(Load.Stats::throughput).toList(),
                Map.of("runs", detail));
        report.add(scenario, "p50", size, "ms", runs.stream().map(Load.Stats::p50).toList(), null);
        report.add(scenario, "p99", size, "ms", runs.stream().map(Load.Stats::p99).toList(), null);
        report.add(scenario, "errors", size, "count", runs.stream().map(s -> (double) s.errors()).toList(), null);
        long errors = runs.stream().mapToLong(Load.Stats::errors).sum();
        if (errors > 0) {
            long all = errors + runs.stream().mapToLong(Load.Stats::ok).sum();
            java.util.LinkedHashSet<String> samples = new java.util.LinkedHashSet<>();
            runs.forEach(st -> st.errorSamples().forEach(e -> samples.add(Load.shorten(e, 300))));
            report.note(String.format(java.util.Locale.ROOT, "%s%s: %,d of %,d requests in the measured runs failed, e.g. %s",
                    scenario, size == null ? "" : String.format(java.util.Locale.ROOT, " at %,d", size), errors, all,
                    String.join(" | ", samples.stream().limit(3).toList())));
        }
    }

    // ---- S1 create

    void s1() {
        System.out.println("S1 create: POST /Users, ~1 KB users, " + o.clients + " clients");
        String[] managers = new String[o.clients];
        List<Load.Stats> runs = measure("S1", o.s1MaxPerRun, (c, n) -> managers[c] = createNext(managers[c]));
        record("S1", null, "creates", runs);
        report.info.put("userDocumentBytes", users.user("u", 1, UUID.randomUUID().toString()).length());
        double rss = CpuMeter.tetherPid > 0 ? CpuMeter.residentMib(CpuMeter.tetherPid) : -1;
        if (rss > 0) {
            report.add("S1", "Tether RSS after S1", null, "MiB", List.of(rss), null);
        }
    }

    // ---- S2 lookup

    void s2(int size) {
        System.out.printf("S2 lookup: GET /Users?filter=userName eq \"…\" over %,d users%n", size);
        Load.Op lookup = (c, n) -> {
            String name = name(ThreadLocalRandom.current().nextInt(size));
            Http.Response r = Http.expect(scim.get("/Users?filter="
                    + Http.query("userName eq \"" + name + "\"")), 200);
            if (!ONE_RESULT.matcher(r.body()).find()) {
                throw new IllegalStateException("lookup of " + name + " did not find exactly one user: "
                        + Load.shorten(r.body(), 200));
            }
        };
        record("S2", (long) size, "lookups", measure("S2-" + size, Long.MAX_VALUE, lookup));
        if (o.s2Rate > 0) {
            System.out.printf("S2 open loop: %.0f lookups/s offered over %,d users%n", o.s2Rate, size);
            record("S2-open", (long) size, "lookups", measureOpen("S2-open-" + size, o.s2Rate, Long.MAX_VALUE, lookup));
        }
    }

    // ---- S3 read

    void s3() {
        int size = population();
        System.out.printf("S3 read: GET /Users/{id} over %,d users%n", size);
        List<Load.Stats> runs = measure("S3-" + size, Long.MAX_VALUE,
                (c, n) -> Http.expect(scim.get("/Users/" + id(ThreadLocalRandom.current().nextInt(size))), 200));
        record("S3", (long) size, "reads", runs);
    }

    // ---- S4 deactivate

    void s4() {
        int size = population();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            order.add(i);
        }
        Collections.shuffle(order);
        AtomicInteger next = new AtomicInteger();
        long perRun = size / (o.runs + 1);
        System.out.printf("S4 deactivate: Entra's PATCH Replace active \"False\" on random users of %,d "
                + "(each user once, at most %,d per run)%n", size, perRun);
        Load.Op deactivate = (c, n) -> {
            int i = next.getAndIncrement();
            Http.expect(scim.patch("/Users/" + id(order.get(i)), DEACTIVATE), 200, 204);
        };
        if (o.s4Rate > 0) {
            // the open loop first, each user deactivated once: it takes (runs + 1) x rate x seconds users
            long openPerRun = Math.min(perRun / 2, (long) (o.s4Rate * Math.max(o.runSeconds, o.warmupSeconds)));
            perRun -= openPerRun;
            System.out.printf("S4 open loop: %.0f deactivations/s offered%n", o.s4Rate);
            record("S4-open", (long) size, "deactivations", measureOpen("S4-open-" + size, o.s4Rate, openPerRun,
                    deactivate));
        }
        record("S4", (long) size, "deactivations", measure("S4-" + size, perRun, deactivate));
    }

    // ---- S5 membership

    void s5() {
        int largest = o.s5Sizes.stream().mapToInt(Integer::intValue).max().orElse(0);
        fillTo(largest);
        long perRun = o.quick ? 1_000 : 5_000;
        int poolStart = population();
        int poolSize = (int) ((o.runs + 1) * perRun);
        System.out.printf("S5: %,d more users to add to the groups%n", poolSize);
        fillTo(poolStart + poolSize);
        for (int size : o.s5Sizes) {
            System.out.printf("S5 membership: PATCH add one member to a group of %,d members, %d clients%n", size,
                    o.clients);
            String group = createGroup(scim, "{\"schemas\":[\"" + GROUP
                    + "\"],\"displayName\":\"bench-s5-" + size + "-" + runId + "\"}");
            List<List<String>> batches = new ArrayList<>();
            for (int from = 0; from < size; from += o.s5BuildBatch) {
                List<String> batch = new ArrayList<>();
                for (int i = from; i < Math.min(size, from + o.s5BuildBatch); i++) {
                    batch.add(id(i));
                }
                batches.add(batch);
            }
            double s = Load.each("S5-build", 2, batches,
                    b -> Http.expect(scim.patch("/Groups/" + group, addMembers("add", b)), 200, 204));
            System.out.printf("  group built: %,d members in %.1f s%n", size, s);
            AtomicInteger next = new AtomicInteger(poolStart);
            List<Load.Stats> runs = measure("S5-" + size, perRun, (c, n) -> {
                String member = id(next.getAndIncrement());
                Http.expect(scim.patch("/Groups/" + group, addMembers("add", List.of(member))), 200, 204);
            });
            record("S5", (long) size, "member adds", runs);
        }
    }

    static String addMembers(String op, List<String> memberIds) {
        StringBuilder b = new StringBuilder("{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[{\"op\":\"" + op
                + "\",\"path\":\"members\",\"value\":[");
        for (int i = 0; i < memberIds.size(); i++) {
            b.append(i == 0 ? "" : ",").append("{\"value\":\"").append(memberIds.get(i)).append("\"}");
        }
        return b.append("]}]}").toString();
    }

    // ---- S6 initial sync

    /** Where one S6 sync goes: a SCIM client (a fresh directory on Tether) and what to do around the push. */
    interface SyncTarget {
        Http http();

        /** Called after the last SCIM response of the push; returns extra figures (deliveries drained, ...). */
        default Map<String, Object> pushed(long expectedEvents) {
            return Map.of();
        }
    }

    void s6(Function<String, SyncTarget> targets) {
        System.out.printf("S6 initial sync: Entra-like push of %,d users and %,d groups (%d groups per user, "
                + "%d members per PATCH), %d clients%s%n", o.s6Users, o.s6Groups, o.s6GroupsPerUser,
                o.s6MembersPerPatch, o.clients, o.s6Subscriber ? ", webhook subscriber for all events" : "");
        Map<String, Object> w = sync(targets.apply("warmup"), "w", Math.max(100, o.s6Users / 20),
                Math.max(5, o.s6Groups / 20));
        System.out.println("  warm-up: " + w);
        profile.accept("-");
        List<Double> wall = new ArrayList<>();
        List<Double> rate = new ArrayList<>();
        List<Map<String, Object>> details = new ArrayList<>();
        for (int i = 0; i < o.runs; i++) {
            Map<String, Object> d = sync(targets.apply("run" + (i + 1)), "r" + (i + 1), o.s6Users, o.s6Groups);
            System.out.println("  run " + (i + 1) + ": " + d);
            profile.accept("S6-run" + (i + 1));
            wall.add((Double) d.get("wallSeconds"));
            rate.add((Double) d.get("requestsPerSecond"));
            details.add(d);
        }
        report.add("S6", "wall time", (long) o.s6Users, "s", wall, Map.of("runs", details));
        report.add("S6", "requests", (long) o.s6Users, "/s", rate, null);
        List<Double> drained = new ArrayList<>();
        for (Map<String, Object> d : details) {
            if (d.get("deliveriesDrainedSeconds") instanceof Double) {
                drained.add((Double) d.get("deliveriesDrainedSeconds"));
            }
        }
        if (drained.size() == details.size() && !drained.isEmpty()) {
            report.add("S6", "all events delivered", (long) o.s6Users, "s", drained, null);
        }
    }

    private Map<String, Object> sync(SyncTarget target, String label, int userCount, int groupCount) {
        Http http = target.http();
        String prefix = "s6" + label;
        String[] userIds = new String[userCount];
        List<Integer> userItems = new ArrayList<>();
        for (int i = 0; i < userCount; i++) {
            userItems.add(i);
        }
        CpuMeter cpu = CpuMeter.start();
        long start = System.nanoTime();
        // Entra looks each user up by its matching attribute before it creates it.
        double usersSeconds = Load.each("S6-users", o.clients, userItems, n -> {
            String userName = users.userName(prefix, n);
            Http.Response r = Http.expect(http.get("/Users?filter="
                    + Http.query("userName eq \"" + userName + "\"")), 200);
            if (!NO_RESULT.matcher(r.body()).find()) {
                throw new IllegalStateException("S6 lookup of " + userName + " before its create did not answer "
                        + "totalResults 0: " + Load.shorten(r.body(), 200));
            }
            userIds[n] = create(http, prefix, n, n > 0 && n % 10 != 0 ? userIds[n - 1] : null);
        });
        String[] groupIds = new String[groupCount];
        List<Integer> groupItems = new ArrayList<>();
        for (int g = 0; g < groupCount; g++) {
            groupItems.add(g);
        }
        double groupsSeconds = Load.each("S6-groups", o.clients, groupItems, g -> {
            String name = "bench-" + prefix + "-group-" + g + "-" + runId;
            Http.expect(http.get("/Groups?filter=" + Http.query("displayName eq \"" + name + "\"")), 200);
            groupIds[g] = createGroup(http, "{\"schemas\":[\"" + GROUP
                    + "\"],\"displayName\":\"" + name + "\",\"externalId\":\"" + UUID.randomUUID() + "\"}");
        });
        // user n is in groups (n + k * 7919) mod G, k < groupsPerUser; members go in batches, groups round-robin
        List<List<String>> members = new ArrayList<>();
        for (int g = 0; g < groupCount; g++) {
            members.add(new ArrayList<>());
        }
        long memberships = 0;
        for (int n = 0; n < userCount; n++) {
            for (int k = 0; k < Math.min(o.s6GroupsPerUser, groupCount); k++) {
                members.get((int) ((n + (long) k * 7919) % groupCount)).add(userIds[n]);
                memberships++;
            }
        }
        List<String[]> patches = new ArrayList<>();
        int round = 0;
        boolean more = true;
        while (more) {
            more = false;
            for (int g = 0; g < groupCount; g++) {
                List<String> m = members.get(g);
                int from = round * o.s6MembersPerPatch;
                if (from < m.size()) {
                    patches.add(new String[] {groupIds[g],
                        addMembers("Add", m.subList(from, Math.min(m.size(), from + o.s6MembersPerPatch)))});
                    more = true;
                }
            }
            round++;
        }
        double membersSeconds = Load.each("S6-members", o.clients, patches,
                p -> Http.expect(http.patch("/Groups/" + p[0], p[1]), 200, 204));
        double wall = (System.nanoTime() - start) / 1e9;
        CpuMeter.Usage usage = cpu.stop();
        long requests = 2L * userCount + 2L * groupCount + patches.size();
        Map<String, Object> d = new TreeMap<>();
        d.put("users", userCount);
        d.put("groups", groupCount);
        d.put("memberships", memberships);
        d.put("requests", requests);
        d.put("usersSeconds", Load.round(usersSeconds));
        d.put("groupsSeconds", Load.round(groupsSeconds));
        d.put("membershipsSeconds", Load.round(membersSeconds));
        d.put("wallSeconds", Load.round(wall));
        d.put("requestsPerSecond", Load.round(requests / wall));
        d.put("cpu", usage.describe());
        d.putAll(target.pushed(userCount + groupCount + memberships));
        return d;
    }

    static JsonNode json(String body) {
        return AdminApi.json(body);
    }
}
