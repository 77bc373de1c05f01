package dev.tether.scim.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tether.lineage.LineageApi;
import dev.tether.testing.AdminTokens;
import dev.tether.testing.DirectoryRows;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated filters, PATCH documents, SCIM bodies and admin bodies against the running
 * server, from a fixed seed (override with {@code -Dfuzz.seed=…} to explore further):
 * no answer is a 5xx, and an answer that is an error leaves every row of the directory as it was.
 */
@QuarkusTest
class BadInputFuzzTest {

    static final long SEED = Long.getLong("fuzz.seed", 20260515L);
    static final int CASES_PER_KIND = Integer.getInteger("fuzz.cases", 400);
    /** quarkus.http.limits.max-initial-line-length in application.properties. */
    static final int MAX_REQUEST_LINE = ConfigProvider.getConfig().getValue("quarkus.http.limits.max-initial-line-length", Integer.class);

    static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    /** Pieces that have broken parsers and databases before: control characters, surrogates, huge numbers, odd times. */
    static final String[] NASTY = {"\u0000", "\\u0000", "\\ud800", "\\udfff", "\\udbff\\udfff", "\ud83d\ude00", "\"", "\\",
            "\\\"", "[", "]", "(", ")", "{", "}", ",", ":", " and ", " or ", " not ", " eq ", " pr", " co ", "\u2028",
            "\u0001", "\u007f", "\t", "99999999999999999999999", "-1", "1e400", "9223372036854775808", "null", "true",
            "\"+999999999-12-31T23:59:59Z\"", "\"0000-01-01T00:00:00Z\"", "\"2024-01-01T00:00:00+18:00\"",
            "emails[type eq \"work\"]", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:", ".", "$ref",
            "'", ";", "--", "/*", "%", "_", "\u00e9", "\u0130", "\ufeff"};

    static final String[] FILTERS = {
            "userName eq \"fuzz\"", "displayName co \"a\"", "emails[type eq \"work\" and value co \"@\"]",
            "meta.lastModified gt \"2020-01-01T00:00:00Z\"", "not (active eq true) or externalId pr",
            "name.familyName sw \"L\"", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq \"1\"",
            "groups.value eq \"00000000-0000-0000-0000-000000000000\"", "id eq \"x\"", "active eq \"True\""};

    static final String[] BODIES = {
            "{\"schemas\":[\"" + USER + "\"],\"userName\":\"fuzz.%d\",\"active\":true,\"displayName\":\"F\","
                    + "\"emails\":[{\"value\":\"f@example.com\",\"type\":\"work\",\"primary\":true}],"
                    + "\"name\":{\"givenName\":\"F\",\"familyName\":\"Z\"},\"externalId\":\"e%d\"}",
            "{\"schemas\":[\"" + GROUP + "\"],\"displayName\":\"fuzz group %d\",\"externalId\":\"g%d\",\"members\":[]}",
    };

