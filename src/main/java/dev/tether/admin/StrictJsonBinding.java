package dev.tether.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
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
        strict.registerModule(new SimpleModule("tether-admin-strict")
                .addDeserializer(UUID.class, new CanonicalUuid())
                .addDeserializer(OffsetDateTime.class, new Rfc3339Time())
                .addDeserializer(Instant.class, new Rfc3339Instant()));
        return strict;
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
            try {
                return OffsetDateTime.parse(text);
            } catch (DateTimeParseException e) {
                throw ctxt.weirdStringException(text, OffsetDateTime.class, "not an RFC 3339 date-time");
            }
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
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw ctxt.weirdStringException(text, Instant.class, "not an RFC 3339 date-time");
            }
        }
    }
}
