package dev.tether.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import java.io.IOException;

/**
 * A field of a partial update, where "absent" (leave it) and "null" (clear it) differ: the
 * record component is null when the field was absent, and a {@code PatchField} holding null
 * when the field was sent as {@code null}.
 */
@JsonDeserialize(using = PatchField.Binding.class)
public record PatchField<T>(T value) {

    static final class Binding extends JsonDeserializer<PatchField<?>> implements ContextualDeserializer {

        private final JavaType valueType;

        Binding() {
            this(null);
        }

        private Binding(JavaType valueType) {
            this.valueType = valueType;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            JavaType wrapper = property != null ? property.getType() : ctxt.getContextualType();
            return new Binding(wrapper == null ? ctxt.constructType(Object.class) : wrapper.containedTypeOrUnknown(0));
        }

        @Override
        public PatchField<?> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return new PatchField<>(ctxt.readValue(p, valueType));
        }

        @Override
        public PatchField<?> getNullValue(DeserializationContext ctxt) {
            return new PatchField<>(null);
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) {
            return null;
        }
    }
}
