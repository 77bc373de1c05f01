package dev.tether.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.platform.ObserverOrder;
import dev.tether.signals.SignalReceived;
import dev.tether.signals.SignalSource;
import dev.tether.signals.SignalSourceChanged;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;

/**
 * The SSF receiver's facts on the directory's trail, in the transaction that made them: a source
 * created, paused, resumed, edited, deleted or asked to verify (the operator acts), its stream's
 * status changed at the transmitter (the system read it), and every SET accepted (the source
 * acts) with its issuer, jti, what each event did, and the raw SET as evidence. A SET about a
 * known user is on that user's trail (details.rootUser), and the revocations it set off follow
 * it under the same cause.
 */
@ApplicationScoped
public class SignalAuditObserver {

    private final AuditLog audit;
    private final ObjectMapper mapper;

    public SignalAuditObserver(AuditLog audit, ObjectMapper mapper) {
        this.audit = audit;
        this.mapper = mapper;
    }

    void onSource(@Observes @Priority(ObserverOrder.AUDIT) SignalSourceChanged e) {
        SignalSource s = e.source();
        AuditEntry entry = AuditEntry.of(s.directoryId(), "signal_source." + e.kind().name().toLowerCase(Locale.ROOT))
                .target("SignalSource", s.id())
                .cause(e.cause())
                .detail("issuer", s.issuer())
                .detail("delivery", s.delivery());
        switch (e.kind()) {
            case CREATED -> entry.detail("jwksUri", s.jwksUri())
                    .detail("audience", s.audience())
                    .detail("subjectMatch", mapper.valueToTree(s.subjectMatch()))
                    .detail("actions", mapper.valueToTree(s.actions()));
            case UPDATED -> {
                // what the operator changed, before and after
                if (e.previous() != null && !e.previous().subjectMatch().equals(s.subjectMatch())) {
                    entry.detail("subjectMatchBefore", mapper.valueToTree(e.previous().subjectMatch()));
                }
                entry.detail("subjectMatch", mapper.valueToTree(s.subjectMatch()));
                if (e.previous() != null) {
                    ObjectNode before = mapper.createObjectNode();
                    e.previous().actions().forEach((k, v) -> {
                        if (!v.equals(s.actions().get(k))) {
                            before.put(k, v);
                        }
                    });
                    entry.detail("actionsBefore", before);
                }
                entry.detail("actions", mapper.valueToTree(new java.util.TreeMap<>(s.actions())));
            }
            case VERIFICATION_REQUESTED -> entry.detail("streamId", s.streamId());
            case STREAM_STATUS -> {
                entry.detail("streamId", s.streamId()).detail("streamStatus", s.streamStatus());
                if (s.streamReason() != null) {
                    entry.detail("reason", s.streamReason());
                }
                if (e.previous() != null && e.previous().streamStatus() != null) {
                    entry.detail("streamStatusBefore", e.previous().streamStatus());
                }
            }
            default -> {
            }
        }
        audit.append(entry);
    }

    void onSignal(@Observes @Priority(ObserverOrder.AUDIT) SignalReceived e) {
        AuditEntry entry = AuditEntry.of(e.directoryId(), "signal.receive")
                .target("SignalSource", e.sourceId())
                .cause(e.cause())
                .detail("issuer", e.issuer())
                .detail("jti", e.jti())
                .detail("events", (ObjectNode) mapper.valueToTree(e.actions()))
                .detail("set", e.rawSet());
        if (e.subject() != null) {
            entry.detail("subject", mapper.valueToTree(e.subject()));
        }
        if (e.userId() != null) {
            entry.detail("rootUser", e.userId().toString());
        }
        audit.append(entry);
    }
}
