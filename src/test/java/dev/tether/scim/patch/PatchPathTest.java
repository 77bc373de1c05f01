package dev.tether.scim.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PatchPathTest {

    @Test
    void plainAttribute() {
        assertEquals(new PatchPath(null, "userName", null, null), PatchPath.parse("userName"));
    }

    @Test
    void subAttribute() {
        assertEquals(new PatchPath(null, "name", null, "givenName"), PatchPath.parse("name.givenName"));
    }

    @Test
    void urnQualifiedAttributeAndSubAttribute() {
        PatchPath p = PatchPath.parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value");
        assertEquals("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", p.schemaUrn());
        assertEquals("manager", p.attribute());
        assertEquals("value", p.subAttribute());
    }

    @Test
    void extensionUrnAloneKeepsTheWholeUrnAsQualifiedName() {
        PatchPath p = PatchPath.parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
        assertEquals("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", p.qualifiedName());
    }

    @Test
    void filterAndSubAttribute() {
        PatchPath p = PatchPath.parse("emails[type eq \"work\"].value");
        assertEquals("emails", p.attribute());
        assertEquals("type eq \"work\"", p.filter());
        assertEquals("value", p.subAttribute());
    }

    @Test
    void closingBracketInsideQuotedStringIsPartOfTheFilter() {
        PatchPath p = PatchPath.parse("members[display eq \"a]b \\\" c]\"]");
        assertEquals("display eq \"a]b \\\" c]\"", p.filter());
        assertNull(p.subAttribute());
    }

    @Test
    void urnQualifiedFilterPath() {
        PatchPath p = PatchPath.parse("urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq \"work\"]");
        assertEquals("urn:ietf:params:scim:schemas:core:2.0:User", p.schemaUrn());
        assertEquals("emails", p.attribute());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "emails[type eq \"work\"", "emails]", "emails[]", "name.givenName.x",
            "emails[type eq \"w\"]value", "emails[type eq \"w\"].", "1abc", "name.given Name",
            "emails[type eq \"a\"][value eq \"b\"]", "name.givenName[type eq \"x\"]"})
    void malformedPathsAreInvalidPath(String text) {
        PatchException e = assertThrows(PatchException.class, () -> PatchPath.parse(text));
        assertEquals("invalidPath", e.scimType());
    }
}
