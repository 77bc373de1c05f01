package dev.tether.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.platform.JwtKeyFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * The standalone verifier: checks an audit export (JSON Lines) against the checkpoint public
 * keys, with no database and no server. Recomputes every hash, checks every checkpoint's
 * signature with the key its {@code kid} names, that each checkpoint extends the previous one
 * and that the chain reaches it.
 *
 * <pre>
 * java -cp 'target/quarkus-app/app/*:target/quarkus-app/lib/main/*' dev.tether.audit.AuditExportVerifier \
 *     [--require-signed] audit-export.jsonl audit-keys.json [more key files...]
 * </pre>
 * Each key file is a JWK Set (as served at /admin/v1/audit/jwks.json) or PEM with one or more
 * public keys; a chain signed by several keys over time needs all of them. Prints the result as
 * JSON on stdout and, when the chain verifies, "unsigned tail: N records" on stderr (the records
 * after the last signed checkpoint). Exits 0 when the export verifies, 1 when it does not, 2 on
 * bad input, and 3 when it verifies but --require-signed was given and the tail is not empty.
 */
public final class AuditExportVerifier {

    private AuditExportVerifier() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static final String REQUIRE_SIGNED = "--require-signed";
    static final int UNSIGNED_TAIL = 3;

    static int run(String[] args, PrintStream out, PrintStream err) {
        boolean requireSigned = false;
        List<String> files = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals(REQUIRE_SIGNED)) {
                requireSigned = true;
            } else if (arg.startsWith("--")) {
                files.clear(); // an unknown option: refuse rather than guess
                break;
            } else {
                files.add(arg);
            }
        }
        if (files.size() < 2) {
            err.println("usage: AuditExportVerifier [" + REQUIRE_SIGNED + "] <export.jsonl> <jwks.json or public-key.pem>...");
            return 2;
        }
        ObjectMapper mapper = new ObjectMapper();
        try {
            List<PublicKey> keys = new ArrayList<>();
            for (String keyFile : files.subList(1, files.size())) {
                keys.addAll(readKeys(Path.of(keyFile), mapper));
            }
            ChainVerifier.Result result = verify(Path.of(files.get(0)), keys, mapper);
            out.println(mapper.writeValueAsString(result));
            if (!result.ok()) {
                return 1;
            }
            long tail = result.unsignedTail();
            err.println("unsigned tail: " + tail + (tail == 1 ? " record" : " records"));
            if (requireSigned && tail > 0) {
                err.println(REQUIRE_SIGNED + ": " + tail + " records after the last signed checkpoint");
                return UNSIGNED_TAIL;
            }
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            err.println("cannot verify: " + e.getMessage());
            return 2;
        }
    }

    /** The RSA public keys of a JWK Set (or one JWK) in JSON, or of a PEM file with one or more keys. */
    static List<PublicKey> readKeys(Path file, ObjectMapper mapper) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (!text.strip().startsWith("{")) {
            try {
                return List.copyOf(JwtKeyFiles.parsePublicKeys(text));
            } catch (IOException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
        }
        JsonNode json = mapper.readTree(text);
        List<JsonNode> jwks = new ArrayList<>();
        if (json.has("keys")) {
            json.get("keys").forEach(jwks::add);
        } else {
            jwks.add(json);
        }
        List<PublicKey> keys = new ArrayList<>();
        for (JsonNode jwk : jwks) {
            if (!"RSA".equals(jwk.path("kty").asText()) || !jwk.path("n").isTextual() || !jwk.path("e").isTextual()) {
                throw new IOException(file + ": every key must be an RSA JWK with n and e");
            }
            Base64.Decoder b64 = Base64.getUrlDecoder();
            try {
                keys.add(KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                        new BigInteger(1, b64.decode(jwk.get("n").asText())), new BigInteger(1, b64.decode(jwk.get("e").asText())))));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new IOException(file + ": not an RSA public key JWK", e);
            }
        }
        if (keys.isEmpty()) {
            throw new IOException(file + ": no keys");
        }
        return keys;
    }

    public static ChainVerifier.Result verify(Path export, PublicKey key, ObjectMapper mapper) throws IOException {
        return verify(export, List.of(key), mapper);
    }

    /** Verifies with several keys, each checkpoint with the one its kid names. */
    public static ChainVerifier.Result verify(Path export, Collection<? extends PublicKey> keys, ObjectMapper mapper)
            throws IOException {
        try (BufferedReader lines = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
            String first = lines.readLine();
            JsonNode header = first == null ? null : mapper.readTree(first);
            if (header == null || !"export".equals(header.path("type").asText())
                    || !AuditStore.EXPORT_FORMAT.equals(header.path("format").asText())) {
                throw new IllegalArgumentException("not a " + AuditStore.EXPORT_FORMAT + " file");
            }
            ChainVerifier verifier = new ChainVerifier(header.path("directory").asText(), CheckpointJws.byKid(keys, mapper), mapper);
            JsonNode start = header.path("startsAfter");
            verifier.startAfter(start.path("position").asLong(0), start.path("hash").asText(AuditChain.GENESIS_HASH));
            long lineNumber = 1;
            for (String text = lines.readLine(); text != null && !verifier.broken(); text = lines.readLine()) {
                lineNumber++;
                if (text.isBlank()) {
                    continue;
                }
                JsonNode line = mapper.readTree(text);
                switch (line.path("type").asText()) {
                    case "record" -> verifier.record(line.path("position").asLong(-1), line.path("prevHash").asText(null),
                            line.path("hash").asText(null), line.get("record"));
                    case "checkpoint" -> verifier.checkpoint(line.path("jws").asText(null),
                            line.hasNonNull("chainLength") ? line.get("chainLength").asLong() : null,
                            line.path("headHash").asText(null));
                    default -> throw new IllegalArgumentException("line " + lineNumber + " has an unknown type");
                }
            }
            return verifier.result();
        }
    }
}
