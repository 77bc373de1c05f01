package dev.tether.audit;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.security.AdminRoles;
import dev.tether.testing.AdminTokens;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reading trails through the admin API, as an auditor would, and running the offline verifier. */
final class AuditApi {

    static final String OPERATOR_TRAIL_ID = "00000000-0000-0000-0000-000000000000";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AuditApi() {
    }

    static String auditor() {
        return AdminTokens.withGroups(AdminRoles.AUDITOR);
    }

    /** The record objects of one page (up to 1000) of GET path, oldest first. */
    static List<JsonNode> records(String path) {
        JsonNode page = json(given().auth().oauth2(auditor()).get(path).then().statusCode(200).extract().asString());
        List<JsonNode> out = new ArrayList<>();
        page.get("records").forEach(line -> out.add(line.get("record")));
        return out;
    }

    static List<JsonNode> operatorTrail(String query) {
        return records("/admin/v1/operator-trail?count=1000&" + query);
    }

    static List<JsonNode> directoryTrail(String dir) {
        return records("/admin/v1/directories/" + dir + "/audit?count=1000");
    }

    static List<String> actions(List<JsonNode> records) {
        return records.stream().map(r -> r.get("action").asText()).toList();
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path export(String path) throws IOException {
        Response response = given().auth().oauth2(auditor()).get(path);
        response.then().statusCode(200).contentType("application/jsonl");
        Path file = Files.createTempFile("audit-export", ".jsonl");
        Files.write(file, response.asByteArray());
        return file;
    }

    static Path jwks() throws IOException {
        Path keys = Files.createTempFile("audit-keys", ".json");
        Files.writeString(keys, given().get("/admin/v1/audit/jwks.json").asString());
        return keys;
    }

    record Verified(int exit, String out, String err) {
    }

    /** The standalone verifier's entry point, as the documented command runs it. */
    static Verified verifyOffline(Path export, Path keys, boolean requireSigned) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>();
        if (requireSigned) {
            args.add("--require-signed");
        }
        args.add(export.toString());
        args.add(keys.toString());
        int exit = AuditExportVerifier.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Verified(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
