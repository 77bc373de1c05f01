package dev.tether.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.testing.KeyPairs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key files followed as they change: what a signer and a verifier see after each kind of edit. */
class SigningKeyFolderTest {

    @TempDir
    Path temp;

    @Test
    void makesAPairOnlyWhenTheFolderHasNoneAtStart() throws IOException {
        Path folder = temp.resolve("ssf");
        SigningKeyFolder keys = SigningKeyFolder.open("test", folder, Duration.ZERO);
        String kid = keys.current().kid();
        assertTrue(Files.exists(folder.resolve(JwtKeyFiles.PRIVATE_KEY_FILE)));

        Files.delete(folder.resolve(JwtKeyFiles.PRIVATE_KEY_FILE));
        Files.delete(folder.resolve(JwtKeyFiles.PUBLIC_KEY_FILE));
        assertEquals(kid, keys.current().kid(), "missing files keep the last good pair");
        assertFalse(Files.exists(folder.resolve(JwtKeyFiles.PRIVATE_KEY_FILE)), "no pair is made on a reload");

        Path installed = KeyPairs.newPair();
        KeyPairs.install(installed, folder);
        assertEquals(KeyPairs.kid(installed), keys.current().kid(), "the pair put back is followed");
        SigningKeyFolder again = SigningKeyFolder.open("test", folder, Duration.ZERO);
        assertEquals(KeyPairs.kid(installed), again.current().kid(), "an existing pair is kept at start");
    }

    @Test
    void followsANewPairAndRemembersTheOneBefore() {
        Path folder = temp.resolve("keys");
        Path first = KeyPairs.newPair();
        Path second = KeyPairs.newPair();
        Path third = KeyPairs.newPair();
        KeyPairs.install(first, mkdirs(folder));
        SigningKeyFolder keys = SigningKeyFolder.open("test", folder, Duration.ZERO);
        assertEquals(KeyPairs.kid(first), keys.current().kid());
        assertEquals(List.of(), keys.earlier());

        KeyPairs.install(second, folder);
        assertEquals(KeyPairs.kid(second), keys.current().kid());
        assertEquals(List.of(KeyPairs.kid(first)), kids(keys.earlier()));

        KeyPairs.install(third, folder);
        assertEquals(KeyPairs.kid(third), keys.current().kid());
        assertEquals(List.of(KeyPairs.kid(second), KeyPairs.kid(first)), kids(keys.earlier()));

        KeyPairs.install(first, folder); // back to an earlier key: it is current, not also "earlier"
        assertEquals(KeyPairs.kid(first), keys.current().kid());
        assertEquals(List.of(KeyPairs.kid(third), KeyPairs.kid(second)), kids(keys.earlier()));
    }

    @Test
    void unusableContentKeepsTheLastGoodPair() throws IOException {
        Path folder = mkdirs(temp.resolve("keys"));
        Path good = KeyPairs.newPair();
        Path other = KeyPairs.newPair();
        KeyPairs.install(good, folder);
        SigningKeyFolder keys = SigningKeyFolder.open("test", folder, Duration.ZERO);
        String kid = keys.current().kid();

        // half-written
        String pem = Files.readString(folder.resolve(JwtKeyFiles.PRIVATE_KEY_FILE));
        Files.writeString(folder.resolve(JwtKeyFiles.PRIVATE_KEY_FILE), pem.substring(0, pem.length() / 2));
        assertEquals(kid, keys.current().kid());
        // garbage
        Files.writeString(folder.resolve(JwtKeyFiles.PRIVATE_KEY_FILE), "not a key at all", StandardCharsets.US_ASCII);
        assertEquals(kid, keys.current().kid());
        // a private key of one pair with the public key of another
        Files.copy(other.resolve(JwtKeyFiles.PRIVATE_KEY_FILE), folder.resolve(JwtKeyFiles.PRIVATE_KEY_FILE),
                StandardCopyOption.REPLACE_EXISTING);
        assertEquals(kid, keys.current().kid());
        // the other half arrives: now it is a pair
        Files.copy(other.resolve(JwtKeyFiles.PUBLIC_KEY_FILE), folder.resolve(JwtKeyFiles.PUBLIC_KEY_FILE),
                StandardCopyOption.REPLACE_EXISTING);
        assertEquals(KeyPairs.kid(other), keys.current().kid());
        assertEquals(List.of(kid), kids(keys.earlier()));
    }

