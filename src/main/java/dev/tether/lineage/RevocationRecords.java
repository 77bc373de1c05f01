package dev.tether.lineage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.audit.AuditEntry;
import dev.tether.audit.AuditLog;
import dev.tether.events.EventFact;
import dev.tether.events.EventOutbox;
import dev.tether.events.EventTypes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.RollbackException;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes every revocation and suspension the cascade makes into the outbox (so subscribed apps
 * hear of it) and into the audit trail (so it can be proven later), inside the transaction
 * that revoked it: the revocation, its event and its record commit together or not at all.
 * Facts are gathered per transaction and written in one batch when the cascade completes (or,
 * for revocations outside a cascade, just before commit), so a leaver revoking 10 000
 * credentials costs a few statements here, not 20 000.
 */
@ApplicationScoped
public class RevocationRecords {

    private static final Object PENDING = RevocationRecords.class.getName() + ".pending";

    private final EventOutbox outbox;
    private final AuditLog audit;
    private final ObjectMapper mapper;
    private final TransactionManager transactionManager;
    private final TransactionSynchronizationRegistry transaction;

    public RevocationRecords(EventOutbox outbox, AuditLog audit, ObjectMapper mapper,
            TransactionManager transactionManager, TransactionSynchronizationRegistry transaction) {
        this.outbox = outbox;
        this.audit = audit;
        this.mapper = mapper;
        this.transactionManager = transactionManager;
        this.transaction = transaction;
    }

    void onRevocation(@Observes RevocationEvent fact) {
        pending().add(fact);
    }

    void onCascadeCompleted(@Observes CascadeCompleted done) {
        flush();
    }

    @SuppressWarnings("unchecked")
    private List<RevocationEvent> pending() {
        List<RevocationEvent> pending = (List<RevocationEvent>) transaction.getResource(PENDING);
        if (pending == null) {
            pending = new ArrayList<>();
            transaction.putResource(PENDING, pending);
            try {
                // a plain (not interposed) synchronization: the outbox may still register its own while it runs
                transactionManager.getTransaction().registerSynchronization(new Synchronization() {
                    @Override
                    public void beforeCompletion() {
                        if (transaction.getTransactionStatus() == Status.STATUS_ACTIVE) {
                            flush();
                        }
                    }

                    @Override
                    public void afterCompletion(int status) {
                    }
                });
            } catch (SystemException | RollbackException e) {
                throw new IllegalStateException("revocations must be recorded inside their transaction", e);
            }
        }
        return pending;
    }

    @SuppressWarnings("unchecked")
    private void flush() {
        List<RevocationEvent> pending = (List<RevocationEvent>) transaction.getResource(PENDING);
        if (pending == null || pending.isEmpty()) {
            return;
        }
        List<RevocationEvent> facts = new ArrayList<>(pending);
        pending.clear();
        List<EventFact> events = new ArrayList<>(facts.size());
        List<AuditEntry> records = new ArrayList<>(facts.size());
        for (RevocationEvent fact : facts) {
            events.add(new EventFact(fact.directoryId(), eventType(fact.kind()), subjectType(fact.kind()),
                    subjectId(fact), fact.cause(), fact.at().toInstant(), data(fact)));
            records.add(auditEntry(fact));
        }
        outbox.publish(events);
        audit.appendAll(records);
    }

    private AuditEntry auditEntry(RevocationEvent fact) {
        AuditEntry entry = AuditEntry.of(fact.directoryId(), auditAction(fact.kind()))
                .actor(AuditEntry.Actor.SYSTEM)
                .target(subjectType(fact.kind()), subjectId(fact))
                .cause(fact.cause())
                .detail("reason", fact.reason().code());
        // the user-trail endpoint finds a leaver's consequences by details.rootUser
        putIfKnown(entry, "rootUser", fact.rootUserId());
        putIfKnown(entry, "delegation", fact.delegationId());
        putIfKnown(entry, "agent", fact.agentId());
        putIfKnown(entry, "credential", fact.credentialId());
        return entry;
    }

    /** The chain root user → delegation → agent → credential, as far as the fact names it. */
    private ObjectNode data(RevocationEvent fact) {
        ObjectNode data = mapper.createObjectNode();
        data.put("directoryId", fact.directoryId().toString());
        data.put("reason", fact.reason().code());
        ObjectNode chain = data.putObject("chain");
        putIfKnown(chain, "rootUserId", fact.rootUserId());
        putIfKnown(chain, "delegationId", fact.delegationId());
        putIfKnown(chain, "agentId", fact.agentId());
        putIfKnown(chain, "credentialId", fact.credentialId());
        return data;
    }

    private static void putIfKnown(ObjectNode node, String name, UUID id) {
        if (id != null) {
            node.put(name, id.toString());
        }
    }

    private static void putIfKnown(AuditEntry entry, String name, UUID id) {
        if (id != null) {
            entry.detail(name, id.toString());
        }
    }

    private static UUID subjectId(RevocationEvent fact) {
        switch (fact.kind()) {
            case DELEGATION_REVOKED:
                return fact.delegationId();
            case CREDENTIAL_REVOKED:
                return fact.credentialId();
            default:
                return fact.agentId();
        }
    }

    private static String subjectType(RevocationEvent.Kind kind) {
        switch (kind) {
            case DELEGATION_REVOKED:
                return "Delegation";
            case CREDENTIAL_REVOKED:
                return "Credential";
            default:
                return "Agent";
        }
    }

    private static String eventType(RevocationEvent.Kind kind) {
        switch (kind) {
            case DELEGATION_REVOKED:
                return EventTypes.DELEGATION_REVOKED;
            case CREDENTIAL_REVOKED:
                return EventTypes.CREDENTIAL_REVOKED;
            default:
                return EventTypes.AGENT_SUSPENDED;
        }
    }

    private static String auditAction(RevocationEvent.Kind kind) {
        switch (kind) {
            case DELEGATION_REVOKED:
                return "delegation.revoke";
            case CREDENTIAL_REVOKED:
                return "credential.revoke";
            default:
                return "agent.suspend";
        }
    }
}
