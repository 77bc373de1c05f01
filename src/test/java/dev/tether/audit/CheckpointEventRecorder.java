package dev.tether.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for the events feature: what an audit.checkpoint publisher would receive. */
@ApplicationScoped
public class CheckpointEventRecorder {

    private final List<AuditCheckpointSigned> signed = new CopyOnWriteArrayList<>();

    void onCheckpoint(@Observes AuditCheckpointSigned event) {
        signed.add(event);
    }

    /** A method, not the field: the injected reference is a client proxy. */
    public List<AuditCheckpointSigned> signed() {
        return List.copyOf(signed);
    }
}