    @Test
    void refusesToStartWithAnUnusablePair() throws IOException {
        Path folder = mkdirs(temp.resolve("keys"));
        KeyPairs.install(KeyPairs.newPair(), folder);
        Files.copy(KeyPairs.newPair().resolve(JwtKeyFiles.PUBLIC_KEY_FILE), folder.resolve(JwtKeyFiles.PUBLIC_KEY_FILE),
                StandardCopyOption.REPLACE_EXISTING);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SigningKeyFolder.open("test", folder, Duration.ZERO));
        assertTrue(e.getMessage().contains(folder.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not one pair"), e.getMessage());
    }

    /** A Secret volume: files are symlinks through ..data, which the kubelet points at a new folder in one rename. */
    @Test
    void followsAKubernetesSecretVolumeUpdate() throws IOException {
        Path volume = mkdirs(temp.resolve("volume"));
        Path first = KeyPairs.newPair();
        Path second = KeyPairs.newPair();
        Path v1 = mkdirs(volume.resolve("..2026_01_01_00_00_00.000000001"));
        KeyPairs.install(first, v1);
        Files.createSymbolicLink(volume.resolve("..data"), v1.getFileName());
        for (String file : List.of(JwtKeyFiles.PRIVATE_KEY_FILE, JwtKeyFiles.PUBLIC_KEY_FILE)) {
            Files.createSymbolicLink(volume.resolve(file), Path.of("..data", file));
        }
        SigningKeyFolder keys = SigningKeyFolder.open("test", volume, Duration.ZERO);
        assertEquals(KeyPairs.kid(first), keys.current().kid());

        Path v2 = mkdirs(volume.resolve("..2026_01_02_00_00_00.000000002"));
        KeyPairs.install(second, v2);
        Files.createSymbolicLink(volume.resolve("..data_tmp"), v2.getFileName());
        Files.move(volume.resolve("..data_tmp"), volume.resolve("..data"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        assertEquals(KeyPairs.kid(second), keys.current().kid());
        assertEquals(List.of(KeyPairs.kid(first)), kids(keys.earlier()));
    }

    @Test
    void readsTheFilesAtMostOncePerIntervalAndParsesOnlyChanges() throws Exception {
        Path file = temp.resolve("value.txt");
        Files.writeString(file, "1");
        AtomicLong clock = new AtomicLong();
        AtomicInteger listings = new AtomicInteger();
        AtomicInteger parses = new AtomicInteger();
        ReloadedFiles<String> value = new ReloadedFiles<>("the test value", () -> {
            listings.incrementAndGet();
            return List.of(file);
        }, files -> {
            parses.incrementAndGet();
            String text = new String(files.get(file), StandardCharsets.UTF_8);
            if (!text.matches("\\d+")) {
                throw new ReloadedFiles.InvalidFilesException("not a number");
            }
            return text;
        }, Duration.ofSeconds(30), (before, after) -> {
        }, clock::get);
        assertEquals(1, listings.get());

        Files.writeString(file, "2");
        for (int i = 0; i < 1000; i++) {
            assertEquals("1", value.current(), "not read again before the interval");
        }
        assertEquals(1, listings.get());

        clock.addAndGet(Duration.ofSeconds(30).toNanos());
        assertEquals("2", value.current());
        assertEquals(2, listings.get());
        assertEquals(2, parses.get());

        clock.addAndGet(Duration.ofSeconds(30).toNanos());
        assertEquals("2", value.current());
        assertEquals(3, listings.get());
        assertEquals(2, parses.get(), "unchanged bytes are not parsed again");

        Files.writeString(file, "x");
        clock.addAndGet(Duration.ofSeconds(30).toNanos());
        assertEquals("2", value.current(), "bad content keeps the last good value");
        clock.addAndGet(Duration.ofSeconds(30).toNanos());
        assertEquals("2", value.current());
        assertEquals(3, parses.get(), "the same bad content is parsed (and reported) once");
    }

    @Test
    void publicKeyFoldersFollowKeysAddedAndRemoved() throws IOException {
        Path folder = mkdirs(temp.resolve("published"));
        Path file = temp.resolve("one.pem");
        Path a = KeyPairs.newPair();
        Path b = KeyPairs.newPair();
        Files.copy(KeyPairs.publicKey(a), file);
        Files.createDirectories(folder.resolve("..data")); // a Secret volume's own entries are not keys
        PublicKeyFiles keys = PublicKeyFiles.open("the test keys", List.of(file.toString(), folder.toString()), Duration.ZERO);
        assertEquals(List.of(KeyPairs.kid(a)), kids(keys.current()));

        Files.copy(KeyPairs.publicKey(b), folder.resolve("b.pem"));
        Files.writeString(folder.resolve("notes.txt"), "not a key");
        assertEquals(List.of(KeyPairs.kid(a), KeyPairs.kid(b)), kids(keys.current()));

        Files.writeString(folder.resolve("c.pem"), "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        assertEquals(List.of(KeyPairs.kid(a), KeyPairs.kid(b)), kids(keys.current()), "a bad file keeps the folder's last keys");

        Files.delete(folder.resolve("c.pem"));
        Files.delete(folder.resolve("b.pem"));
        assertEquals(List.of(KeyPairs.kid(a)), kids(keys.current()), "a key removed from the folder is no longer listed");

        // two keys in one file
        Files.writeString(file, Files.readString(KeyPairs.publicKey(b)) + Files.readString(KeyPairs.publicKey(a)));
        assertEquals(List.of(KeyPairs.kid(b), KeyPairs.kid(a)), kids(keys.current()));

        assertThrows(IllegalStateException.class,
                () -> PublicKeyFiles.open("the test keys", List.of(temp.resolve("absent.pem").toString()), Duration.ZERO));
    }

    private static List<String> kids(List<RSAPublicKey> keys) {
        return keys.stream().map(SigningKeyFolder::kid).toList();
    }

    private static Path mkdirs(Path folder) {
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
