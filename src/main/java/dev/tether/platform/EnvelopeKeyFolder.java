package dev.tether.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption of small secrets stored in the database, under AES-256 key-encryption
 * keys kept in a folder outside it (a mounted Kubernetes Secret, or the quick start's data
 * folder), so that a database backup alone reveals nothing.
 *
 * <p>Each value gets its own random data key: the value is sealed with AES-256-GCM under the
 * data key, and the data key is wrapped with AES-256-GCM under the folder's {@value #PRIMARY}.
 * Both carry the caller's context (which row, which column) as associated data, so a sealed
 * value copied to another row does not open. The stored text names the key that wrapped it by
 * a kid (a digest of the key, never the key):
 * {@code tenc1.<kid>.<nonce+wrapped data key>.<nonce+ciphertext>}, base64url.
 *
 * <p>Every {@code *.key} file of the folder (32 random bytes, base64) opens values it wrapped;
 * only {@value #PRIMARY} seals. Rotation: add the new key as {@value #PRIMARY}, keep the old
 * one under another name until every value has been sealed again, then remove it. The folder
 * is followed as it changes ({@link ReloadedFiles}). A key is made only when the folder holds
 * none at start (first start of the quick start); a read-only mount without keys fails the start.
 */
public final class EnvelopeKeyFolder {

    public static final String PRIMARY = "primary.key";
    static final String PREFIX = "tenc1.";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    /** The keys read from the folder: the one that seals, and every one that opens, by kid. */
    record Keys(String primaryKid, Map<String, SecretKey> byKid) {
    }

    /** A value that cannot be opened: unknown key, tampered, or copied from another context. */
    public static final class SealedValueException extends RuntimeException {
        SealedValueException(String message) {
            super(message);
        }
    }

    private final String purpose;
    private final Path folder;
    private final ReloadedFiles<Keys> files;
    // made with the object, at run time: a native image must not freeze a seeded generator into its heap
    private final SecureRandom random = new SecureRandom();

    private EnvelopeKeyFolder(String purpose, Path folder, ReloadedFiles<Keys> files) {
        this.purpose = purpose;
        this.folder = folder;
        this.files = files;
    }

    /** The keys in the folder, a primary key made there first when the folder holds no key file. */
    public static EnvelopeKeyFolder open(String purpose, Path folder, Duration reloadInterval) {
        try {
            ensure(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the " + purpose + " key in " + folder, e);
        }
        try {
            return new EnvelopeKeyFolder(purpose, folder, new ReloadedFiles<>("the " + purpose + " keys in " + folder,
                    () -> keyFiles(folder), EnvelopeKeyFolder::parse, reloadInterval, (previous, next) -> {
                    }));
        } catch (ReloadedFiles.InvalidFilesException e) {
            throw new IllegalStateException("cannot load the " + purpose + " keys in " + folder + ": " + e.getMessage());
        }
    }

    /** Writes a new {@value #PRIMARY} (owner-only) unless the folder already holds a key file. */
    public static void ensure(Path folder) throws IOException {
        if (Files.isDirectory(folder) && !keyFiles(folder).isEmpty()) {
            return;
        }
        Files.createDirectories(folder);
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        Path file = folder.resolve(PRIMARY);
        Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the folder's own permissions apply
        }
    }

    public Path folder() {
        return folder;
    }

    /** True when the stored text is a sealed value (and not a value stored in clear before encryption). */
    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    /** True when the stored text is sealed under the current primary key: nothing to do for it. */
    public boolean sealedWithPrimary(String stored) {
        return isSealed(stored) && stored.startsWith(PREFIX + files.current().primaryKid() + ".");
    }

    /** Seals {@code clear} for {@code context} under a fresh data key wrapped by the primary key. */
    public String seal(String clear, String context) {
        Keys keys = files.current();
        byte[] aad = context.getBytes(StandardCharsets.UTF_8);
        byte[] dataKey = new byte[KEY_BYTES];
        random.nextBytes(dataKey);
        try {
            byte[] wrapped = gcm(Cipher.ENCRYPT_MODE, keys.byKid().get(keys.primaryKid()), null, aad, dataKey);
            byte[] sealed = gcm(Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"), null, aad,
                    clear.getBytes(StandardCharsets.UTF_8));
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            return PREFIX + keys.primaryKid() + "." + b64.encodeToString(wrapped) + "." + b64.encodeToString(sealed);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /**
     * The clear value of {@code stored} sealed for {@code context}. A value that is not sealed
     * (written before encryption was introduced, and not yet sealed at start) is returned as it is.
     */
    public String open(String stored, String context) {
        if (!isSealed(stored)) {
            return stored;
        }
        String[] parts = stored.substring(PREFIX.length()).split("\\.", -1);
        if (parts.length != 3) {
            throw new SealedValueException("a sealed " + purpose + " value is malformed");
        }
        SecretKey kek = files.current().byKid().get(parts[0]);
        if (kek == null) {
            throw new SealedValueException("the " + purpose + " key with kid " + parts[0] + " is not in " + folder
                    + " (removed before every value was sealed again?)");
        }
        byte[] aad = context.getBytes(StandardCharsets.UTF_8);
        byte[] dataKey = null;
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            dataKey = gcm(Cipher.DECRYPT_MODE, kek, b64.decode(parts[1]), aad, null);
            byte[] clear = gcm(Cipher.DECRYPT_MODE, new SecretKeySpec(dataKey, "AES"), b64.decode(parts[2]), aad, null);
            return new String(clear, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | SealedValueException e) {
            throw new SealedValueException("a sealed " + purpose + " value does not open with key " + parts[0]
                    + " (tampered, or moved from another row)");
        } finally {
            if (dataKey != null) {
                Arrays.fill(dataKey, (byte) 0);
            }
        }
    }

    /**
     * Encrypts ({@code nonceAndCipher} null: {@code clear} with a fresh nonce, returned first)
     * or decrypts {@code nonceAndCipher}.
     */
    private byte[] gcm(int mode, SecretKey key, byte[] nonceAndCipher, byte[] aad, byte[] clear) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            if (mode == Cipher.ENCRYPT_MODE) {
                byte[] nonce = new byte[NONCE_BYTES];
                random.nextBytes(nonce);
                cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
                cipher.updateAAD(aad);
                byte[] body = cipher.doFinal(clear);
                return ByteBuffer.allocate(NONCE_BYTES + body.length).put(nonce).put(body).array();
            }
            if (nonceAndCipher.length < NONCE_BYTES + TAG_BITS / 8) {
                throw new SealedValueException("too short");
            }
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonceAndCipher, 0, NONCE_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(nonceAndCipher, NONCE_BYTES, nonceAndCipher.length - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new SealedValueException("bad tag");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required of every JVM", e);
        }
    }

    /** The {@code *.key} files (a Secret volume's {@code ..data} entries are not). */
    static List<Path> keyFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> {
                String name = p.getFileName().toString();
                return name.endsWith(".key") && !name.startsWith(".");
            }).sorted().toList();
        }
    }

    static Keys parse(Map<Path, byte[]> files) throws ReloadedFiles.InvalidFilesException {
        Map<String, SecretKey> byKid = new LinkedHashMap<>();
        String primaryKid = null;
        List<String> names = new ArrayList<>();
        for (Map.Entry<Path, byte[]> file : files.entrySet()) {
            String name = file.getKey().getFileName().toString();
            names.add(name);
            byte[] key;
            try {
                key = Base64.getMimeDecoder().decode(new String(file.getValue(), StandardCharsets.US_ASCII).strip());
            } catch (IllegalArgumentException e) {
                throw new ReloadedFiles.InvalidFilesException(name + " is not base64");
            }
            if (key.length != KEY_BYTES) {
                throw new ReloadedFiles.InvalidFilesException(name + " does not hold " + KEY_BYTES + " bytes");
            }
            String kid = kid(key);
            byKid.put(kid, new SecretKeySpec(key, "AES"));
            if (name.equals(PRIMARY)) {
                primaryKid = kid;
            }
        }
        if (primaryKid == null) {
            throw new ReloadedFiles.InvalidFilesException("there is no " + PRIMARY + " among " + names);
        }
        return new Keys(primaryKid, Map.copyOf(byKid));
    }

    /** A key's id: base64url of the first 9 bytes of its SHA-256, the same on every replica. */
    static String kid(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 9));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
