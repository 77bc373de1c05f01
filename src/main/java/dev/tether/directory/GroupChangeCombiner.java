package dev.tether.directory;

import dev.tether.platform.Transactions;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.jboss.logging.MDC;

/**
 * Combines concurrent changes to one group into one transaction (group commit). A change to a
 * group holds the group's row lock until its commit is on disk, so changes to a busy group
 * queue one flush after another; here the changes that wait while one runs are applied
 * together, in arrival order, and share one commit.
 *
 * <p>Each change still behaves as if it ran alone after the ones before it: it runs in a
 * savepoint of its own, sees the effects of the earlier ones, moves the version on once, and
 * its events and audit records are written by its own code under its own {@code Cause}. One
 * that fails (not found, If-Match, an invalid member, a database error) is rolled back to its
 * savepoint alone and its caller gets exactly its own failure; the others commit. Nothing is
 * answered before the commit; a deadlock or serialization failure reruns the whole set.
 *
 * <p>No thread of its own: the first waiting caller runs the set (the "leader"), the others
 * wait for their answer. A change must therefore take everything it needs from what it was
 * given (the {@code Cause}, the request) and not from the thread it runs on; the caller's
 * logging context is carried over for the time its change runs. Per group, state exists only
 * while changes to it are waiting or running.
 */
@ApplicationScoped
public class GroupChangeCombiner {

    /**
     * At most this many changes share a transaction. Each one's savepoint is a subtransaction,
     * and PostgreSQL keeps only 64 subtransaction ids per session in shared memory: past that,
     * every snapshot taken by any session has to look them up on disk.
     */
    static final int MOST_PER_TRANSACTION = 32;

    private final Transactions transactions;
    private final DataSource dataSource;
    private final TransactionSynchronizationRegistry transactionResources;
    private final Map<GroupKey, Lane> lanes = new ConcurrentHashMap<>();

    public GroupChangeCombiner(Transactions transactions, DataSource dataSource,
            TransactionSynchronizationRegistry transactionResources) {
        this.transactions = transactions;
        this.dataSource = dataSource;
        this.transactionResources = transactionResources;
    }

    /**
     * Runs {@code change} to the group in a transaction, possibly shared with other changes to
     * the same group, and returns what it returned (or throws what it threw) once that
     * transaction has committed. Inside a caller's transaction it simply joins that one.
     */
    public <T> T apply(UUID directoryId, UUID groupId, Transactions.Work<T> change) {
        if (QuarkusTransaction.isActive()) {
            return transactions.run(change);
        }
        GroupKey key = new GroupKey(directoryId, groupId);
        Change<T> mine = new Change<>(change, Thread.currentThread(), MDC.getMap());
        Lane lane = lanes.compute(key, (k, l) -> {
            Lane in = l == null ? new Lane() : l;
            in.users++;
            return in;
        });
        try {
            lane.take(mine, set -> runTogether(groupId, set));
        } finally {
            lanes.computeIfPresent(key, (k, l) -> --l.users == 0 ? null : l);
        }
        return mine.answer();
    }

    /** Runs the changes in one transaction, each in its own savepoint, and answers every one of them. */
    private void runTogether(UUID groupId, List<Change<?>> changes) {
        if (changes.size() == 1) {
            Change<?> only = changes.get(0);
            try {
                only.succeeded(transactions.run(() -> only.runAs(Thread.currentThread())));
            } catch (RuntimeException | Error e) {
                only.failed(e);
            }
            return;
        }
        List<Outcome> outcomes;
        try {
            outcomes = transactions.run(() -> {
                KnownGroupSize known = new KnownGroupSize(groupId);
                transactionResources.putResource(KnownGroupSize.class, known);
                List<Outcome> out = new ArrayList<>(changes.size());
                for (Change<?> c : changes) {
                    Outcome outcome = inSavepoint(c);
                    if (outcome.failure() != null) {
                        known.forget(); // what it counted may have included its own rolled-back adds
                    }
                    out.add(outcome);
                }
                return out;
            });
        } catch (OneCannotBeCombined e) {
            // a change left the transaction unable to commit: the set runs again, each change alone
            changes.forEach(c -> runTogether(groupId, List.of(c)));
            return;
        } catch (RuntimeException | Error e) {
            changes.forEach(c -> c.failed(e));
            return;
        }
        for (int i = 0; i < changes.size(); i++) {
            outcomes.get(i).answer(changes.get(i));
        }
    }

