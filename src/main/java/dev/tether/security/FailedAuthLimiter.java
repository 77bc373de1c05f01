package dev.tether.security;

import dev.tether.platform.FailedAuthLimits;
import dev.tether.platform.Sha256;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows down wrong SCIM tokens without slowing down right ones. Each failed authentication
 * takes one unit from the bucket of its source address and from the bucket of its directory;
 * a request that finds either empty is answered 429 at once, before any database work, so a
 * flood of wrong tokens costs almost nothing and cannot crowd out good clients.
 *
 * <p>A token that authenticated before on this replica (kept as its SHA-256, bounded) is always
 * checked against the database as usual, empty buckets or not: a good client that shares an
 * address or a directory with a flood is neither refused nor slowed, and a token revoked since
 * is still refused by the database check.
 *
 * <p>State is in memory, per replica: with N replicas behind a load balancer a source gets up
 * to N times the configured rate. Buckets are bounded ({@code max-tracked}); past the bound new
 * keys share one overflow bucket, which then limits them together.
 */
@ApplicationScoped
public class FailedAuthLimiter {

    /** What to do with a request before its token is looked up. */
    public record Verdict(boolean refused, long retryAfterSeconds) {
        static final Verdict GO = new Verdict(false, 0);
    }

    private static final String OVERFLOW = "\u0000overflow";

    private final Buckets sources;
    private final Buckets directories;
    private final int maxTracked;
    private final Map<String, Boolean> knownGood = new ConcurrentHashMap<>();

    @Inject
    public FailedAuthLimiter(FailedAuthLimits limits) {
        this(limits, System::nanoTime);
    }

    FailedAuthLimiter(FailedAuthLimits limits, LongSupplier nanoTime) {
        this.maxTracked = limits.maxTracked();
        this.sources = new Buckets(limits.perSourceBurst(), limits.perSourcePerSecond(), maxTracked, nanoTime);
        this.directories = new Buckets(limits.perDirectoryBurst(), limits.perDirectoryPerSecond(), maxTracked, nanoTime);
    }

    /** Before the lookup: refused (with the seconds to wait) when a bucket is empty and the token is not known good. */
    public Verdict check(String source, Optional<UUID> directory, Optional<String> bearer) {
        if (bearer.isPresent() && directory.isPresent() && knownGood.containsKey(key(directory.get(), bearer.get()))) {
            return Verdict.GO;
        }
        double wait = Math.max(sources.waitSeconds(sourceKey(source)),
                directory.map(d -> directories.waitSeconds(d.toString())).orElse(0.0));
        return wait > 0 ? new Verdict(true, Math.max(1, (long) Math.ceil(wait))) : Verdict.GO;
    }

    /** After a failed authentication: one unit from each bucket. */
    public void failed(String source, Optional<UUID> directory) {
        sources.take(sourceKey(source));
        directory.ifPresent(d -> directories.take(d.toString()));
    }

    /** After a successful authentication: the token passes whatever the buckets say, from now on. */
    public void succeeded(UUID directory, String bearer) {
        if (knownGood.size() >= maxTracked) {
            knownGood.clear(); // rare: good tokens are few; they are learnt again on their next success
        }
        String key = key(directory, bearer);
        // Read before writing: every request of a busy client succeeds with the same token, and
        // a put locks the key's bin even when the value is already there.
        if (!knownGood.containsKey(key)) {
            knownGood.put(key, Boolean.TRUE);
        }
    }

    private static String sourceKey(String source) {
        return source == null ? "unknown" : source;
    }

    private static String key(UUID directory, String bearer) {
        return java.util.Base64.getEncoder().encodeToString(Sha256.of(directory + " " + bearer));
    }

    /** Token buckets by key, bounded; a bucket that is full again is forgotten. */
    static final class Buckets {
        private final double capacity;
        private final double perNano;
        private final int max;
        private final LongSupplier nanoTime;
        private final Map<String, Bucket> byKey = new ConcurrentHashMap<>();

        Buckets(int capacity, double perSecond, int max, LongSupplier nanoTime) {
            this.capacity = capacity;
            this.perNano = perSecond / 1e9;
            this.max = max;
            this.nanoTime = nanoTime;
        }

        /** Seconds until one unit is available; 0 when one is now. */
        double waitSeconds(String key) {
            Bucket b = byKey.get(key);
            if (b == null && byKey.size() >= max) {
                b = byKey.get(OVERFLOW);
            }
            if (b == null) {
                return 0;
            }
            synchronized (b) {
                b.refill(nanoTime.getAsLong(), capacity, perNano);
                if (b.units >= 1) {
                    return 0;
                }
                return perNano <= 0 ? 3600 : (1 - b.units) / perNano / 1e9;
            }
        }

        void take(String key) {
            Bucket b = byKey.get(key);
            if (b == null) {
                if (byKey.size() >= max) {
                    sweep();
                }
                b = byKey.size() >= max ? byKey.computeIfAbsent(OVERFLOW, k -> new Bucket(capacity, nanoTime.getAsLong()))
                        : byKey.computeIfAbsent(key, k -> new Bucket(capacity, nanoTime.getAsLong()));
            }
            synchronized (b) {
                b.refill(nanoTime.getAsLong(), capacity, perNano);
                b.units = Math.max(0, b.units - 1);
            }
        }

        /** Forgets the buckets that have filled up again: they limit nothing. */
        private synchronized void sweep() {
            long now = nanoTime.getAsLong();
            byKey.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    e.getValue().refill(now, capacity, perNano);
                    return e.getValue().units >= capacity;
                }
            });
        }

        int size() {
            return byKey.size();
        }
    }

    static final class Bucket {
        double units;
        long at;

        Bucket(double units, long at) {
            this.units = units;
            this.at = at;
        }

        void refill(long now, double capacity, double perNano) {
            if (now > at) {
                units = Math.min(capacity, units + (now - at) * perNano);
                at = now;
            }
        }
    }
}
