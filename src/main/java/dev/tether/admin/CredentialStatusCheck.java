package dev.tether.admin;

import dev.tether.lineage.Credential;
import dev.tether.lineage.Credentials;
import dev.tether.platform.LineageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Answers "is this credential still good, and on whose authority?" for a batch of credentials
 * known by audience and external id, in one directory or in all of them. Shared by the
 * per-directory endpoint and the cross-directory one downstream apps call.
 */
@ApplicationScoped
public class CredentialStatusCheck {

    /** The reason a credential of a disabled directory is not active. */
    static final String DIRECTORY_DISABLED = "directory_disabled";

    static final String NEEDS_HANDLE = "every credential needs \"audience\" and \"externalId\"";

    @Inject
    Credentials credentials;

    @Inject
    LineageConfig config;

    public record StatusRequest(@Schema(required = true) List<CredentialHandle> credentials) implements BodyFaults.Checked {

        @Override
        public void check(BodyFaults faults) {
            faults.required("credentials", credentials, "\"credentials\" must be an array of {\"audience\", \"externalId\"}")
                    .each("credentials", credentials, NEEDS_HANDLE);
        }
    }

    public record CredentialHandle(@Schema(required = true) String audience, @Schema(required = true) String externalId)
            implements BodyFaults.Checked {

        @Override
        public void check(BodyFaults faults) {
            faults.required("audience", audience, NEEDS_HANDLE).required("externalId", externalId, NEEDS_HANDLE);
        }
    }

    public record StatusView(String audience, String externalId, boolean found, boolean active, UUID credentialId,
            UUID directoryId, OffsetDateTime revokedAt, String reason, UUID rootUserId, List<UUID> chain) {
    }

    /** {@code directoryId} null: every directory. The body is already bound and checked. */
    public Map<String, List<StatusView>> check(UUID directoryId, StatusRequest body) {
        if (body.credentials().size() > config.statusBatchMax()) {
            throw AdminProblemException.badField("/credentials", "at most " + config.statusBatchMax() + " credentials per request");
        }
        List<Credentials.Handle> handles = new ArrayList<>();
        for (CredentialHandle h : body.credentials()) {
            handles.add(new Credentials.Handle(h.audience(), h.externalId()));
        }
        List<StatusView> out = new ArrayList<>();
        for (Credentials.Status s : credentials.status(directoryId, handles)) {
            Credential c = s.credential();
            // a disabled directory is inert: its credentials are not active while it stays disabled
            boolean inert = c != null && c.active() && s.directoryDisabled();
            out.add(c == null
                    ? new StatusView(s.handle().audience(), s.handle().externalId(), false, false, null, null, null, null,
                            null, List.of())
                    : new StatusView(c.audience(), c.externalId(), true, c.active() && !inert, c.id(), c.directoryId(),
                            c.revokedAt(), inert ? DIRECTORY_DISABLED : c.revokeReason(), s.rootUserId(), s.chain()));
        }
        return Map.of("credentials", out);
    }
}
