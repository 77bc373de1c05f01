package dev.tether.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;

/**
 * Puts example request bodies, kept as JSON in a class-path resource keyed by
 * {@code "METHOD /path/template"}, into the OpenAPI document. A key that names no operation
 * fails the build, so an example cannot outlive its endpoint; the contract test validates each
 * example against its schema.
 */
public final class OpenApiExamples {

    private OpenApiExamples() {
    }

    public static void apply(OpenAPI openApi, String resource) {
        JsonNode examples = read(resource);
        for (Iterator<Map.Entry<String, JsonNode>> it = examples.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> example = it.next();
            String[] key = example.getKey().split(" ", 2);
            PathItem path = openApi.getPaths().getPathItem(key[1]);
            Operation operation = path == null ? null
                    : path.getOperations().get(PathItem.HttpMethod.valueOf(key[0]));
            if (operation == null || operation.getRequestBody() == null) {
                throw new IllegalStateException(resource + ": no operation with a body for " + example.getKey());
            }
            Object value = new ObjectMapper().convertValue(example.getValue(), Object.class);
            operation.getRequestBody().getContent().getMediaTypes().values().forEach(m -> m.setExample(value));
        }
    }

    private static JsonNode read(String resource) {
        try (InputStream in = OpenApiExamples.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing class-path resource " + resource);
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
