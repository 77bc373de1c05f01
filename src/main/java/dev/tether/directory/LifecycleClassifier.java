package dev.tether.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/** Names what a user write meant by comparing the stored document before and after it. */
public final class LifecycleClassifier {

    private LifecycleClassifier() {
    }

    public static Lifecycle classify(ObjectNode before, ObjectNode after) {
        if (before == null) {
            return Lifecycle.JOINER;
        }
        if (after == null) {
            return Lifecycle.LEAVER;
        }
        boolean wasActive = isActive(before);
        boolean isActive = isActive(after);
        if (wasActive && !isActive) {
            return Lifecycle.LEAVER;
        }
        if (!wasActive && isActive) {
            return Lifecycle.REJOINER;
        }
        return changedAttributes(before, after).isEmpty() ? Lifecycle.UNCHANGED : Lifecycle.MOVER;
    }

    /** A user with no {@code active} attribute is treated as active, as IdPs that omit it mean. */
    public static boolean isActive(ObjectNode doc) {
        JsonNode active = doc.get("active");
        return active == null || active.isNull() || active.asBoolean(true);
    }

    /** Top-level attribute names whose values differ (extension objects count as one name). */
    public static Set<String> changedAttributes(ObjectNode before, ObjectNode after) {
        Set<String> changed = new TreeSet<>();
        if (before == null || after == null) {
            return changed;
        }
        for (Iterator<String> it = before.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!before.get(name).equals(after.get(name))) {
                changed.add(name);
            }
        }
        for (Iterator<String> it = after.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!before.has(name)) {
                changed.add(name);
            }
        }
        return changed;
    }
}