    private Outcome inSavepoint(Change<?> change) {
        try {
            return new Outcome(transactions.inSavepoint(dataSource, () -> change.runAs(Thread.currentThread())), null);
        } catch (RuntimeException e) {
            if (Transactions.isTransient(e)) {
                throw e;
            }
            if (QuarkusTransaction.isRollbackOnly()) {
                throw new OneCannotBeCombined();
            }
            return new Outcome(null, e);
        }
    }

    /** What one change came to inside the shared transaction; given to its caller only after the commit. */
    private record Outcome(Object value, RuntimeException failure) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        void answer(Change change) {
            if (failure != null) {
                change.failed(failure);
            } else {
                change.succeeded(value);
            }
        }
    }

    private static final class OneCannotBeCombined extends RuntimeException {
        OneCannotBeCombined() {
            super("a change marked the shared transaction rollback-only", null, false, false);
        }
    }

    private record GroupKey(UUID directoryId, UUID groupId) {
    }

    /** A caller's change, and its answer once there is one. */
    private static final class Change<T> {
        private final Transactions.Work<T> work;
        private final Thread caller;
        private final Map<String, Object> logContext;
        private T value;
        private Throwable failure;
        private boolean settled;
        private boolean answered; // guarded by the lane's lock

        Change(Transactions.Work<T> work, Thread caller, Map<String, Object> logContext) {
            this.work = work;
            this.caller = caller;
            this.logContext = logContext;
        }

        /** Runs the change; on another caller's thread, under its own caller's logging context. */
        T runAs(Thread runner) throws SQLException {
            if (runner == caller) {
                return work.run();
            }
            Map<String, Object> runnersContext = MDC.getMap();
            MDC.clear();
            logContext.forEach(MDC::put);
            try {
                return work.run();
            } finally {
                MDC.clear();
                runnersContext.forEach(MDC::put);
            }
        }

        @SuppressWarnings("unchecked")
        void succeeded(Object v) {
            value = (T) v;
            settled = true;
        }

        void failed(Throwable e) {
            failure = e;
            settled = true;
        }

        /** Its value, or what it threw: only unchecked failures reach here (see runTogether). */
        T answer() {
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null) {
                throw (RuntimeException) failure;
            }
            return value;
        }
    }

    /**
     * The changes waiting for one group, and whether a set of them is running. Whoever finds
     * none running takes the oldest waiting changes (its own among them, unless too many came
     * before it) and runs them; everyone else waits until theirs is answered or it is their turn.
     */
    private static final class Lane {
        int users; // changed only inside the map's compute for this lane's key

        private final ReentrantLock lock = new ReentrantLock();
        private final Condition turn = lock.newCondition();
        private final ArrayDeque<Change<?>> waiting = new ArrayDeque<>();
        private boolean running;

        void take(Change<?> mine, java.util.function.Consumer<List<Change<?>>> run) {
            lock.lock();
            try {
                waiting.add(mine);
                while (true) {
                    while (!mine.answered && running) {
                        turn.awaitUninterruptibly();
                    }
                    if (mine.answered) {
                        return;
                    }
                    running = true;
                    List<Change<?>> set = new ArrayList<>(Math.min(waiting.size(), MOST_PER_TRANSACTION));
                    while (!waiting.isEmpty() && set.size() < MOST_PER_TRANSACTION) {
                        set.add(waiting.poll());
                    }
                    lock.unlock();
                    try {
                        run.accept(set);
                    } finally {
                        lock.lock();
                        for (Change<?> c : set) {
                            if (!c.settled) {
                                c.failed(new IllegalStateException("the change was taken but not run"));
                            }
                            c.answered = true;
                        }
                        running = false;
                        turn.signalAll();
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
