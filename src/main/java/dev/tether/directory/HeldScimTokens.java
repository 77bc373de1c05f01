package dev.tether.directory;

import dev.tether.platform.ScimLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SCIM bearer tokens this replica verified, held by their hash for a short while so that a busy IdP
 * client is not looked up in the database on every request. How late a change takes effect:
 * <ul>
 * <li>on this replica, at the commit that made it ({@link #forgetAfterCommit});</li>
 * <li>on other replicas, when the NOTIFY the database sends at that commit arrives
 * ({@link ScimAccessListener}); while a replica is not listening it holds nothing;</li>
 * <li>in any case, within {@code tether.scim.token-hold} of the verification, and never past the
 * token's own expiry.</li>
 * </ul>
 * A lookup that raced a change is not held: every change moves a generation on, and a verification
 * is held only if the generation it started under is still current after it was put.
 */
@ApplicationScoped
public class HeldScimTokens {

    static final int MAX_TOKENS = 10_000;

    private record Held(AuthenticatedScimToken token, long untilEpochMilli) {
    }

    private final Map<ByteBuffer, Held> held = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final TransactionSynchronizationRegistry transactions;
    private final long holdMillis;
    private volatile boolean listening;

    public HeldScimTokens(ScimLimits limits, TransactionSynchronizationRegistry transactions) {
        this.transactions = transactions;
        this.holdMillis = limits.tokenHold().toMillis();
    }

    /** The held verification of this token hash for this directory, if it is still good at {@code now}. */
    Optional<AuthenticatedScimToken> find(UUID directoryId, byte[] tokenHash, Instant now) {
        if (!listening) {
            return Optional.empty();
        }
        ByteBuffer key = ByteBuffer.wrap(tokenHash);
        Held h = held.get(key);
        if (h == null) {
            return Optional.empty();
        }
        if (now.toEpochMilli() >= h.untilEpochMilli()) {
            held.remove(key, h);
            return Optional.empty();
        }
        // Held under another directory: the lookup decides (and refuses it).
        return h.token().directoryId().equals(directoryId) ? Optional.of(h.token()) : Optional.empty();
    }

    /** Read before a lookup whose result may be held. */
    long generation() {
        return generation.get();
    }

    /**
     * Holds a verification made under {@code generationBefore}, until the hold ends or the token
     * expires, whichever is first; not at all if anything changed since the lookup began.
     */
    void hold(byte[] tokenHash, AuthenticatedScimToken token, Instant expiresAt, Instant now, long generationBefore) {
        if (!listening || holdMillis <= 0) {
            return;
        }
        long until = now.toEpochMilli() + holdMillis;
        if (expiresAt != null) {
            until = Math.min(until, expiresAt.toEpochMilli());
        }
        if (until <= now.toEpochMilli()) {
            return;
        }
        makeRoom(now.toEpochMilli());
        ByteBuffer key = ByteBuffer.wrap(tokenHash.clone());
        Held h = new Held(token, until);
        held.put(key, h);
        // A change that moved the generation after our lookup may have forgotten before we put.
        if (generation.get() != generationBefore) {
            held.remove(key, h);
        }
    }

    /** Forgets the directory's tokens now: something about them or it changed and is committed. */
    public void forget(UUID directoryId) {
        generation.incrementAndGet();
        held.values().removeIf(h -> h.token().directoryId().equals(directoryId));
    }

    /**
     * Forgets the directory's tokens when the current transaction ends (committed or not: forgetting
     * too much only costs a lookup). Forgetting before the commit would let a request in between
     * hold the state the commit is about to change.
     */
    public void forgetAfterCommit(UUID directoryId) {
        if (transactions.getTransactionKey() == null) {
            forget(directoryId);
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                forget(directoryId);
            }
        });
    }

    /** Forgets every held token (a change the listener could not place). */
    void forgetAll() {
        generation.incrementAndGet();
        held.clear();
    }

    /** The listener hears every change from now on: holding is safe. */
    void startHolding() {
        forgetAll();
        listening = true;
    }

    /** The listener lost its connection: changes may go unheard, so nothing is held until it is back. */
    void stopHolding() {
        listening = false;
        forgetAll();
    }

    /** How many verifications are held now (for tests). */
    int size() {
        return held.size();
    }

    private void makeRoom(long nowMillis) {
        if (held.size() < MAX_TOKENS) {
            return;
        }
        held.values().removeIf(h -> h.untilEpochMilli() <= nowMillis);
        if (held.size() >= MAX_TOKENS) {
            held.clear();
        }
    }
}
