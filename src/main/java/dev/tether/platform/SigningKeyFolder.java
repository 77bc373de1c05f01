package dev.tether.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The RSA pair in a folder ({@code private-key.pem} PKCS#8, {@code public-key.pem} X.509) that
 * signs something of Tether's own (SETs, audit checkpoints), following the files when they
 * change (see {@link ReloadedFiles}): the next signature after a change uses the new pair. A
 * pair is generated only when the folder has none at start, never on a reload. Remembers the
 * public keys this process signed with before, so what it signed then can still be verified.
 */
public final class SigningKeyFolder {

    private static final Logger LOG = Logger.getLogger(SigningKeyFolder.class);

    public static final int MIN_BITS = 2048;
    /** How many earlier public keys one process remembers; configured previous keys have no limit. */
    static final int EARLIER_KEPT = 16;

    /** The signing half, its public half and its kid (the RFC 7638 thumbprint of the public half). */
    public record SigningKey(PrivateKey privateKey, RSAPublicKey publicKey, String kid) {
    }

    private final String purpose;
    private final Path folder;
    private final ReloadedFiles<SigningKey> files;
    private volatile List<RSAPublicKey> earlier = List.of();

    private SigningKeyFolder(String purpose, Path folder, Duration reloadInterval) {
        this.purpose = purpose;
        this.folder = folder;
        Path privateFile = folder.resolve(JwtKeyFiles.PRIVATE_KEY_FILE);
        Path publicFile = folder.resolve(JwtKeyFiles.PUBLIC_KEY_FILE);
        try {
            this.files = new ReloadedFiles<>("the " + purpose + " key pair in " + folder,
                    () -> List.of(privateFile, publicFile),
                    read -> parse(read.get(privateFile), read.get(publicFile)), reloadInterval, this::changed);
        } catch (ReloadedFiles.InvalidFilesException e) {
            throw new IllegalStateException("cannot load the " + purpose + " key pair in " + folder + ": " + e.getMessage());
        }
    }

    /**
     * The pair in the folder, made there first if the folder has none (first start). Fails when
     * the files exist but are not a matching RSA pair of at least {@value #MIN_BITS} bits.
     */
    public static SigningKeyFolder open(String purpose, Path folder, Duration reloadInterval) {
        try {
            JwtKeyFiles.ensure(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the " + purpose + " key pair in " + folder, e);
        }
        return new SigningKeyFolder(purpose, folder, reloadInterval);
    }

    /** The pair to sign with now. */
    public SigningKey current() {
        return files.current();
    }

    /** Public keys this process signed with before the current one, the most recent first. */
    public List<RSAPublicKey> earlier() {
        files.current(); // a change found now moves the current key here first
        return earlier;
    }

    public Path folder() {
        return folder;
    }

    private void changed(SigningKey previous, SigningKey next) {
        if (previous.kid().equals(next.kid())) {
            return; // the same key written again (or re-encoded): nothing rotated
        }
        List<RSAPublicKey> kept = new ArrayList<>();
        kept.add(previous.publicKey());
        for (RSAPublicKey key : earlier) {
            if (kept.size() < EARLIER_KEPT && !kid(key).equals(next.kid()) && !kid(key).equals(previous.kid())) {
                kept.add(key);
            }
        }
        earlier = List.copyOf(kept);
        LOG.infof("The %s key pair in %s changed: signing with kid %s now (was %s)", purpose, folder, next.kid(),
                previous.kid());
    }

    static SigningKey parse(byte[] privatePem, byte[] publicPem) throws ReloadedFiles.InvalidFilesException {
        PrivateKey privateKey;
        RSAPublicKey publicKey;
        try {
            privateKey = JwtKeyFiles.parsePrivateKey(new String(privatePem, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new ReloadedFiles.InvalidFilesException(JwtKeyFiles.PRIVATE_KEY_FILE + " is " + e.getMessage());
        }
        try {
            publicKey = JwtKeyFiles.parsePublicKey(new String(publicPem, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new ReloadedFiles.InvalidFilesException(JwtKeyFiles.PUBLIC_KEY_FILE + " is " + e.getMessage());
        }
        if (publicKey.getModulus().bitLength() < MIN_BITS) {
            throw new ReloadedFiles.InvalidFilesException("the key has fewer than " + MIN_BITS + " bits");
        }
        if (!(privateKey instanceof RSAPrivateKey rsa) || !rsa.getModulus().equals(publicKey.getModulus())
                || (rsa instanceof RSAPrivateCrtKey crt && !crt.getPublicExponent().equals(publicKey.getPublicExponent()))) {
            throw new ReloadedFiles.InvalidFilesException("the private and public keys are not one pair");
        }
        return new SigningKey(privateKey, publicKey, kid(publicKey));
    }

    /** RFC 7638 JWK thumbprint, base64url: a key's id, the same on every replica without coordination. */
    public static String kid(RSAPublicKey key) {
        String canonical = "{\"e\":\"" + base64Url(unsigned(key.getPublicExponent())) + "\",\"kty\":\"RSA\",\"n\":\""
                + base64Url(unsigned(key.getModulus())) + "\"}";
        try {
            return base64Url(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 && bytes.length > 1 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
