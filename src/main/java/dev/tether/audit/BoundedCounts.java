package dev.tether.audit;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

/**
 * Counts refusals per key for one window without ever blocking on the database, and hands the
 * window over whole when it is written. Bounded: past {@code maxKeys} distinct keys a key is
 * counted under its overflow key ("other"), and past {@code hardLimit} keys it is only counted
 * as dropped, so a flood of distinct sources cannot grow memory without end.
 */
final class BoundedCounts<K> {

    /** A finished window: its counts, and how many refusals no key could hold. */
    record Window<K>(Instant from, Instant to, Map<K, LongAdder> counts, long dropped) {
    }

    private record Current<K>(Instant from, Map<K, LongAdder> counts) {
    }

    private final int maxKeys;
    private final int hardLimit;
    private final AtomicReference<Current<K>> current;
    private final AtomicLong dropped = new AtomicLong();

    BoundedCounts(int maxKeys, int hardLimit, Instant start) {
        this.maxKeys = maxKeys;
        this.hardLimit = hardLimit;
        this.current = new AtomicReference<>(new Current<>(start, new ConcurrentHashMap<>()));
    }

    void add(K key, UnaryOperator<K> overflow) {
        Map<K, LongAdder> counts = current.get().counts();
        LongAdder count = counts.get(key);
        if (count == null) {
            if (counts.size() >= maxKeys) {
                key = overflow.apply(key);
                if (!counts.containsKey(key) && counts.size() >= hardLimit) {
                    dropped.incrementAndGet();
                    return;
                }
            }
            count = counts.computeIfAbsent(key, k -> new LongAdder());
        }
        count.increment();
    }

    /** Ends the current window at {@code now} and starts the next. */
    Window<K> swap(Instant now) {
        Current<K> done = current.getAndSet(new Current<>(now, new ConcurrentHashMap<>()));
        return new Window<>(done.from(), now, done.counts(), dropped.getAndSet(0));
    }
}
