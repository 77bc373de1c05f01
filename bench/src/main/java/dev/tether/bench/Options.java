package dev.tether.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Command-line options. Defaults are the sizes; --quick is a smoke run with small ones. */
final class Options {

    static final List<String> ALL = List.of("BASELINE", "S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9");
    static final Set<String> SCIM_ONLY = Set.of("S1", "S2", "S3", "S4", "S5", "S6");

    String scimBaseUrl;
    String scimToken;
    String label;
    /** Other SCIM servers measured after the first one in the same run, with the same workload. */
    List<Target> also = new ArrayList<>();
    String scimContentType = Http.SCIM_JSON;
    boolean quick;
    Set<String> only = new LinkedHashSet<>(ALL);
    int clients = 32;
    int runs = 3;
    double warmupSeconds = 10;
    double runSeconds = 15;
    /** Open-loop offered rates (requests/s) for S2 and S4; 0 skips the open-loop run. */
    double s2Rate = 1_000;
    double s4Rate = 200;
    /** Senders available to an open loop: enough that the server, not the harness, sets the pace. */
    int openLoopSenders = 128;
    List<Integer> s2Sizes = List.of(10_000, 100_000);
    int s1MaxPerRun = 20_000;
    List<Integer> s5Sizes = List.of(1_000, 10_000, 100_000);
    int s5BuildBatch = 1_000;
    int s6Users = 100_000;
    int s6Groups = 1_000;
    int s6GroupsPerUser = 2;
    int s6MembersPerPatch = 50;
    boolean s6Subscriber;
    double s6DrainTimeoutSeconds = 600;
    List<Integer> s7FanOuts = List.of(1, 100, 10_000);
    int s7SingleSamples = 30;
    /** S8/S9: probe chains of depth 3, directory sizes in delegations, open-loop rate. */
    int s8Probes = 1_000;
    List<Integer> s8Sizes = List.of(1_000, 100_000);
    int s8Rate = 1_000;
    int s7CredentialsPerAgent = 10;
    double pgbenchSeconds = 15;
    Path results = Path.of("bench", "results");
    Path work = Path.of("bench", "target", "run");
    Path repo = Path.of(".");
    String tetherJvmOpts = "";
    boolean jfr;

    /** A SCIM server given by URL: its name in the report, base URL and credential (see Http.authorization). */
    record Target(String label, String baseUrl, String credential) {
        static Target parse(String spec) {
            int eq = spec.indexOf('=');
            int comma = spec.indexOf(',', eq + 1);
            if (eq <= 0 || comma < 0) {
                throw new IllegalArgumentException("--also takes NAME=URL,TOKEN (got " + spec + ")");
            }
            return new Target(spec.substring(0, eq), stripSlash(spec.substring(eq + 1, comma)), spec.substring(comma + 1));
        }
    }

    boolean targetMode() {
        return scimBaseUrl != null;
    }

    boolean runs(String scenario) {
        return only.contains(scenario);
    }

