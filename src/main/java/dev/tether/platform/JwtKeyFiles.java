package dev.tether.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An RSA key pair kept as PEM files in a folder: public-key.pem verifies, private-key.pem signs
 * (admin JWTs in the quick start and the tests; SETs and audit checkpoints through
 * {@link SigningKeyFolder}).
 */
public final class JwtKeyFiles {

    public static final String PUBLIC_KEY_FILE = "public-key.pem";
    public static final String PRIVATE_KEY_FILE = "private-key.pem";

    private static final Pattern PUBLIC_KEY_BLOCK =
            Pattern.compile("-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]*)-----END PUBLIC KEY-----");

    private JwtKeyFiles() {
    }

    /** Creates the pair once; later calls keep the existing keys so issued JWTs stay valid. */
    public static Path ensure(Path folder) throws IOException {
        Path publicKey = folder.resolve(PUBLIC_KEY_FILE);
        Path privateKey = folder.resolve(PRIVATE_KEY_FILE);
        if (Files.exists(publicKey) && Files.exists(privateKey)) {
            return publicKey;
        }
        Files.createDirectories(folder);
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is required of every JVM", e);
        }
        writePem(privateKey, "PRIVATE KEY", pair.getPrivate().getEncoded(), true);
        writePem(publicKey, "PUBLIC KEY", pair.getPublic().getEncoded(), false);
        return publicKey;
    }

    public static PrivateKey readPrivateKey(Path file) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        try {
            return parsePrivateKey(pem);
        } catch (IOException e) {
            throw new IOException(e.getMessage() + ": " + file, e.getCause());
        }
    }

    public static RSAPublicKey readPublicKey(Path file) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        try {
            return parsePublicKey(pem);
        } catch (IOException e) {
            throw new IOException(e.getMessage() + ": " + file, e.getCause());
        }
    }

    /** A PKCS#8 RSA private key PEM ("PRIVATE KEY"); the message of a failure never quotes the text. */
    public static PrivateKey parsePrivateKey(String pem) throws IOException {
        String body = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("not a PKCS#8 RSA private key", e);
        }
    }

    /** One X.509 (SubjectPublicKeyInfo) RSA public key PEM ("PUBLIC KEY"). */
    public static RSAPublicKey parsePublicKey(String pem) throws IOException {
        List<RSAPublicKey> keys = parsePublicKeys(pem);
        if (keys.size() != 1) {
            throw new IOException("not one X.509 RSA public key");
        }
        return keys.get(0);
    }

    /** Every "PUBLIC KEY" block of a PEM text, in order; none is an error. */
    public static List<RSAPublicKey> parsePublicKeys(String pem) throws IOException {
        Matcher block = PUBLIC_KEY_BLOCK.matcher(pem);
        List<RSAPublicKey> keys = new ArrayList<>();
        try {
            while (block.find()) {
                keys.add((RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(
                        new X509EncodedKeySpec(Base64.getDecoder().decode(block.group(1).replaceAll("\\s", "")))));
            }
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IOException("not an X.509 RSA public key", e);
        }
        if (keys.isEmpty()) {
            throw new IOException("not an X.509 RSA public key");
        }
        return keys;
    }

    private static void writePem(Path file, String type, byte[] der, boolean secret) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n",
                StandardCharsets.US_ASCII);
        if (secret) {
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system (Windows): the folder's own permissions apply
            }
        }
    }
}
