package dev.tether.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Two ways to load a server. A closed loop ({@link #run}): N platform threads, each sending its
 * next request as soon as the previous one answered, until the run's time or operation count is
 * used up; it finds the most a server can do, but a slow answer also slows the sender, so queueing
 * stays hidden. An open loop ({@link #openLoop}): requests are due at a fixed offered rate whatever
 * the server does, and each latency is measured from the moment the request was due, so time spent
 * waiting behind slow answers counts (no coordinated omission). Latency is in microseconds, into
 * one HdrHistogram per thread.
 */
final class Load {

    /** One request. Returns normally when the answer is the expected one; throws otherwise. */
    interface Op {
        void call(int client, long seq) throws Exception;
    }

    record Stats(long ok, long errors, double seconds, Histogram latency, List<String> errorSamples,
                 CpuMeter.Usage cpu) {
        double throughput() {
            return ok / seconds;
        }

        double p50() {
            return ms(latency.getValueAtPercentile(50));
        }

        double p99() {
            return ms(latency.getValueAtPercentile(99));
        }

        double max() {
            return ms(latency.getMaxValue());
        }

        private static double ms(long micros) {
            return micros / 1000.0;
        }

        String summary() {
            return String.format("%d ok, %d errors in %.1f s: %.0f/s, p50 %.2f ms, p99 %.2f ms, max %.1f ms; cpu %s",
                    ok, errors, seconds, throughput(), p50(), p99(), max(), cpu);
        }
    }

    private Load() {
    }

    /** Runs op on {@code clients} threads for {@code seconds} or {@code maxOps} operations, whichever ends first. */
    static Stats run(String name, int clients, double seconds, long maxOps, Op op) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        AtomicLong seq = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<String> samples = new CopyOnWriteArrayList<>();
        Histogram[] histograms = new Histogram[clients];
        long[] oks = new long[clients];
        List<Thread> threads = new ArrayList<>();
        CpuMeter cpu = CpuMeter.start();
        long start = System.nanoTime();
        long[] ends = new long[clients];
        for (int c = 0; c < clients; c++) {
            int client = c;
            histograms[c] = new Histogram(3_600_000_000L, 3);
            Thread t = new Thread(() -> {
                Histogram h = histograms[client];
                while (System.nanoTime() < deadline) {
                    long n = seq.getAndIncrement();
                    if (n >= maxOps) {
                        break;
                    }
                    long t0 = System.nanoTime();
                    if (call(op, client, n, t0, h, samples)) {
                        oks[client]++;
                    } else {
                        errors.incrementAndGet();
                    }
                }
                ends[client] = System.nanoTime();
            }, name + "-" + c);
            threads.add(t);
            t.start();
        }
        join(threads);
        long end = 0;
        for (long e : ends) {
            end = Math.max(end, e);
        }
        return stats(histograms, oks, errors, samples, end - start, cpu);
    }

    /**
     * Offers {@code rate} requests per second for {@code seconds} (or {@code maxOps} requests),
     * request i due at start + i / rate, sent by whichever of {@code threads} senders is free.
     * A request sent late (every sender busy) has its lateness in its latency. The throughput is
     * the rate achieved; when it is below the offered rate the server did not keep up.
     */
    static Stats openLoop(String name, int threads, double rate, double seconds, long maxOps, Op op) {
        long total = Math.min(maxOps, (long) (rate * seconds));
        long intervalNanos = (long) (1e9 / rate);
        AtomicLong seq = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<String> samples = new CopyOnWriteArrayList<>();
        Histogram[] histograms = new Histogram[threads];
        long[] oks = new long[threads];
        List<Thread> senders = new ArrayList<>();
        CpuMeter cpu = CpuMeter.start();
        long start = System.nanoTime() + 1_000_000; // every sender ready before the first is due
        for (int c = 0; c < threads; c++) {
            int client = c;
            histograms[c] = new Histogram(3_600_000_000L, 3);
            Thread t = new Thread(() -> {
                Histogram h = histograms[client];
                while (true) {
                    long n = seq.getAndIncrement();
                    if (n >= total) {
                        return;
                    }
                    long due = start + n * intervalNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    if (call(op, client, n, due, h, samples)) {
                        oks[client]++;
                    } else {
                        errors.incrementAndGet();
                    }
                }
            }, name + "-" + c);
            senders.add(t);
            t.start();
        }
        join(senders);
        long end = System.nanoTime();
        return stats(histograms, oks, errors, samples, end - start, cpu);
    }

    /** Runs one request; records its latency from {@code fromNanos} (sent or due). True when it succeeded. */
    private static boolean call(Op op, int client, long n, long fromNanos, Histogram h, List<String> samples) {
        boolean ok;
        try {
            op.call(client, n);
            ok = true;
        } catch (Exception | AssertionError e) {
            ok = false;
            if (samples.size() < 5) {
                samples.add(String.valueOf(e.getMessage()));
            }
        }
        long micros = Math.max(1, (System.nanoTime() - fromNanos) / 1000);
        h.recordValue(Math.min(micros, h.getHighestTrackableValue()));
        return ok;
    }

    private static Stats stats(Histogram[] histograms, long[] oks, AtomicLong errors, List<String> samples,
            long elapsedNanos, CpuMeter cpu) {
        Histogram all = new Histogram(3_600_000_000L, 3);
        long ok = 0;
        for (int c = 0; c < histograms.length; c++) {
            all.add(histograms[c]);
            ok += oks[c];
        }
        Stats s = new Stats(ok, errors.get(), elapsedNanos / 1e9, all, List.copyOf(samples), cpu.stop());
        for (String e : s.errorSamples()) {
            System.out.println("    error: " + e);
        }
        return s;
    }

    /** Runs op once for every item on {@code clients} threads (loading data); fails on the first error. */
    static <T> double each(String name, int clients, List<T> items, Consumer<T> op) {
        AtomicLong next = new AtomicLong();
        Map<String, Throwable> failure = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                while (failure.isEmpty()) {
                    long i = next.getAndIncrement();
                    if (i >= items.size()) {
                        return;
                    }
                    try {
                        op.accept(items.get((int) i));
                    } catch (RuntimeException e) {
                        failure.putIfAbsent("first", e);
                    }
                }
            }, name + "-" + c);
            threads.add(t);
            t.start();
        }
        join(threads);
        if (!failure.isEmpty()) {
            Throwable e = failure.get("first");
            throw new IllegalStateException(name + " failed: " + e.getMessage(), e);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    static void join(List<Thread> threads) {
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    static Map<String, Object> describe(Stats s) {
        Map<String, Object> m = new TreeMap<>();
        m.put("ok", s.ok());
        m.put("errors", s.errors());
        m.put("seconds", round(s.seconds()));
        m.put("throughputPerSecond", round(s.throughput()));
        m.put("p50Ms", round(s.p50()));
        m.put("p99Ms", round(s.p99()));
        m.put("maxMs", round(s.max()));
        if (s.cpu() != null) {
            m.put("cpu", s.cpu().describe());
        }
        if (!s.errorSamples().isEmpty()) {
            m.put("errorSamples", s.errorSamples());
        }
        return m;
    }

    static String shorten(String s, int max) {
        String one = String.valueOf(s).replaceAll("\\s+", " ");
        return one.length() > max ? one.substring(0, max) + "…" : one;
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
