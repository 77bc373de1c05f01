package dev.tether.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.audit.AuditCheckpointSigned;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;

/**
 * Publishes each signed audit checkpoint as an {@code audit.checkpoint} event in the sealer's
 * transaction, so subscribers hold copies of the chain head outside Tether's database.
 */
@ApplicationScoped
public class CheckpointPublisher {

    private final EventOutbox outbox;
    private final ObjectMapper mapper;

    public CheckpointPublisher(EventOutbox outbox, ObjectMapper mapper) {
        this.outbox = outbox;
        this.mapper = mapper;
    }

    void onCheckpoint(@Observes AuditCheckpointSigned checkpoint) {
        ObjectNode data = mapper.createObjectNode();
        data.put("directoryId", checkpoint.directoryId().toString());
        data.put("chainLength", checkpoint.chainLength());
        data.put("headHash", checkpoint.headHash());
        data.put("signedAt", checkpoint.signedAt().toString());
        data.put("jws", checkpoint.jws());
        // the subject is the directory's chain: one sequence per directory orders its checkpoints
        outbox.publish(new EventFact(checkpoint.directoryId(), EventTypes.AUDIT_CHECKPOINT, "AuditChain",
                checkpoint.directoryId(), UUID.randomUUID(), checkpoint.signedAt(), data));
    }
}