    static final String[] PATCHES = {
            "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"d\"}]}",
            "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[{\"op\":\"Replace\",\"value\":{\"active\":\"True\",\"title\":\"t\"}}]}",
            "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[{\"op\":\"add\",\"path\":\"emails[type eq \\\"home\\\"].value\",\"value\":\"h@example.com\"}]}",
            "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":[{\"op\":\"remove\",\"path\":\"name.middleName\"}]}",
    };

    final Random random = new Random(SEED);
    final List<String> failures = new ArrayList<>();
    LineageApi api;
    String userId;
    String agentId;
    String delegationId;

    @Test
    void noBadInputGetsA5xxOrChangesAnything() {
        api = LineageApi.create("fuzz");
        userId = api.user("fuzz.target");
        agentId = api.agent("fuzz-agent", userId);
        delegationId = api.delegateFromUser(userId, agentId, List.of("read"));
        for (int i = 0; i < CASES_PER_KIND; i++) {
            String filter = mutate(pick(FILTERS));
            check("filter " + filter, lineMayBeRefused(filter),
                    () -> api.dir().scim().queryParam("filter", filter).get(api.dir().path("/Users")));
            String searched = mutate("{\"filter\":" + quote(pick(FILTERS)) + ",\"count\":10,\"startIndex\":1}");
            check("search " + searched, () -> api.dir().scim().body(bytes(searched)).post(api.dir().path("/Users/.search")));
            String patch = mutate(pick(PATCHES));
            check("patch " + patch, () -> api.dir().scim().body(bytes(patch)).patch(api.dir().path("/Users/" + userId)));
            String body = mutate(pick(BODIES).formatted(i, i));
            String endpoint = body.contains(GROUP) ? "/Groups" : "/Users";
            check("create " + body, () -> api.dir().scim().body(bytes(body)).post(api.dir().path(endpoint)));
            String admin = mutate(adminBody(i));
            String adminPath = admin.contains("delegator") ? "/delegations" : "/credentials";
            check("admin " + admin, () -> given().auth().oauth2(AdminTokens.operator()).contentType("application/json")
                    .body(bytes(admin)).post(api.admin(adminPath)));
        }
        assertEquals(List.of(), failures, "seed " + SEED);
    }

    String adminBody(int i) {
        return random.nextBoolean()
                ? "{\"delegator\":{\"type\":\"User\",\"id\":\"" + userId + "\"},\"agentId\":\"" + agentId
                        + "\",\"scopes\":[\"read\"],\"audience\":\"https://api.example.com\",\"expiresAt\":\"2030-01-01T00:00:00Z\"}"
                : "{\"agentId\":\"" + agentId + "\",\"delegationId\":\"" + delegationId + "\",\"kind\":\"api_key\","
                        + "\"externalId\":\"key-" + i + "\",\"audience\":\"https://api.example.com\"}";
    }

    /**
     * Whether this filter may make a GET line longer than quarkus.http.limits.max-initial-line-length
     * (counted a little short: clients encode a few characters differently). Such a line never
     * reaches Tether: the HTTP layer answers 414 and closes, which a client still writing sees as a reset.
     */
    boolean lineMayBeRefused(String filter) {
        String line = "GET " + api.dir().path("/Users") + "?filter=" + java.net.URLEncoder.encode(filter, StandardCharsets.UTF_8)
                + " HTTP/1.1";
        return line.length() > MAX_REQUEST_LINE - 256;
    }

    /** Sends the request; a 5xx is a failure, and so is an error that changed a row. */
    void check(String what, Supplier<Response> request) {
        check(what, false, request);
    }

    /** @param lineMayBeRefused a reset on a fresh connection too is then the HTTP layer's 414 */
    void check(String what, boolean lineMayBeRefused, Supplier<Response> request) {
        Map<String, Long> before = DirectoryRows.count(api.dir().id());
        Response r;
        try {
            r = request.get();
        } catch (Exception e) { // RestAssured throws the socket's IOException as it is
            if (!(e instanceof java.net.SocketException)) {
                throw e;
            }
            // a kept-alive connection the server had already closed after an error: once more, on a new one
            try {
                r = request.get();
            } catch (Exception again) {
                if (!(again instanceof java.net.SocketException) || !lineMayBeRefused) {
                    throw again;
                }
                if (!before.equals(DirectoryRows.count(api.dir().id()))) {
                    failures.add("a refused request line changed rows for " + printable(what));
                }
                return;
            }
        }
        int status = r.statusCode();
        if (status >= 500) {
            failures.add(status + " for " + printable(what) + ": " + printable(r.asString()));
        } else if (status >= 400 && !before.equals(DirectoryRows.count(api.dir().id()))) {
            failures.add(status + " changed rows for " + printable(what));
        }
    }

    /** One to four edits: insert a nasty piece, delete, duplicate, truncate, or stretch a string to thousands of characters. */
    String mutate(String seed) {
        StringBuilder s = new StringBuilder(seed);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = s.isEmpty() ? 0 : random.nextInt(s.length());
            switch (random.nextInt(7)) {
                case 0, 1 -> s.insert(at, pick(NASTY));
                case 2 -> s.delete(at, Math.min(s.length(), at + 1 + random.nextInt(4)));
                case 3 -> {
                    int end = Math.min(s.length(), at + 1 + random.nextInt(12));
                    s.insert(at, s.substring(at, end));
                }
                case 4 -> s.setLength(at);
                case 5 -> s.insert(at, "x".repeat(1000 + random.nextInt(9000)));
                default -> s.replace(at, Math.min(s.length(), at + 1), pick(NASTY));
            }
        }
        return s.toString();
    }

    <T> T pick(T[] options) {
        return options[random.nextInt(options.length)];
    }

    /** UTF-8, except now and then a byte no UTF-8 decoder accepts. */
    byte[] bytes(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > 0 && random.nextInt(20) == 0) {
            utf8[random.nextInt(utf8.length)] = (byte) (0xC0 + random.nextInt(64));
        }
        return utf8;
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String printable(String s) {
        String shown = s.length() > 300 ? s.substring(0, 300) + "…" : s;
        return shown.replace("\u0000", "\\0");
    }
}
