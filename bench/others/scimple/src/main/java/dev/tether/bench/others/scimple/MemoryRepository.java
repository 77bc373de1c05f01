package dev.tether.bench.others.scimple;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.directory.scim.core.repository.PatchHandler;
import org.apache.directory.scim.core.repository.Repository;
import org.apache.directory.scim.core.schema.SchemaRegistry;
import org.apache.directory.scim.spec.exception.ResourceException;
import org.apache.directory.scim.spec.filter.AttributeComparisonExpression;
import org.apache.directory.scim.spec.filter.CompareOperator;
import org.apache.directory.scim.spec.filter.Filter;
import org.apache.directory.scim.spec.filter.FilterExpressions;
import org.apache.directory.scim.spec.filter.FilterResponse;
import org.apache.directory.scim.spec.filter.PageRequest;
import org.apache.directory.scim.spec.filter.SortRequest;
import org.apache.directory.scim.spec.filter.attribute.AttributeReference;
import org.apache.directory.scim.spec.resources.ScimResource;
import org.apache.directory.scim.spec.schema.Meta;

/**
 * Resources of one type in memory, keyed by id, with a case-insensitive unique key (userName,
 * displayName) that also answers {@code KEY eq "…"} without a scan, as any real store's index
 * would. Other filters are SCIMple's in-memory matcher over every resource. PATCH is SCIMple's
 * own patch handler, applied under the resource's map entry so concurrent PATCHes of one group
 * are applied one at a time.
 */
abstract class MemoryRepository<T extends ScimResource> implements Repository<T> {

    private final Map<String, T> byId = new ConcurrentHashMap<>();
    private final Map<String, String> byKey = new ConcurrentHashMap<>();
    private final SchemaRegistry schemas;
    private final PatchHandler patches;
    private final String schemaUrn;
    private final String keyAttribute;
    private final String resourceType;

    MemoryRepository(SchemaRegistry schemas, PatchHandler patches, String schemaUrn, String keyAttribute,
                     String resourceType) {
        this.schemas = schemas;
        this.patches = patches;
        this.schemaUrn = schemaUrn;
        this.keyAttribute = keyAttribute;
        this.resourceType = resourceType;
    }

    abstract String key(T resource);

    private static String fold(String key) {
        return key == null ? null : key.toLowerCase(Locale.ROOT);
    }

    @Override
    public T create(T resource) throws ResourceException {
        String id = UUID.randomUUID().toString();
        String key = fold(key(resource));
        if (key != null && byKey.putIfAbsent(key, id) != null) {
            throw new ResourceException(409, keyAttribute + " is already taken");
        }
        resource.setId(id);
        LocalDateTime now = LocalDateTime.now();
        resource.setMeta(new Meta().setResourceType(resourceType).setCreated(now).setLastModified(now)
                .setVersion("1"));
        byId.put(id, resource);
        return resource;
    }

    @Override
    public T update(String id, String version, T resource, Set<AttributeReference> include,
                    Set<AttributeReference> exclude) throws ResourceException {
        T old = get(id);
        resource.setId(id);
        resource.setMeta(old.getMeta().setLastModified(LocalDateTime.now()));
        rekey(id, key(old), key(resource));
        byId.put(id, resource);
        return resource;
    }

    @Override
    public T patch(String id, String version, List<org.apache.directory.scim.spec.patch.PatchOperation> operations,
                   Set<AttributeReference> include, Set<AttributeReference> exclude) throws ResourceException {
        ResourceException[] failure = new ResourceException[1];
        T patched = byId.computeIfPresent(id, (k, current) -> {
            String before = key(current);
            T next = patches.apply(current, operations);
            next.setId(id);
            try {
                rekey(id, before, key(next));
            } catch (ResourceException e) {
                failure[0] = e;
                return current;
            }
            next.getMeta().setLastModified(LocalDateTime.now());
            return next;
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        if (patched == null) {
            throw new ResourceException(404, resourceType + " " + id + " not found");
        }
        return patched;
    }

    private void rekey(String id, String before, String after) throws ResourceException {
        String b = fold(before);
        String a = fold(after);
        if (a != null && !a.equals(b)) {
            if (byKey.putIfAbsent(a, id) != null) {
                throw new ResourceException(409, keyAttribute + " is already taken");
            }
            if (b != null) {
                byKey.remove(b, id);
            }
        }
    }

    @Override
    public T get(String id) throws ResourceException {
        T r = byId.get(id);
        if (r == null) {
            throw new ResourceException(404, resourceType + " " + id + " not found");
        }
        return r;
    }

    @Override
    public FilterResponse<T> find(Filter filter, PageRequest page, SortRequest sort) {
        List<T> matches = new ArrayList<>();
        String exact = exactKey(filter);
        if (exact != null) {
            String id = byKey.get(fold(exact));
            T r = id == null ? null : byId.get(id);
            if (r != null) {
                matches.add(r);
            }
        } else {
            Predicate<ScimResource> p = filter == null ? x -> true
                    : FilterExpressions.inMemory(filter, schemas.getSchema(schemaUrn));
            for (T r : byId.values()) {
                if (p.test(r)) {
                    matches.add(r);
                }
            }
        }
        int start = page == null || page.getStartIndex() == null ? 1 : Math.max(1, page.getStartIndex());
        int count = page == null || page.getCount() == null ? matches.size() : Math.max(0, page.getCount());
        int from = Math.min(matches.size(), start - 1);
        List<T> pageOf = matches.subList(from, Math.min(matches.size(), from + count));
        return new FilterResponse<>(new ArrayList<>(pageOf), page, matches.size());
    }

    /** The value of a filter that is exactly {@code KEY eq "value"}, or null. */
    private String exactKey(Filter filter) {
        if (filter != null && filter.getExpression() instanceof AttributeComparisonExpression e
                && e.getOperation() == CompareOperator.EQ
                && e.getAttributePath().getSubAttributeName() == null
                && keyAttribute.equalsIgnoreCase(e.getAttributePath().getAttributeName())
                && e.getCompareValue() instanceof String s) {
            return s;
        }
        return null;
    }

    @Override
    public void delete(String id) throws ResourceException {
        T r = byId.remove(id);
        if (r == null) {
            throw new ResourceException(404, resourceType + " " + id + " not found");
        }
        String k = fold(key(r));
        if (k != null) {
            byKey.remove(k, id);
        }
    }
}
