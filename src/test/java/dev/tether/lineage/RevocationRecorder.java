package dev.tether.lineage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what lineage publishes inside its transactions, for tests to inspect. */
@ApplicationScoped
public class RevocationRecorder {

    private final List<RevocationEvent> revocations = new CopyOnWriteArrayList<>();
    private final List<CascadeCompleted> cascades = new CopyOnWriteArrayList<>();

    /** Methods, not fields: a test sees this bean through its client proxy. */
    public List<RevocationEvent> revocations() {
        return List.copyOf(revocations);
    }

    public List<CascadeCompleted> cascades() {
        return List.copyOf(cascades);
    }

    void onRevocation(@Observes RevocationEvent event) {
        revocations.add(event);
    }

    void onCascade(@Observes CascadeCompleted event) {
        cascades.add(event);
    }
}
