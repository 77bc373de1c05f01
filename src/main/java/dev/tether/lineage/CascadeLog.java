package dev.tether.lineage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.jboss.logging.Logger;

/**
 * One line in the log for each cascade that revoked something, once it committed: what an
 * operator looks for first after a leaver, tied to the request that caused it by the request id
 * the log context carries, and to its events and audit records by the txn.
 */
@ApplicationScoped
class CascadeLog {

    private static final Logger LOG = Logger.getLogger(CascadeRevocation.class);

    void onCascade(@Observes(during = TransactionPhase.AFTER_SUCCESS) CascadeCompleted done) {
        if (done.delegationsRevoked() + done.credentialsRevoked() + done.agentsSuspended() == 0) {
            return;
        }
        LOG.infof("%s cascade in directory %s: %d delegations and %d credentials revoked, %d agents suspended (txn %s)",
                done.reason().code(), done.directoryId(), done.delegationsRevoked(), done.credentialsRevoked(),
                done.agentsSuspended(), done.cause().txn());
    }
}