    static Options parse(String[] args) {
        Options o = new Options();
        List<String> a = new ArrayList<>(Arrays.asList(args));
        if (a.contains("--quick")) {
            o.quick();
        }
        for (int i = 0; i < a.size(); i++) {
            String k = a.get(i);
            switch (k) {
                case "--quick":
                    break;
                case "--scim-base-url":
                    o.scimBaseUrl = stripSlash(a.get(++i));
                    break;
                case "--scim-token":
                    o.scimToken = a.get(++i);
                    break;
                case "--scim-basic":
                    o.scimToken = "basic:" + a.get(++i);
                    break;
                case "--scim-content-type":
                    o.scimContentType = a.get(++i);
                    break;
                case "--also":
                    o.also.add(Target.parse(a.get(++i)));
                    break;
                case "--label":
                    o.label = a.get(++i);
                    break;
                case "--only":
                    o.only = new LinkedHashSet<>();
                    for (String s : a.get(++i).split(",")) {
                        String name = s.trim().toUpperCase(Locale.ROOT);
                        if (!ALL.contains(name)) {
                            throw new IllegalArgumentException("unknown scenario " + s + "; known: " + ALL);
                        }
                        o.only.add(name);
                    }
                    break;
                case "--clients":
                    o.clients = Integer.parseInt(a.get(++i));
                    break;
                case "--runs":
                    o.runs = Integer.parseInt(a.get(++i));
                    break;
                case "--warmup-seconds":
                    o.warmupSeconds = Double.parseDouble(a.get(++i));
                    break;
                case "--run-seconds":
                    o.runSeconds = Double.parseDouble(a.get(++i));
                    break;
                case "--s2-rate":
                    o.s2Rate = Double.parseDouble(a.get(++i));
                    break;
                case "--s4-rate":
                    o.s4Rate = Double.parseDouble(a.get(++i));
                    break;
                case "--s2-sizes":
                    o.s2Sizes = ints(a.get(++i));
                    break;
                case "--s1-max-per-run":
                    o.s1MaxPerRun = Integer.parseInt(a.get(++i));
                    break;
                case "--s5-sizes":
                    o.s5Sizes = ints(a.get(++i));
                    break;
                case "--s6-users":
                    o.s6Users = Integer.parseInt(a.get(++i));
                    break;
                case "--s6-groups":
                    o.s6Groups = Integer.parseInt(a.get(++i));
                    break;
                case "--s6-groups-per-user":
                    o.s6GroupsPerUser = Integer.parseInt(a.get(++i));
                    break;
                case "--s6-members-per-patch":
                    o.s6MembersPerPatch = Integer.parseInt(a.get(++i));
                    break;
                case "--s6-drain-timeout":
                    o.s6DrainTimeoutSeconds = Double.parseDouble(a.get(++i));
                    break;
                case "--s6-webhooks":
                    o.s6Subscriber = true;
                    break;
                case "--s7-fan-outs":
                    o.s7FanOuts = ints(a.get(++i));
                    break;
                case "--s8-sizes":
                    o.s8Sizes = ints(a.get(++i));
                    break;
                case "--s8-probes":
                    o.s8Probes = Integer.parseInt(a.get(++i));
                    break;
                case "--s8-rate":
                    o.s8Rate = Integer.parseInt(a.get(++i));
                    break;
                case "--s7-single-samples":
                    o.s7SingleSamples = Integer.parseInt(a.get(++i));
                    break;
                case "--pgbench-seconds":
                    o.pgbenchSeconds = Double.parseDouble(a.get(++i));
                    break;
                case "--results":
                    o.results = Path.of(a.get(++i));
                    break;
                case "--work":
                    o.work = Path.of(a.get(++i));
                    break;
                case "--repo":
                    o.repo = Path.of(a.get(++i));
                    break;
                case "--tether-jvm-opts":
                    o.tetherJvmOpts = a.get(++i);
                    break;
                case "--jfr":
                    o.jfr = true;
                    break;
                case "-h":
                case "--help":
                    System.out.println(HELP);
                    System.exit(0);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + k + "\n" + HELP);
            }
        }
        if ((o.scimBaseUrl == null) != (o.scimToken == null)) {
            throw new IllegalArgumentException("--scim-base-url and --scim-token go together");
        }
        if (o.targetMode()) {
            o.only.retainAll(SCIM_ONLY);
            if (o.label == null) {
                o.label = java.net.URI.create(o.scimBaseUrl).getAuthority();
            }
        } else if (o.label == null) {
            o.label = "tether";
        }
        return o;
    }

    private void quick() {
        quick = true;
        warmupSeconds = 2;
        runSeconds = 3;
        s2Sizes = List.of(1_000, 20_000);
        s1MaxPerRun = 4_000;
        s5Sizes = List.of(100, 1_000, 5_000);
        s6Users = 3_000;
        s6Groups = 30;
        s7FanOuts = List.of(1, 10, 500);
        s7SingleSamples = 10;
        s8Probes = 100;
        s8Sizes = List.of(1_000, 10_000);
        s8Rate = 300;
        pgbenchSeconds = 3;
    }

    private static List<Integer> ints(String csv) {
        List<Integer> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            out.add(Integer.parseInt(s.trim().replace("_", "")));
        }
        return out;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static final String HELP = """
            bench/run [options]
              (no options)              start PostgreSQL and Tether, run every scenario at the issue's sizes
              --quick                   small sizes and short runs (a smoke run of a few minutes)
              --scim-base-url URL       run only the SCIM scenarios (S1-S6) against any SCIM server
              --scim-token TOKEN        its credential: a bearer token, or "Basic <base64>", or basic:USER:PASSWORD
              --scim-basic USER:PASS    the same as --scim-token basic:USER:PASS
              --also NAME=URL,TOKEN     after the first server (Tether, or --scim-base-url), run S1-S6 against
                                        this SCIM server too, same workload; repeatable; one report with a
                                        column per server (TOKEN as for --scim-token)
              --scim-content-type T     Content-Type and Accept of SCIM requests (application/scim+json)
              --label NAME              name of the system under test in the report
              --only S1,S2,...          scenarios to run (BASELINE, S1..S9)
              --clients N               concurrent clients (32)
              --runs N                  measured runs per scenario (3); the report gives the median
              --warmup-seconds S        warm-up before each scenario (10)
              --run-seconds S           length of one measured run of S1-S5 (15)
              --s2-sizes a,b            user populations for S2 (10000,100000)
              --s2-rate N               S2's open-loop run offers N lookups/s (1000; 0: no open-loop run)
              --s4-rate N               S4's open-loop run offers N deactivations/s (200; 0: none)
              --s1-max-per-run N        at most N creates per S1 run (20000)
              --s5-sizes a,b,c          group sizes for S5 (1000,10000,100000)
              --s6-users N --s6-groups N --s6-groups-per-user N --s6-members-per-patch N
              --s6-webhooks             S6 with a webhook subscriber for all its events (Tether mode), and
                                        the time until every event was delivered
              --s6-drain-timeout S      how long S6 waits for those webhooks after the push (600)
              --s7-fan-outs a,b,c       credentials per leaver for S7 (1,100,10000)
              --s7-single-samples N     leavers per run for the single-credential p99 (30)
              --s8-sizes a,b            delegations in the directory for S8 (1000,100000)
              --s8-probes N             depth-3 chains asked about in S8 and reported on in S9 (1000)
              --s8-rate N               open-loop decisions per second for S8's p99 (1000)
              --pgbench-seconds S       length of one pgbench run (15)
              --tether-jvm-opts "..."   extra JVM options for the Tether process
              --jfr                     record a JFR profile of Tether (in the run folder)
              --results DIR             where reports go (bench/results)
            """;
}
