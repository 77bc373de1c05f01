package dev.tether.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The chain rule, shared by the sealer, the verify endpoint and the standalone verifier:
 * {@code hash = SHA-256(prev_hash ‖ RFC 8785 JSON of the record)}, where prev_hash is the 32
 * raw bytes of the previous record's hash (32 zero bytes before the first record) and hashes
 * are written as lower-case hex.
 */
public final class AuditChain {

    /** The prev_hash of position 1. */
    public static final String GENESIS_HASH = "0".repeat(64);

    private AuditChain() {
    }

    public static String hash(String prevHashHex, JsonNode record) {
        MessageDigest sha = CanonicalJson.sha256();
        sha.update(HexFormat.of().parseHex(prevHashHex));
        sha.update(CanonicalJson.canonicalize(record).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest());
    }

    static boolean isHash(String value) {
        return value != null && value.matches("[0-9a-f]{64}");
    }
}
