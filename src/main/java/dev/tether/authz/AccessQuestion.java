package dev.tether.authz;

import java.util.UUID;

/**
 * One AuthZEN question, reduced to what the delegation graph can answer: may this agent (or the
 * holder of this credential) perform {@code action} on a resource of {@code audience}, resting
 * on this delegation if one is named? Null fields are not named by the caller.
 *
 * @param agentId       the subject agent; null when the subject is a credential
 * @param credentialId  the credential named by id
 * @param credentialExternalId the credential named by its handle (with {@code audience} when the
 *                      handle is used for several audiences)
 * @param delegationId  the delegation the caller says the agent acts under
 * @param action        the scope asked for
 * @param audience      the resource's audience
 * @param unanswerable  a reason code when the question names nothing this directory could hold
 *                      (a subject type Tether does not know, an id that is no id): denied as such
 */
public record AccessQuestion(UUID agentId, UUID credentialId, String credentialExternalId, UUID delegationId,
        String action, String audience, String unanswerable) {

    public boolean namesCredential() {
        return credentialId != null || credentialExternalId != null;
    }

    public static AccessQuestion unanswerable(String action, String reason) {
        return new AccessQuestion(null, null, null, null, action, null, reason);
    }
}
