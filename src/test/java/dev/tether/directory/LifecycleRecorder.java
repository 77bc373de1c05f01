package dev.tether.directory;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what the directory publishes inside its transactions, for tests to inspect. */
@ApplicationScoped
public class LifecycleRecorder {

    private final List<UserLifecycleEvent> users = new CopyOnWriteArrayList<>();
    private final List<MembershipEvent> memberships = new CopyOnWriteArrayList<>();

    void onUser(@Observes UserLifecycleEvent event) {
        users.add(event);
    }

    void onMembership(@Observes MembershipEvent event) {
        memberships.add(event);
    }

    /** The classifications of one user's writes, oldest first. */
    public List<Lifecycle> of(String userId) {
        UUID id = UUID.fromString(userId);
        return users.stream().filter(e -> e.userId().equals(id)).map(UserLifecycleEvent::lifecycle).toList();
    }

    public Lifecycle last(String userId) {
        List<Lifecycle> all = of(userId);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /** Membership events naming this member as added (true) or removed (false). */
    public long membershipChanges(String memberId, boolean added) {
        UUID id = UUID.fromString(memberId);
        return memberships.stream()
                .filter(e -> (added ? e.added() : e.removed()).stream().anyMatch(m -> m.id().equals(id)))
                .count();
    }
}
