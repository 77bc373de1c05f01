package dev.tether.admin;

import com.fasterxml.jackson.core.io.InputDecorator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.tether.platform.StrictJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Binds every admin API body without guessing: a string field takes only a JSON string,
 * an integer field only a JSON integer, an id only its canonical text form and a time only an
 * RFC 3339 string (an OffsetDateTime keeps its offset). Anything else is refused with the field named, as the API
 * always did; unknown fields are ignored as everywhere else. Used through
 * {@code @CustomDeserialization(StrictJsonBinding.class)}; the application's mapper is not changed.
 */
public class StrictJsonBinding implements BiFunction<ObjectMapper, Type, ObjectReader> {

    private static final Map<ObjectMapper, ObjectMapper> STRICT = new ConcurrentHashMap<>();

    @Override
    public ObjectReader apply(ObjectMapper mapper, Type type) {
        ObjectMapper strict = STRICT.computeIfAbsent(mapper, StrictJsonBinding::strict);
        return strict.readerFor(strict.constructType(type));
    }

    static ObjectMapper strict(ObjectMapper base) {
        ObjectMapper strict = base.copy();
        strict.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        // one UTF-8 document, each member once (RFC 8259 §8.1, RFC 7493 §2.3): StrictJson's rules
        strict.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        strict.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        strict.getFactory().setInputDecorator(new Utf8Only());
        strict.registerModule(new SimpleModule("tether-admin-strict")
                .addDeserializer(String.class, new StorableText())
                .addDeserializer(UUID.class, new CanonicalUuid())
                .addDeserializer(OffsetDateTime.class, new Rfc3339Time())
                .addDeserializer(Instant.class, new Rfc3339Instant()));
        return strict;
    }

    /**
     * An RFC 3339 date-time: its year has four digits (RFC 3339 §5.6 {@code date-fullyear}), and
     * is not 0, which PostgreSQL does not have. Java alone would take {@code +999999999-12-31T…}.
     */
    static Optional<OffsetDateTime> storableTime(String text) {
        try {
            OffsetDateTime time = OffsetDateTime.parse(text);
            return time.getYear() >= 1 && time.getYear() <= 9999 ? Optional.of(time) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Longest admin string field, in UTF-8 bytes: two fit together in one PostgreSQL index entry (2704 bytes). */
    static final int MAX_TEXT_BYTES = 1024;

    /**
     * A string field as a JSON string only (the coercion rules above), holding what PostgreSQL
     * can store: no NUL character, no unpaired surrogate, at most {@link #MAX_TEXT_BYTES} bytes.
     */
    static final class StorableText extends StdScalarDeserializer<String> {

        StorableText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = StringDeserializer.instance.deserialize(p, ctxt);
            if (text == null) {
                return null;
            }
            if (!StrictJson.storable(text)) {
                throw new UnstorableText(p, "must not hold a NUL character or an unpaired surrogate");
            }
            if (text.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
                throw new UnstorableText(p, "must be at most " + MAX_TEXT_BYTES + " bytes long in UTF-8");
            }
            return text;
        }
    }

    /** A string that is one but cannot be stored; {@code reason} completes "\"field\" …". */
    static final class UnstorableText extends MismatchedInputException {

        final String reason;

        UnstorableText(JsonParser p, String reason) {
            super(p, reason, String.class);
            this.reason = reason;
        }
    }

    /** Hands Jackson the body only once it is strict UTF-8 ({@link StrictJson#utf8}), so no other encoding is guessed. */
    static final class Utf8Only extends InputDecorator {

        @Override
        public InputStream decorate(IOContext ctxt, InputStream in) throws IOException {
            return new ByteArrayInputStream(checked(in.readAllBytes()));
        }

        @Override
        public InputStream decorate(IOContext ctxt, byte[] src, int offset, int length) throws IOException {
            return new ByteArrayInputStream(checked(Arrays.copyOfRange(src, offset, offset + length)));
        }

        @Override
        public Reader decorate(IOContext ctxt, Reader r) {
            return r;
        }

        private static byte[] checked(byte[] body) throws JsonParseException {
            try {
                return StrictJson.utf8(body).getBytes(StandardCharsets.UTF_8);
            } catch (StrictJson.NotJson e) {
                throw new JsonParseException(null, e.getMessage());
            }
        }
    }

    static final class CanonicalUuid extends StdScalarDeserializer<UUID> {

        CanonicalUuid() {
            super(UUID.class);
        }

        @Override
        public UUID deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (UUID) ctxt.handleUnexpectedToken(UUID.class, p);
            }
            String text = p.getText();
            return AdminIds.parse(text)
                    .orElseThrow(() -> ctxt.weirdStringException(text, UUID.class, "not an id"));
        }
    }

    static final class Rfc3339Time extends StdScalarDeserializer<OffsetDateTime> {

        Rfc3339Time() {
            super(OffsetDateTime.class);
        }

        @Override
        public OffsetDateTime deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (OffsetDateTime) ctxt.handleUnexpectedToken(OffsetDateTime.class, p);
            }
            String text = p.getText();
            return storableTime(text).orElseThrow(
                    () -> ctxt.weirdStringException(text, OffsetDateTime.class, "not an RFC 3339 date-time"));
        }
    }

    /** An instant from an RFC 3339 string only: no epoch numbers, no offset-less local times. */
    static final class Rfc3339Instant extends StdScalarDeserializer<Instant> {

        Rfc3339Instant() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
            }
            String text = p.getText();
            return storableTime(text).map(OffsetDateTime::toInstant).orElseThrow(
                    () -> ctxt.weirdStringException(text, Instant.class, "not an RFC 3339 date-time"));
        }
    }
}
