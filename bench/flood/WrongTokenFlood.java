import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A good SCIM client's latency, alone and while wrong bearer tokens flood the same directory
 * from the same address (issue 15: 20 000 wrong tokens in 12 s). Each run: the good client
 * alone for the duration, then the same with the flood; the good client sends one request at a
 * time (GET /Users?count=1), as an IdP's sync does. A warm-up (15 s, a flood included) comes
 * first. Prints each run and the medians.
 *
 * Usage: java WrongTokenFlood.java SCIM_BASE_URL SCIM_TOKEN [runs] [seconds] [flood-requests] [flood-concurrency]
 */
public class WrongTokenFlood {

    record Phase(List<Long> goodMicros, int goodErrors, Map<Integer, Long> floodStatuses, long floodSent, double seconds) {

        double p(double q) {
            if (goodMicros.isEmpty()) {
                return Double.NaN;
            }
            List<Long> s = new ArrayList<>(goodMicros);
            Collections.sort(s);
            return s.get(Math.min(s.size() - 1, (int) Math.ceil(q * s.size()) - 1)) / 1000.0;
        }
    }

    public static void main(String[] args) throws Exception {
        String base = args[0].replaceAll("/$", "");
        String token = args[1];
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 12;
        int flood = args.length > 4 ? Integer.parseInt(args[4]) : 20_000;
        int concurrency = args.length > 5 ? Integer.parseInt(args[5]) : 64;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI users = URI.create(base + "/Users?count=1");

        System.out.printf("good client: GET %s one at a time; flood: %d wrong tokens in %d s, %d in flight%n", users,
                flood, seconds, concurrency);
        // warm-up, flood included: the first seconds of a fresh JVM measure the JIT, not the server
        phase(http, users, token, 5, 0, concurrency);
        phase(http, users, token, 10, flood * 10 / seconds, concurrency);
        List<Phase> quiet = new ArrayList<>();
        List<Phase> flooded = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            Phase q = phase(http, users, token, seconds, 0, concurrency);
            Phase f = phase(http, users, token, seconds, flood, concurrency);
            quiet.add(q);
            flooded.add(f);
            System.out.printf("run %d: alone p50 %.1f ms p99 %.1f ms (%d requests, %d errors) | flooded p50 %.1f ms"
                    + " p99 %.1f ms (%d requests, %d errors); flood sent %d (%.0f/s), statuses %s%n", run,
                    q.p(0.50), q.p(0.99), q.goodMicros().size(), q.goodErrors(), f.p(0.50), f.p(0.99),
                    f.goodMicros().size(), f.goodErrors(), f.floodSent(), f.floodSent() / f.seconds(), f.floodStatuses());
        }
        System.out.printf("WRONG-TOKEN-FLOOD median of %d: good client alone p50 %.1f ms p99 %.1f ms; during the flood"
                + " p50 %.1f ms p99 %.1f ms%n", runs, median(quiet, 0.50), median(quiet, 0.99), median(flooded, 0.50),
                median(flooded, 0.99));
    }

    static double median(List<Phase> phases, double q) {
        List<Double> values = new ArrayList<>();
        phases.forEach(p -> values.add(p.p(q)));
        Collections.sort(values);
        return values.get(values.size() / 2);
    }

    static Phase phase(HttpClient http, URI users, String token, int seconds, int flood, int concurrency)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        AtomicLong sent = new AtomicLong();
        Thread flooder = new Thread(() -> {
            if (flood == 0) {
                return;
            }
            Semaphore inFlight = new Semaphore(concurrency);
            long intervalNanos = seconds * 1_000_000_000L / flood;
            long start = System.nanoTime();
            for (int i = 0; i < flood && !stop.get(); i++) {
                long due = start + i * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                try {
                    inFlight.acquire();
                } catch (InterruptedException e) {
                    return;
                }
                HttpRequest wrong = HttpRequest.newBuilder(users).timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer tether_wrong-" + i).build();
                sent.incrementAndGet();
                http.sendAsync(wrong, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                    statuses.merge(e == null ? r.statusCode() : -1, 1L, Long::sum);
                    inFlight.release();
                });
            }
        });
        long t0 = System.nanoTime();
        flooder.start();
        List<Long> micros = new ArrayList<>();
        int errors = 0;
        HttpRequest good = HttpRequest.newBuilder(users).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).build();
        long end = t0 + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            long s = System.nanoTime();
            try {
                HttpResponse<Void> r = http.send(good, HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() != 200) {
                    errors++;
                }
            } catch (Exception e) {
                errors++;
            }
            micros.add((System.nanoTime() - s) / 1000);
        }
        stop.set(true);
        flooder.join();
        double took = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(1000); // let the last flood answers come back before the next phase
        return new Phase(micros, errors, new TreeMap<>(statuses), sent.get(), took);
    }
}
