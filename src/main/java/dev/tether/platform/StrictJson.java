package dev.tether.platform;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The one way a request body becomes JSON, for the SCIM and the admin API alike: exactly one
 * document (RFC 8259 §2: nothing after it), in UTF-8 and nothing else (RFC 8259 §8.1, RFC 3629
 * §10: no overlong forms, no encoded surrogates, no UTF-16 or UTF-32 guessed from zero bytes),
 * each member name once (RFC 7493 §2.3). What PostgreSQL cannot store in text or jsonb — the NUL
 * character and unpaired surrogates (RFC 7493 §2.1) — is found by {@link #unstorableText} before
 * the body goes anywhere near it.
 */
public final class StrictJson {

    private StrictJson() {
    }

    /** Why a body is not one strict JSON document; the message is safe to show the client. */
    public static final class NotJson extends IllegalArgumentException {
        public NotJson(String message) {
            super(message);
        }
    }

    /**
     * The body as text: strict UTF-8 (a byte order mark is ignored, as RFC 8259 §8.1 allows) and
     * no raw NUL character, which JSON never allows outside a string and whose presence is what a
     * UTF-16 or UTF-32 body without a byte order mark looks like to a UTF-8 reader.
     */
    public static String utf8(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new NotJson("the request body is not valid UTF-8");
        }
        if (text.indexOf('\u0000') >= 0) {
            throw new NotJson("the request body is not UTF-8 JSON (it holds NUL bytes, as UTF-16 does)");
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** A reader of the mapper that refuses duplicate member names and anything after the document. */
    public static ObjectReader reader(ObjectMapper mapper) {
        return mapper.reader()
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    /** True when PostgreSQL can store the text: no NUL character and every surrogate paired. */
    public static boolean storable(String text) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= n || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Where the first member name or string value PostgreSQL could not store is, as a JSON
     * Pointer (RFC 6901); empty when there is none.
     */
    public static Optional<String> unstorableText(JsonNode node) {
        return find(node, "");
    }

    /**
     * The text with what cannot be stored replaced by U+FFFD, so that an error detail naming it
     * can itself be written as JSON.
     */
    public static String printable(String text) {
        if (storable(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(c == '\u0000' || Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    private static Optional<String> find(JsonNode node, String pointer) {
        if (node == null) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            return storable(node.textValue()) ? Optional.empty() : Optional.of(pointer);
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<String> found = find(node.get(i), pointer + "/" + i);
                if (found.isPresent()) {
                    return found;
                }
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String at = pointer + "/" + printable(field.getKey()).replace("~", "~0").replace("/", "~1");
                if (!storable(field.getKey())) {
                    return Optional.of(at);
                }
                Optional<String> found = find(field.getValue(), at);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }
}
