package dev.tether.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 of text, with one digest object per thread: every SCIM request hashes its bearer
 * token, and looking up the algorithm in the security providers each time cost more than the
 * hash itself. The digest is made on first use on each thread, never while the image is built.
 */
public final class Sha256 {

    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::newDigest);

    private Sha256() {
    }

    /** SHA-256 of the UTF-8 bytes of {@code text}. */
    public static byte[] of(String text) {
        MessageDigest digest = DIGEST.get();
        digest.reset();
        return digest.digest(text.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
