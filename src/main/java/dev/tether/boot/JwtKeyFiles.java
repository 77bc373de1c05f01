package dev.tether.boot;

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
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * An RSA key pair kept as PEM files in a folder: public-key.pem verifies admin JWTs,
 * private-key.pem signs them. Used by the quick start and by the tests.
 */
public final class JwtKeyFiles {

    public static final String PUBLIC_KEY_FILE = "public-key.pem";
    public static final String PRIVATE_KEY_FILE = "private-key.pem";

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
        String pem = Files.readString(file, StandardCharsets.US_ASCII)
                .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (GeneralSecurityException e) {
            throw new IOException("not a PKCS#8 RSA private key: " + file, e);
        }
    }

    public static java.security.interfaces.RSAPublicKey readPublicKey(Path file) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII)
                .replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        try {
            return (java.security.interfaces.RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new java.security.spec.X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IOException("not an X.509 RSA public key: " + file, e);
        }
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
