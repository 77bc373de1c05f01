package dev.tether.bench.others.scimple;

import java.util.List;
import org.apache.directory.scim.core.repository.PatchHandler;
import org.apache.directory.scim.core.schema.SchemaRegistry;
import org.apache.directory.scim.spec.extension.EnterpriseExtension;
import org.apache.directory.scim.spec.resources.ScimExtension;
import org.apache.directory.scim.spec.resources.ScimGroup;
import org.apache.directory.scim.spec.resources.ScimUser;
import org.springframework.stereotype.Component;

/** The two stores SCIMple's starter finds as Repository beans. */
final class Stores {

    private Stores() {
    }

    @Component
    static class Users extends MemoryRepository<ScimUser> {
        Users(SchemaRegistry schemas, PatchHandler patches) {
            super(schemas, patches, ScimUser.SCHEMA_URI, "userName", ScimUser.RESOURCE_NAME);
        }

        @Override
        public Class<ScimUser> getResourceClass() {
            return ScimUser.class;
        }

        @Override
        public List<Class<? extends ScimExtension>> getExtensionList() {
            return List.of(EnterpriseExtension.class);
        }

        @Override
        String key(ScimUser u) {
            return u.getUserName();
        }
    }

    @Component
    static class Groups extends MemoryRepository<ScimGroup> {
        Groups(SchemaRegistry schemas, PatchHandler patches) {
            super(schemas, patches, ScimGroup.SCHEMA_URI, "displayName", ScimGroup.RESOURCE_NAME);
        }

        @Override
        public Class<ScimGroup> getResourceClass() {
            return ScimGroup.class;
        }

        @Override
        String key(ScimGroup g) {
            return g.getDisplayName();
        }
    }
}
