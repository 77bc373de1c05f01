package dev.tether.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tether.testing.ScimDirectory;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A body is taken the same way whether it is read ahead on the I/O thread (a declared length of at
 * most 64 KiB) or streamed to the worker (larger, chunked, or waiting for 100 Continue): the same
 * user is created, and malformed JSON is the same SCIM 400 either way.
 */
@QuarkusTest
class BodyPrefetchTest {

    @TestHTTPResource("/")
    URI base;

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    /** The JDK's default: HTTP/2, upgraded from HTTP/1.1 on a plain connection (as an SSF transmitter may push). */
    static final HttpClient HTTP2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** A SCIM user whose JSON is padded with spaces to exactly {@code size} bytes. */
    static String user(String userName, int size) {
        String json = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName + "\"}";
        return json.substring(0, json.length() - 1) + " ".repeat(size - json.length()) + "}";
    }

    HttpResponse<String> post(ScimDirectory dir, HttpRequest.BodyPublisher body, boolean expectContinue)
            throws Exception {
        return post(HTTP, dir, body, expectContinue);
    }

    HttpResponse<String> post(HttpClient client, ScimDirectory dir, HttpRequest.BodyPublisher body,
            boolean expectContinue) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(dir.path("/Users").substring(1)))
                .header("Authorization", "Bearer " + dir.token())
                .header("Content-Type", ScimDirectory.SCIM_JSON)
                .expectContinue(expectContinue)
                .timeout(Duration.ofSeconds(20))
                .POST(body).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void bodiesReadAheadAndStreamedCreateTheSameUser() throws Exception {
        ScimDirectory dir = ScimDirectory.create("body-prefetch");
        int limit = (int) BodyPrefetch.MAX_BYTES;
        String[][] cases = {
                {"at-the-limit", "length", String.valueOf(limit)},
                {"over-the-limit", "length", String.valueOf(limit + 1)},
                {"small-chunked", "chunked", "300"},
                {"small-expecting-continue", "continue", "300"},
        };
        for (String[] c : cases) {
            String body = user(c[0], Integer.parseInt(c[2]));
            assertEquals(Integer.parseInt(c[2]), body.getBytes(StandardCharsets.UTF_8).length);
            HttpRequest.BodyPublisher publisher = c[1].equals("chunked")
                    ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))
                    : HttpRequest.BodyPublishers.ofString(body);
            HttpResponse<String> created = post(dir, publisher, c[1].equals("continue"));
            assertEquals(201, created.statusCode(), c[0] + ": " + created.body());
            assertTrue(created.body().contains("\"userName\":\"" + c[0] + "\""), c[0] + ": " + created.body());
        }
    }

    @Test
    void smallBodiesOverHttp2AreTakenToo() throws Exception {
        ScimDirectory dir = ScimDirectory.create("body-prefetch-h2");
        for (String name : new String[] {"h2-first", "h2-second"}) {
            HttpResponse<String> created = post(HTTP2, dir, HttpRequest.BodyPublishers.ofString(user(name, 300)), false);
            assertEquals(201, created.statusCode(), name + ": " + created.body());
            assertTrue(created.body().contains("\"userName\":\"" + name + "\""), name + ": " + created.body());
        }
    }

    @Test
    void malformedJsonIsTheSameRefusalReadAheadOrStreamed() throws Exception {
        ScimDirectory dir = ScimDirectory.create("body-prefetch-bad");
        String small = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":";
        String large = small + " ".repeat((int) BodyPrefetch.MAX_BYTES);
        for (String body : new String[] {small, large}) {
            HttpResponse<String> refused = post(dir, HttpRequest.BodyPublishers.ofString(body), false);
            assertEquals(400, refused.statusCode(), refused.body());
            assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith(ScimDirectory.SCIM_JSON));
            assertTrue(refused.body().contains("\"scimType\":\"invalidSyntax\""), refused.body());
        }
    }

    @Test
    void onlyADeclaredDecimalLengthCounts() {
        assertEquals(12, BodyPrefetch.declaredLength("12"));
        assertEquals(-1, BodyPrefetch.declaredLength(null));
        assertEquals(-1, BodyPrefetch.declaredLength(""));
        assertEquals(-1, BodyPrefetch.declaredLength("-1"));
        assertEquals(-1, BodyPrefetch.declaredLength("1e3"));
        assertEquals(-1, BodyPrefetch.declaredLength("9999999999999999999"));
    }
}
