package dev.tether.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;

/**
 * The standalone verifier: checks an audit export (JSON Lines) against the checkpoint public
 * key, with no database and no server. Recomputes every hash, checks every checkpoint's
 * signature, that each checkpoint extends the previous one and that the chain reaches it.
 *
 * <pre>
 * java -cp 'target/quarkus-app/app/*:target/quarkus-app/lib/main/*' dev.tether.audit.AuditExportVerifier \
 *     audit-export.jsonl audit-public-key.pem
 * </pre>
 * Prints the result as JSON; exits 0 when the export verifies, 1 when it does not, 2 on bad input.
 */
public final class AuditExportVerifier {

    private AuditExportVerifier() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2) {
            err.println("usage: AuditExportVerifier <export.jsonl> <public-key.pem>");
            return 2;
        }
        ObjectMapper mapper = new ObjectMapper();
        try {
            PublicKey key = CheckpointJws.readPublicKeyPem(Files.readString(Path.of(args[1]), StandardCharsets.US_ASCII));
            ChainVerifier.Result result = verify(Path.of(args[0]), key, mapper);
            out.println(mapper.writeValueAsString(result));
            return result.ok() ? 0 : 1;
        } catch (IOException | IllegalArgumentException e) {
            err.println("cannot verify: " + e.getMessage());
            return 2;
        }
    }

    public static ChainVerifier.Result verify(Path export, PublicKey key, ObjectMapper mapper) throws IOException {
        try (BufferedReader lines = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
            String first = lines.readLine();
            JsonNode header = first == null ? null : mapper.readTree(first);
            if (header == null || !"export".equals(header.path("type").asText())
                    || !AuditStore.EXPORT_FORMAT.equals(header.path("format").asText())) {
                throw new IllegalArgumentException("not a " + AuditStore.EXPORT_FORMAT + " file");
            }
            ChainVerifier verifier = new ChainVerifier(header.path("directory").asText(), key, mapper);
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
