package dev.tether.lineage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Records what lineage publishes inside its transactions, for tests to inspect. Plain
 * synchronized lists: a copy-on-write list would copy every fact so far on each add, which made
 * a 10 000-credential leaver look slower than it is.
 */
@ApplicationScoped
public class RevocationRecorder {

    private final List<RevocationEvent> revocations = Collections.synchronizedList(new ArrayList<>());
    private final List<CascadeCompleted> cascades = Collections.synchronizedList(new ArrayList<>());

    /** Methods, not fields: a test sees this bean through its client proxy. */
    public List<RevocationEvent> revocations() {
        synchronized (revocations) {
            return List.copyOf(revocations);
        }
    }

    public List<CascadeCompleted> cascades() {
        synchronized (cascades) {
            return List.copyOf(cascades);
        }
    }

    void onRevocations(@Observes RevocationBatch batch) {
        revocations.addAll(batch.revocations());
    }

    void onCascade(@Observes CascadeCompleted event) {
        cascades.add(event);
    }
}
