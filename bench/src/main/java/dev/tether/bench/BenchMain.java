package dev.tether.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * bench/run's program. Without --scim-base-url it starts PostgreSQL and Tether itself, runs the
 * pgbench baseline and S1-S7, and stops them; with it, it runs S1-S6 against that server.
 * Writes bench/results/<time>.md, .json and .svg.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + (o.targetMode() ? "-" + o.label.replaceAll("[^A-Za-z0-9._-]", "_") : "");
        String runId = UUID.randomUUID().toString().substring(0, 8);
        Report report = new Report();
        describe(report, o, runId);
        UserFactory users = new UserFactory(runId);
        LocalStack stack = null;
        boolean failed = false;
        long started = System.nanoTime();
        try {
            Http scim;
            AdminApi admin = null;
            if (o.targetMode()) {
                System.out.println("Target mode: SCIM scenarios " + o.only + " against " + o.scimBaseUrl);
                scim = new Http(o.scimBaseUrl, o.scimToken, o.scimContentType);
            } else {
                stack = LocalStack.start(o);
                report.add("START", "ready (JVM mode, fresh database)", null, "s", List.of(stack.readySeconds), null);
                admin = new AdminApi(stack.baseUrl, stack.adminJwt);
                AdminApi.Directory dir = admin.directory("bench-" + runId);
                scim = new Http(dir.scimBaseUrl(), dir.token(), Http.SCIM_JSON);
                report.info.put("scimBaseUrl", dir.scimBaseUrl());
                if (o.runs("BASELINE")) {
                    LocalStack st = stack;
                    step(report, "BASELINE", () -> PgBench.run(st, o, report, users));
                }
            }
            ScimScenarios s = new ScimScenarios(o, report, users, scim, runId);
            if (stack != null) {
                LocalStack st = stack;
                s.profile = label -> st.statements(label.equals("-") ? "discarded" : label);
            }
            if (o.targetMode()) {
                probe(scim, report);
            }
            AdminApi a = admin;
            scimScenarios(o, o.only, report, s, label -> syncTarget(o, a, scim, label, runId));
            if (o.runs("S7") && !o.targetMode()) {
                LocalStack st = stack;
                step(report, "S7", () -> {
                    LineageScenario s7 = new LineageScenario(o, report, a, users, runId);
                    s7.profile = label -> st.statements(label.equals("-") ? "discarded" : label);
                    s7.run();
                });
            }
            if ((o.runs("S8") || o.runs("S9")) && !o.targetMode()) {
                LocalStack st = stack;
                step(report, "S8/S9", () -> new AuthzScenario(o, report, a, st, runId).run());
            }
        } catch (Exception | AssertionError e) {
            failed = true;
            e.printStackTrace(System.out);
            report.note("the run stopped early: " + e);
        } finally {
            if (stack != null) {
                System.out.println("Stopping Tether and PostgreSQL");
                stack.close();
            }
        }
        report.info.put("durationMinutes", Load.round((System.nanoTime() - started) / 60e9));
        // The other servers, one after another, after Tether (and its PostgreSQL) stopped.
        for (Options.Target t : o.also) {
            report.others.add(other(o, t, runId));
        }
        targets(report, o);
        List<Path> files = report.write(o.results, stamp);
        System.out.println();
        System.out.println(Files.readString(files.get(0)));
        System.out.println("Written: " + files);
        if (!report.incomplete.isEmpty()) {
            System.out.println("Did not complete on " + report.info.get("label") + ": " + report.incomplete);
        }
        for (Report other : report.others) {
            if (!other.incomplete.isEmpty()) {
                System.out.println("Did not complete on " + other.info.get("label") + ": " + other.incomplete);
            }
        }
        // Tether itself must run every scenario; another server may lack what a scenario needs.
        System.exit(failed || (!o.targetMode() && !report.incomplete.isEmpty()) ? 1 : 0);
    }

    /** S1-S6 in the order the populations build up; a scenario that fails is noted and the next one runs. */
    private static void scimScenarios(Options o, java.util.Set<String> only, Report report, ScimScenarios s,
                                      java.util.function.Function<String, ScimScenarios.SyncTarget> s6Targets) {
        List<Integer> s2Sizes = new ArrayList<>(o.s2Sizes);
        Collections.sort(s2Sizes);
        int largest = s2Sizes.isEmpty() ? 0 : s2Sizes.get(s2Sizes.size() - 1);
        if (only.contains("S2") && !s2Sizes.isEmpty()) {
            step(report, "S2 at " + s2Sizes.get(0), () -> s2(s, report, s2Sizes.get(0)));
        }
        if (only.contains("S1")) {
            step(report, "S1", s::s1);
        }
        if (only.contains("S2")) {
            for (int size : s2Sizes.subList(1, s2Sizes.size())) {
                step(report, "S2 at " + size, () -> s2(s, report, size));
            }
        }
        if (only.contains("S3") || only.contains("S4")) {
            step(report, "loading " + largest + " users for S3/S4", () -> s.fillTo(largest));
        }
        if (only.contains("S3")) {
            step(report, "S3", s::s3);
        }
        if (only.contains("S5")) {
            step(report, "S5", s::s5);
        }
        if (only.contains("S4")) {
            step(report, "S4", s::s4);
        }
        if (only.contains("S6")) {
            step(report, "S6", () -> s.s6(s6Targets));
        }
    }

    /** Runs one scenario; if it throws, the report says which and why, and the run goes on. */
    interface Step {
        void run() throws Exception;
    }

    private static void step(Report report, String name, Step scenario) {
        try {
            scenario.run();
        } catch (Exception | AssertionError e) {
            System.out.println("  " + name + " did not complete:");
            e.printStackTrace(System.out);
            report.note(name + " did not complete: " + Load.shorten(String.valueOf(e.getMessage()), 400));
            report.incomplete.add(name);
        }
    }

    /** One other SCIM server: the same S1-S6 workload (same documents and requests), its own report section. */
    private static Report other(Options o, Options.Target t, String runId) {
        System.out.println();
        System.out.println("Other server " + t.label() + ": SCIM scenarios against " + t.baseUrl());
        Report r = new Report();
        r.info.put("label", t.label());
        r.info.put("scimBaseUrl", t.baseUrl());
        r.info.put("startedAt", OffsetDateTime.now().withNano(0).toString());
        r.info.put("loadAverageAtStart", loadAverage());
        long started = System.nanoTime();
        Http http = new Http(t.baseUrl(), t.credential(), o.scimContentType);
        probe(http, r);
        java.util.Set<String> only = new java.util.LinkedHashSet<>(o.only);
        only.retainAll(Options.SCIM_ONLY);
        ScimScenarios s = new ScimScenarios(o, r, new UserFactory(runId), http, runId);
        scimScenarios(o, only, r, s, label -> () -> http);
        r.info.put("durationMinutes", Load.round((System.nanoTime() - started) / 60e9));
        return r;
    }

    /** What the server says it supports (GET /ServiceProviderConfig), for the report; never fails the run. */
    private static void probe(Http http, Report r) {
        try {
            Http.Response resp = http.get("/ServiceProviderConfig");
            if (resp.statusCode() != 200) {
                r.info.put("serviceProviderConfig", "answered " + resp.statusCode());
                return;
            }
            com.fasterxml.jackson.databind.JsonNode c = AdminApi.json(resp.body());
            List<String> said = new ArrayList<>();
            for (String f : List.of("patch", "filter", "bulk", "sort", "etag")) {
                com.fasterxml.jackson.databind.JsonNode n = c.path(f);
                String v = f + " " + (n.path("supported").isMissingNode() ? "?" : n.path("supported").asText());
                if (n.has("maxResults")) {
                    v += " (maxResults " + n.get("maxResults").asText() + ")";
                }
                said.add(v);
            }
            r.info.put("serviceProviderConfig", String.join(", ", said));
        } catch (RuntimeException e) {
            r.info.put("serviceProviderConfig", "not read: " + Load.shorten(String.valueOf(e.getMessage()), 200));
        }
    }

    private static String loadAverage() {
        return read("/proc/loadavg").map(s -> s.split(" ")[0] + " " + s.split(" ")[1] + " " + s.split(" ")[2]).orElse("?");
    }

    private static void s2(ScimScenarios s, Report report, int size) {
        s.fillTo(size);
        int actual = s.population();
        if (actual != size) {
            report.note("S2 at " + size + " ran over " + actual + " users (S1 had created more)");
        }
        s.s2(actual);
    }

    /**
     * S6's destination: on Tether a fresh directory per sync (its audit records and outbox events
     * are written in every transaction as always); with --s6-webhooks also a subscriber to all its
     * events, and the time until the last was delivered.
     */
    private static ScimScenarios.SyncTarget syncTarget(Options o, AdminApi admin, Http scim, String label, String runId) {
        if (admin == null) {
            return () -> scim;
        }
        AdminApi.Directory dir = admin.directory("bench-s6-" + label + "-" + runId);
        Http http = new Http(dir.scimBaseUrl(), dir.token(), Http.SCIM_JSON);
        if (!o.s6Subscriber) {
            return () -> http;
        }
        WebhookReceiver rx = new WebhookReceiver();
        AdminApi.Subscription sub = admin.subscribe(rx.url("/s6"), dir.id(), null);
        rx.secret(sub.secret());
        long pushStart = System.nanoTime();
        return new ScimScenarios.SyncTarget() {
            @Override
            public Http http() {
                return http;
            }

            @Override
            public Map<String, Object> pushed(long expectedEvents) {
                long pushed = System.nanoTime();
                long deadline = pushed + (long) (o.s6DrainTimeoutSeconds * 1e9);
                while (rx.events.size() < expectedEvents && System.nanoTime() < deadline) {
                    LocalStack.sleep(200);
                }
                Map<String, Object> d = new TreeMap<>();
                d.put("eventsExpected", expectedEvents);
                d.put("eventsDelivered", rx.events.size());
                if (rx.events.size() >= expectedEvents) {
                    d.put("deliveriesDrainedSeconds", Load.round((rx.lastArrival.get() - pushStart) / 1e9));
                } else {
                    d.put("deliveriesPendingAfterSeconds", o.s6DrainTimeoutSeconds);
                }
                admin.unsubscribe(sub.id());
                rx.close();
                return d;
            }
        };
    }

    private static void describe(Report r, Options o, String runId) {
        r.info.put("label", o.label);
        r.info.put("startedAt", OffsetDateTime.now().withNano(0).toString());
        r.info.put("mode", o.targetMode() ? "target " + o.scimBaseUrl : "Tether started by the harness (production profile)");
        r.info.put("runId", runId);
        r.info.put("scenarios", String.join(",", o.only));
        r.info.put("clients", o.clients);
        r.info.put("runsPerScenario", o.runs);
        r.info.put("warmupSeconds", o.warmupSeconds);
        r.info.put("runSeconds", o.runSeconds);
        r.info.put("quick", o.quick);
        r.info.put("cpu", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        r.info.put("memory", memTotal());
        r.info.put("loadAverageAtStart", loadAverage());
        if (!o.also.isEmpty()) {
            List<String> others = new ArrayList<>();
            o.also.forEach(t -> others.add(t.label() + " " + t.baseUrl()));
            r.info.put("otherServers", String.join(", ", others) + " (S1-S6 each, after this one, one at a time)");
        }
        r.info.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        if (!o.targetMode()) {
            r.info.put("tetherRevision", git(o.repo));
            r.info.put("postgres", "16.4 (embedded binaries), " + LocalStack.POSTGRES_SETTINGS);
        }
    }

    /** The targets of the issues that asked for each figure (21 for S1-S6 and start, 17 for S8-S9, 19 for S7). */
    private static void targets(Report r, Options o) {
        r.median("START", "ready (JVM mode, fresh database)", null).ifPresent(v -> r.target("START",
                "ready ≤ 3 s (JVM mode, external database)", Report.fmt(v) + " s", v <= 3));
        r.median("S1", "Tether RSS after S1", null).ifPresent(v -> r.target("S1", "Tether RSS after S1 ≤ 300 MB",
                Report.fmt(v) + " MiB", v * 1.048576 <= 300));
        Optional<Double> s1 = r.median("S1", "creates", null);
        Optional<Double> pg = r.median("BASELINE", "pgbench inserts", null);
        s1.ifPresent(v -> r.target("S1", "≥ 1 000 creates/s", Report.fmt(v) + "/s", v >= 1000));
        if (s1.isPresent() && pg.isPresent()) {
            double share = s1.get() / pg.get();
            r.target("S1", "≥ 20% of the pgbench baseline", String.format(Locale.ROOT, "%.0f%% (%s of %s/s)", share * 100,
                    Report.fmt(s1.get()), Report.fmt(pg.get())), share >= 0.20);
        }
        for (long size : sizes(r, "S3", "reads")) {
            double v = r.median("S3", "reads", size).orElseThrow();
            r.target("S3", String.format(Locale.ROOT, "≥ 3 000 reads/s at %,d users", size), Report.fmt(v) + "/s", v >= 3000);
        }
        for (long size : sizes(r, "S4", "deactivations")) {
            double v = r.median("S4", "deactivations", size).orElseThrow();
            r.target("S4", String.format(Locale.ROOT, "≥ 1 000 deactivations/s at %,d users", size), Report.fmt(v) + "/s",
                    v >= 1000);
        }
        for (long size : sizes(r, "S4-open", "p99")) {
            double v = r.median("S4-open", "p99", size).orElseThrow();
            r.target("S4", String.format(Locale.ROOT, "p99 ≤ 25 ms at %s/s offered", Report.fmt(o.s4Rate)),
                    Report.fmt(v) + " ms", v <= 25);
        }
        for (long size : sizes(r, "S2-open", "p99")) {
            double v = r.median("S2-open", "p99", size).orElseThrow();
            r.target("S2", String.format(Locale.ROOT, "p99 ≤ 10 ms at %s/s offered, %,d users", Report.fmt(o.s2Rate), size),
                    Report.fmt(v) + " ms", v <= 10);
        }
        for (long size : sizes(r, "S5", "p99")) {
            double v = r.median("S5", "p99", size).orElseThrow();
            r.target("S5", String.format(Locale.ROOT, "p99 ≤ 100 ms at %,d members", size), Report.fmt(v) + " ms", v <= 100);
        }
        for (long size : sizes(r, "S8", "closed-loop p99")) {
            double rate = r.median("S8", "decisions/s (" + o.clients + " clients)", size).orElseThrow();
            double open = r.median("S8", "open-loop p99 at " + o.s8Rate + "/s", size).orElseThrow();
            r.target("S8", String.format(Locale.ROOT, "≥ 3 000 decisions/s at %,d delegations", size),
                    Report.fmt(rate) + "/s", rate >= 3000);
            r.target("S8", String.format(Locale.ROOT, "p99 ≤ 10 ms at %s/s offered, %,d delegations",
                    Report.fmt(o.s8Rate), size), Report.fmt(open) + " ms", open <= 10);
        }
        r.median("S9", "actions/s (batches of 100)", null).ifPresent(v -> r.target("S9",
                "≥ 5 000 actions/s, batches of 100, audit chaining on", Report.fmt(v) + "/s", v >= 5000));
        List<Long> s2 = sizes(r, "S2", "p99");
        if (!s2.isEmpty()) {
            long big = s2.get(s2.size() - 1);
            double p99 = r.median("S2", "p99", big).orElseThrow();
            if (s2.size() > 1) {
                long small = s2.get(0);
                double p99s = r.median("S2", "p99", small).orElseThrow();
                r.target("S2", String.format(Locale.ROOT, "p99 at %,d within 1.5× of p99 at %,d", big, small),
                        String.format(Locale.ROOT, "%.2f× (%s vs %s ms)", p99 / p99s, Report.fmt(p99), Report.fmt(p99s)),
                        p99 <= 1.5 * p99s);
            }
        }
        List<Long> s5 = sizes(r, "S5", "p99");
        if (s5.size() > 1) {
            long big = s5.get(s5.size() - 1);
            long small = s5.get(0);
            double a = r.median("S5", "p99", big).orElseThrow();
            double b = r.median("S5", "p99", small).orElseThrow();
            r.target("S5", String.format(Locale.ROOT, "p99 at %,d members within 1.5× of p99 at %,d", big, small),
                    String.format(Locale.ROOT, "%.2f× (%s vs %s ms)", a / b, Report.fmt(a), Report.fmt(b)), a <= 1.5 * b);
        }
        r.median("S6", "wall time", (long) o.s6Users).ifPresent(v -> r.target("S6",
                String.format(Locale.ROOT, "initial sync of %,d users under 150 s", o.s6Users),
                Report.fmt(v) + " s", v < 150));
        r.median("S7", "delivered p99", 1L).ifPresent(v -> r.target("S7",
                "1 credential revoked and delivered < 250 ms p99", Report.fmt(v) + " ms", v < 250));
        List<Long> s7 = sizes(r, "S7", "response");
        if (!s7.isEmpty() && s7.get(s7.size() - 1) > 1) {
            long big = s7.get(s7.size() - 1);
            double resp = r.median("S7", "response", big).orElseThrow();
            double del = r.median("S7", "delivered", big).orElseThrow();
            r.target("S7", String.format(Locale.ROOT, "%,d credentials revoked (committed) < 2 s", big),
                    Report.fmt(resp) + " ms", resp < 2000);
            r.target("S7", String.format(Locale.ROOT, "%,d credentials all delivered < 10 s", big),
                    Report.fmt(del) + " ms", del < 10_000);
        }
    }

    private static List<Long> sizes(Report r, String scenario, String name) {
        List<Long> out = new ArrayList<>();
        for (Report.Metric m : r.metrics) {
            if (m.scenario().equals(scenario) && m.name().equals(name) && m.size() != null) {
                out.add(m.size());
            }
        }
        Collections.sort(out);
        return out;
    }

    private static String cpuModel() {
        return read("/proc/cpuinfo").flatMap(s -> s.lines().filter(l -> l.startsWith("model name")).findFirst())
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(System.getProperty("os.arch"));
    }

    private static String memTotal() {
        return read("/proc/meminfo").flatMap(s -> s.lines().filter(l -> l.startsWith("MemTotal")).findFirst())
                .map(l -> String.format(Locale.ROOT, "%.1f GiB",
                        Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0)).orElse("?");
    }

    private static Optional<String> read(String file) {
        try {
            return Optional.of(Files.readString(Path.of(file)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String git(Path repo) {
        try {
            Process p = new ProcessBuilder("git", "-C", repo.toString(), "describe", "--always", "--dirty")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? out : "?";
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }

    static Map<String, Object> none() {
        return Map.of();
    }
}
