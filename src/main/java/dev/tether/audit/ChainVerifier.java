package dev.tether.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.PublicKey;
import java.util.Map;

/**
 * Checks one directory's chain as it streams by: records in position order, each checkpoint
 * fed once the records up to its chain length have been (or at the end). Stops at the first
 * fault and remembers where it is. Used by the verify endpoint and the standalone verifier,
 * so both give the same answer for the same rows.
 */
public final class ChainVerifier {

    /**
     * The answer of a verification; firstBrokenPosition and reason only when not ok. unsignedTail
     * (only when ok): how many records follow the last signed checkpoint, vouched for by nothing
     * outside the database yet.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(boolean ok, long checkedThrough, Long signedThrough, Long firstBrokenPosition,
            String reason, Long unsignedTail) {
    }

    private final String directoryId;
    private final Map<String, ? extends PublicKey> keysByKid;
    private final ObjectMapper mapper;

    private long startPosition;
    private String startHash = AuditChain.GENESIS_HASH;
    private boolean startVouched = true;
    private long head;
    private String headHash = AuditChain.GENESIS_HASH;
    private long lastCheckpointLength;
    private String lastCheckpointHash;
    private Long signedThrough;
    private Long brokenAt;
    private String reason;

    /** keysByKid: every key a checkpoint of this chain may be signed with, by its kid (RFC 7638 thumbprint). */
    public ChainVerifier(String directoryId, Map<String, ? extends PublicKey> keysByKid, ObjectMapper mapper) {
        this.directoryId = directoryId;
        this.keysByKid = Map.copyOf(keysByKid);
        this.mapper = mapper;
    }

    /** The chain starts after this position (a retention cut); a checkpoint there must vouch for it. */
    public void startAfter(long position, String hash) {
        startPosition = position;
        startHash = hash;
        head = position;
        headHash = hash;
        startVouched = position == 0;
    }

    public boolean broken() {
        return brokenAt != null;
    }

    public long head() {
        return head;
    }

    public void record(long position, String prevHash, String hash, JsonNode record) {
        if (broken()) {
            return;
        }
        if (!startVouched) {
            fail(startPosition + 1, "the chain starts after position " + startPosition
                    + " but no checkpoint at that position vouches for it");
            return;
        }
        if (position > head + 1) {
            fail(head + 1, "record at position " + (head + 1) + " is missing");
            return;
        }
        if (position <= head) {
            fail(position, "position " + position + " appears twice or out of order");
            return;
        }
        if (record == null || record.path("position").asLong(-1) != position
                || !directoryId.equals(record.path("directory").asText())) {
            fail(position, "record does not state its own position and directory");
            return;
        }
        if (!headHash.equals(prevHash)) {
            fail(position, "prev_hash does not match the hash of position " + head);
            return;
        }
        String recomputed;
        try {
            recomputed = AuditChain.hash(headHash, record);
        } catch (IllegalArgumentException e) {
            fail(position, "record cannot be canonicalized: " + e.getMessage());
            return;
        }
        if (!recomputed.equals(hash)) {
            fail(position, "hash does not match the record's content");
            return;
        }
        head = position;
        headHash = hash;
    }

    /**
     * A checkpoint, with the chain length and head hash the row or line claims (null when only
     * the JWS is given): the JWS is what counts, the claims must agree with it.
     */
    public void checkpoint(String jws, Long claimedLength, String claimedHead) {
        if (broken()) {
            return;
        }
        long at = claimedLength == null ? head + 1 : claimedLength;
        JsonNode payload;
        try {
            payload = CheckpointJws.verify(jws, keysByKid, mapper);
        } catch (CheckpointJws.InvalidCheckpointException e) {
            fail(at, "checkpoint at chain length " + at + ": " + e.getMessage());
            return;
        }
        long length = payload.path("chainLength").asLong(-1);
        String signedHead = payload.path("headHash").asText(null);
        if (!directoryId.equals(payload.path("directory").asText()) || length <= 0 || !AuditChain.isHash(signedHead)) {
            fail(at, "checkpoint at chain length " + at + " is not a checkpoint of this directory");
            return;
        }
        if ((claimedLength != null && claimedLength != length) || (claimedHead != null && !claimedHead.equals(signedHead))) {
            fail(Math.min(at, length), "checkpoint at chain length " + at + " differs from what was signed");
            return;
        }
        JsonNode previous = payload.path("previous");
        boolean extendsPrevious = lastCheckpointHash == null
                ? previous.isMissingNode() || previous.isNull() || startPosition > 0
                : previous.path("chainLength").asLong(-1) == lastCheckpointLength
                        && lastCheckpointHash.equals(previous.path("headHash").asText());
        if (length <= lastCheckpointLength || !extendsPrevious) {
            fail(length, "checkpoint at chain length " + length + " does not extend the previous checkpoint");
            return;
        }
        lastCheckpointLength = length;
        lastCheckpointHash = signedHead;
        if (length < startPosition) {
            return; // its records were removed by retention; the signature and sequence are all we can check
        }
        if (length == startPosition) {
            if (!signedHead.equals(startHash)) {
                fail(length, "the retention cut at position " + length + " does not match its checkpoint");
                return;
            }
            startVouched = true;
            signedThrough = length;
            return;
        }
        if (length > head) {
            fail(head + 1, "a checkpoint covers " + length + " records but the chain ends at " + head);
            return;
        }
        if (length < head) {
            fail(length, "checkpoint at chain length " + length + " arrived after later records");
            return;
        }
        if (!signedHead.equals(headHash)) {
            fail(length, "checkpoint head hash differs from the chain at position " + length);
            return;
        }
        signedThrough = length;
    }

    public Result result() {
        if (!broken() && !startVouched) {
            fail(startPosition + 1, "the chain starts after position " + startPosition
                    + " but no checkpoint at that position vouches for it");
        }
        if (broken()) {
            return new Result(false, Math.min(head, brokenAt - 1), signedThrough, brokenAt, reason, null);
        }
        return new Result(true, head, signedThrough, null, null,
                head - (signedThrough == null ? startPosition : signedThrough));
    }

    private void fail(long position, String why) {
        brokenAt = position;
        reason = why;
    }
}
