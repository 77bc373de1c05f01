package dev.tether.signals;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A transmitter one directory receives Security Event Tokens from: who signs them
 * ({@code issuer}, keys only from {@code jwksUri}), what their {@code aud} must name, how a
 * subject is matched to a user, and what each event type does.
 *
 * @param actions         event name (account-disabled, session-revoked, …) → action, the defaults filled in
 * @param streamStatus    enabled, paused or disabled as the transmitter last said (stream-updated); null if never said
 * @param verificationState the {@code state} of the last verification event received; null before the first
 * @param streamCheckedAt  when the stream's status was last read from the transmitter (managed streams)
 * @param streamCheckError why that read failed; null when it succeeded
 * @param verificationRequestedAt when Tether last asked the transmitter for a verification event
 */
public record SignalSource(UUID id, UUID directoryId, String issuer, String jwksUri, String configurationUrl,
        String delivery, String audience, List<String> subjectMatch, Map<String, String> actions, String description,
        String status, boolean hasAuthorization, String streamId, String streamStatus, String streamReason,
        String pollUrl, OffsetDateTime verifiedAt, String verificationState, OffsetDateTime lastReceivedAt,
        OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime streamCheckedAt, String streamCheckError,
        OffsetDateTime verificationRequestedAt) {

    public static final String PUSH = "push";
    public static final String POLL = "poll";
    public static final String ACTIVE = "active";
    public static final String PAUSED = "paused";

    public SignalSource {
        subjectMatch = List.copyOf(subjectMatch);
        actions = Map.copyOf(actions);
    }
}
