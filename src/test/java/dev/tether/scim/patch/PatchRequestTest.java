package dev.tether.scim.patch;

import static dev.tether.scim.patch.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PatchRequestTest {

    @Test
    void readsOperationsWithCapitalisedOpNames() {
        List<PatchOperation> ops = PatchRequest.parse(json("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations":[{"op":"Replace","path":"active","value":"False"},
                               {"op":"Add","path":"title","value":"Boss"},
                               {"op":"Remove","path":"nickName"}]}
                """));
        assertEquals(3, ops.size());
        assertEquals(PatchOperation.Op.REPLACE, ops.get(0).op());
        assertEquals("active", ops.get(0).path().toString());
        assertEquals(json("\"False\""), ops.get(0).value());
        assertEquals(PatchOperation.Op.ADD, ops.get(1).op());
        assertEquals(PatchOperation.Op.REMOVE, ops.get(2).op());
        assertNull(ops.get(2).value());
    }

    @Test
    void acceptsABodyWithoutSchemas() {
        assertEquals(1, PatchRequest.parse(json("{\"Operations\":[{\"op\":\"remove\",\"path\":\"title\"}]}")).size());
    }

    @Test
    void explicitNullValueIsKeptAsNull() {
        List<PatchOperation> ops = PatchRequest.parse(json(
                "{\"Operations\":[{\"op\":\"replace\",\"path\":\"title\",\"value\":null}]}"));
        assertNull(ops.get(0).value());
    }

    @Test
    void wrongSchemaIsInvalidSyntax() {
        assertType("invalidSyntax", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                + "\"Operations\":[{\"op\":\"remove\",\"path\":\"title\"}]}");
    }

    @Test
    void missingOrEmptyOperationsIsInvalidSyntax() {
        assertType("invalidSyntax", "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"]}");
        assertType("invalidSyntax", "{\"Operations\":[]}");
        assertType("invalidSyntax", "{\"Operations\":{}}");
        assertType("invalidSyntax", "[]");
    }

    @Test
    void unknownOpIsInvalidSyntax() {
        PatchException e = assertType("invalidSyntax", "{\"Operations\":[{\"op\":\"move\",\"path\":\"title\"}]}");
        assertTrue(e.detail().contains("Operations[1]"), e.detail());
    }

    @Test
    void addOrReplaceWithoutValueIsInvalidSyntax() {
        assertType("invalidSyntax", "{\"Operations\":[{\"op\":\"add\",\"path\":\"title\"}]}");
        assertType("invalidSyntax", "{\"Operations\":[{\"op\":\"replace\"}]}");
    }

    @Test
    void removeWithoutPathIsNoTarget() {
        assertType("noTarget", "{\"Operations\":[{\"op\":\"remove\"}]}");
    }

    @Test
    void malformedPathIsInvalidPath() {
        assertType("invalidPath", "{\"Operations\":[{\"op\":\"remove\",\"path\":\"emails[type eq \\\"work\\\"\"}]}");
        assertType("invalidPath", "{\"Operations\":[{\"op\":\"remove\",\"path\":42}]}");
    }

    private static PatchException assertType(String scimType, String body) {
        PatchException e = assertThrows(PatchException.class, () -> PatchRequest.parse(json(body)));
        assertEquals(scimType, e.scimType(), e.detail());
        return e;
    }
}
