package org.fedledger.protocol.record;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.fedledger.core.aggregation.RuleName;
import org.fedledger.core.aggregation.RuleSpec;
import org.fedledger.core.json.CanonicalJson;
import org.fedledger.core.manifest.ManifestFormatException;
import org.fedledger.core.model.ContentHash;
import org.fedledger.core.model.ModelFormatException;

/**
 * The one codec of ledger records and event payloads: canonical JSON out (fl-core's
 * {@link CanonicalJson}: sorted keys, no whitespace, null fields left out) and strict binding in.
 * Records of fl-core bind like the protocol's own (an aggregation manifest is one); fl-core's values
 * are written as the ledger stores them: a {@link ContentHash} as its 64 lower-case hex digits, a
 * {@link RuleSpec} as a {@link RuleRecord}. A component marked {@link Nullable} (or, in fl-core's
 * records, {@link CanonicalJson.Nullable}) is left out when it is null or an empty list, and may be
 * absent when read.
 *
 * <p>Reading refuses, naming the JSON path: malformed JSON, a field the type does not have, a
 * missing field (only {@link Nullable} components may be absent), a value of the wrong JSON type, an
 * integer out of range, an unknown enum constant, a malformed hash, an invalid rule, and a value its
 * record's own checks refuse. So
 * {@code read(write(r), type).equals(r)} for every record {@code r}, and a record written by another
 * version of the protocol is never silently half-read.
 *
 * <pre>{@code
 * String json = RecordJson.write(round);                 // what the chaincode stores
 * RoundRecord back = RecordJson.read(json, RoundRecord.class);
 * }</pre>
 */
public final class RecordJson {
    private RecordJson() {
    }

    /**
     * Marks a record component that may be absent from the JSON (read as {@code null}).
     *
     * <pre>{@code
     * record RoundRecord(..., @RecordJson.Nullable Long closedAt, ...) {}
     * }</pre>
     */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.RECORD_COMPONENT)
    public @interface Nullable {
    }

    /**
     * Marks a record type the chaincode stores as a world-state value: its JSON carries the layout's
     * version in the field {@value #SCHEMA_FIELD}, so that the strict codec can evolve across chaincode
     * upgrades without ever half-reading a record. Reading accepts a record of this or an older
     * version, and one without the field (written before records carried versions) as version 1; it
     * refuses a newer version with {@code NEWER_SCHEMA}, naming the version to upgrade to. When a
     * stored type's layout changes, its version goes up and the change keeps older versions readable
     * (a new component is {@link Nullable}).
     *
     * <pre>{@code
     * @RecordJson.Schema(1)
     * public record TaskRecord(...) {}
     * }</pre>
     */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)
    public @interface Schema {
        /** @return the version of the layout this code writes (at least 1) */
        int value();
    }

    /** The JSON field holding a stored record's {@link Schema} version. */
    public static final String SCHEMA_FIELD = "schemaVersion";

    /**
     * @param type a record type
     * @return the layout version its JSON carries, or 0 when it carries none (not a stored record)
     */
    public static int schemaVersion(Class<? extends Record> type) {
        return SHAPES.get(type).schema;
    }

    /**
     * @param value a record of this package or of {@code org.fedledger.protocol.event}, or a list of them
     * @return its canonical JSON
     * @throws IllegalArgumentException when the value holds something JSON cannot carry exactly
     */
    public static String write(Object value) {
        return CanonicalJson.toJson(tree(value));
    }

    /**
     * @param value as {@link #write(Object)}
     * @return the UTF-8 bytes of its canonical JSON
     */
    public static byte[] toBytes(Object value) {
        return write(value).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param json the JSON text
     * @param type the record type
     * @param <T> the record type
     * @return the record
     * @throws RecordFormatException naming the path of the first thing wrong
     */
    public static <T extends Record> T read(String json, Class<T> type) {
        JsonElement tree;
        try {
            tree = CanonicalJson.parse(json);
        } catch (IllegalArgumentException e) {
            throw new RecordFormatException("$", e.getMessage());
        }
        return type.cast(bind(tree, type, "$"));
    }

    /**
     * @param json a JSON array of records
     * @param type the element type
     * @param <T> the element type
     * @return the records in array order
     * @throws RecordFormatException naming the path of the first thing wrong
     */
    public static <T extends Record> List<T> readList(String json, Class<T> type) {
        JsonElement tree;
        try {
            tree = CanonicalJson.parse(json);
        } catch (IllegalArgumentException e) {
            throw new RecordFormatException("$", e.getMessage());
        }
        List<T> out = new ArrayList<>();
        for (Object o : (List<?>) bind(tree, listOf(type), "$")) {
            out.add(type.cast(o));
        }
        return List.copyOf(out);
    }

    /**
     * A record's identity on the ledger, such as a manifest's hash.
     *
     * <pre>{@code
     * ContentHash manifestHash = RecordJson.hash(manifest);
     * }</pre>
     *
     * @param value as {@link #write(Object)}
     * @return the SHA-256 of the UTF-8 bytes of its canonical JSON
     */
    public static ContentHash hash(Object value) {
        return ContentHash.of(toBytes(value));
    }

    // ---- writing

    private static JsonElement tree(Object value) {
        if (value == null) {
            return JsonNull.INSTANCE;
        }
        if (value instanceof ContentHash hash) {
            return new JsonPrimitive(hash.hex());
        }
        if (value instanceof RuleSpec rule) {
            return tree(RuleRecord.of(rule));
        }
        if (value instanceof Record record) {
            JsonObject object = new JsonObject();
            Shape shape = SHAPES.get(record.getClass());
            if (shape.schema > 0) {
                object.add(SCHEMA_FIELD, new JsonPrimitive(BigInteger.valueOf(shape.schema)));
            }
            for (int i = 0; i < shape.names.length; i++) {
                Object v = shape.component(record, i);
                if (v != null && !(shape.nullable[i] && v instanceof Collection<?> c && c.isEmpty())) {
                    object.add(shape.names[i], tree(v));
                }
            }
            return object;
        }
        if (value instanceof Collection<?> list) {
            JsonArray array = new JsonArray();
            list.forEach(e -> array.add(tree(e)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            JsonObject object = new JsonObject();
            map.forEach((k, v) -> object.add(String.valueOf(k), tree(v)));
            return object;
        }
        if (value instanceof Enum<?> e) {
            return new JsonPrimitive(e.name());
        }
        if (value instanceof String s) {
            return new JsonPrimitive(s);
        }
        if (value instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        if (value instanceof Integer || value instanceof Long) {
            return new JsonPrimitive(BigInteger.valueOf(((Number) value).longValue()));
        }
        throw new IllegalArgumentException("a ledger record cannot hold a " + value.getClass().getName());
    }

    // ---- reading

    private static Object bind(JsonElement e, Type type, String path) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw == ContentHash.class) {
            try {
                return ContentHash.parse(primitive(e, path, "a string", JsonPrimitive::isString).getAsString());
            } catch (ModelFormatException m) {
                throw new RecordFormatException(path, m.getMessage());
            }
        }
        if (raw == RuleSpec.class) {
            return rule((RuleRecord) bind(e, RuleRecord.class, path), path);
        }
        if (raw.isRecord()) {
            return record(object(e, path), raw, path);
        }
        if (raw == List.class) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            if (!e.isJsonArray()) {
                throw new RecordFormatException(path, "must be an array, was " + CanonicalJson.kind(e));
            }
            List<Object> out = new ArrayList<>();
            JsonArray array = e.getAsJsonArray();
            for (int i = 0; i < array.size(); i++) {
                out.add(bind(array.get(i), element, path + "[" + i + "]"));
            }
            return out;
        }
        if (raw == SortedMap.class || raw == Map.class) {
            Type valueType = ((ParameterizedType) type).getActualTypeArguments()[1];
            SortedMap<String, Object> out = new TreeMap<>();
            for (Map.Entry<String, JsonElement> entry : object(e, path).entrySet()) {
                out.put(entry.getKey(), bind(entry.getValue(), valueType, path + "." + entry.getKey()));
            }
            return out;
        }
        if (raw == String.class) {
            return primitive(e, path, "a string", JsonPrimitive::isString).getAsString();
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return primitive(e, path, "a boolean", JsonPrimitive::isBoolean).getAsBoolean();
        }
        if (raw == long.class || raw == Long.class) {
            return integer(e, path, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        if (raw == int.class || raw == Integer.class) {
            return (int) integer(e, path, Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
        if (raw.isEnum()) {
            String name = primitive(e, path, "a string", JsonPrimitive::isString).getAsString();
            for (Object constant : raw.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals(name)) {
                    return constant;
                }
            }
            TreeSet<String> known = new TreeSet<>();
            for (Object constant : raw.getEnumConstants()) {
                known.add(((Enum<?>) constant).name());
            }
            throw new RecordFormatException(path, "'" + name + "' is not one of " + known);
        }
        throw new IllegalStateException("records do not hold " + type);
    }

    private static Object record(JsonObject object, Class<?> type, String path) {
        Shape shape = SHAPES.get(type);
        if (shape.schema > 0 && object.has(SCHEMA_FIELD)) {
            long version = integer(object.get(SCHEMA_FIELD), path + "." + SCHEMA_FIELD, 1, Integer.MAX_VALUE);
            if (version > shape.schema) {
                throw new RecordFormatException(path + "." + SCHEMA_FIELD, "NEWER_SCHEMA: " + type.getSimpleName()
                        + " written with schema version " + version + "; this code reads up to version " + shape.schema
                        + ": upgrade it to the version that wrote the ledger");
            }
        }
        for (String key : object.keySet()) {
            if (!shape.sortedNames.contains(key) && !(shape.schema > 0 && SCHEMA_FIELD.equals(key))) {
                TreeSet<String> unknown = new TreeSet<>(object.keySet());
                unknown.removeAll(shape.sortedNames);
                if (shape.schema > 0) {
                    unknown.remove(SCHEMA_FIELD);
                }
                throw new RecordFormatException(path + "." + unknown.first(), "unknown field; "
                        + type.getSimpleName() + " has only " + shape.sortedNames);
            }
        }
        Object[] args = new Object[shape.names.length];
        for (int i = 0; i < shape.names.length; i++) {
            JsonElement value = object.get(shape.names[i]);
            String at = path + "." + shape.names[i];
            if (value == null || value.isJsonNull()) {
                if (!shape.nullable[i]) {
                    throw new RecordFormatException(at, "is required");
                }
                continue;
            }
            args[i] = bind(value, shape.types[i], at);
        }
        try {
            return shape.canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof ManifestFormatException m) {
                // fl-core's manifest parts name the component their own checks refuse
                throw new RecordFormatException(path + "." + m.field(),
                        m.getMessage().substring(m.field().length() + 2));
            }
            throw new RecordFormatException(path, String.valueOf(e.getCause().getMessage()));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        }
    }

    private static RuleSpec rule(RuleRecord stored, String path) {
        try {
            RuleName.fromWireName(stored.name());
        } catch (IllegalArgumentException e) {
            throw new RecordFormatException(path + ".name", e.getMessage());
        }
        try {
            return stored.spec();
        } catch (IllegalArgumentException e) {
            throw new RecordFormatException(path + ".params", e.getMessage());
        }
    }

    /** What reading and writing need of a record type, found by reflection once per type. */
    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return new Shape(type);
        }
    };

    private static final class Shape {
        private final String[] names;
        private final Set<String> sortedNames;
        private final Type[] types;
        private final boolean[] nullable;
        private final Method[] accessors;
        private final Constructor<?> canonical;
        /** The stored layout's version, 0 for a type that carries none. */
        private final int schema;

        private Shape(Class<?> type) {
            Schema stored = type.getAnnotation(Schema.class);
            if (stored != null && stored.value() < 1) {
                throw new IllegalStateException(type.getName() + " declares schema version " + stored.value());
            }
            schema = stored == null ? 0 : stored.value();
            RecordComponent[] components = type.getRecordComponents();
            names = new String[components.length];
            types = new Type[components.length];
            nullable = new boolean[components.length];
            accessors = new Method[components.length];
            Class<?>[] raw = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                names[i] = c.getName();
                types[i] = c.getGenericType();
                nullable[i] = c.isAnnotationPresent(Nullable.class)
                        || c.isAnnotationPresent(CanonicalJson.Nullable.class);
                accessors[i] = c.getAccessor();
                raw[i] = c.getType();
            }
            sortedNames = java.util.Collections.unmodifiableSet(new TreeSet<>(List.of(names)));
            try {
                canonical = type.getDeclaredConstructor(raw);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("no canonical constructor in " + type.getName(), e);
            }
        }

        private Object component(Record record, int i) {
            try {
                return accessors[i].invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + names[i] + " of " + record.getClass().getName(), e);
            }
        }
    }

    private static JsonObject object(JsonElement e, String path) {
        if (!e.isJsonObject()) {
            throw new RecordFormatException(path, "must be an object, was " + CanonicalJson.kind(e));
        }
        return e.getAsJsonObject();
    }

    private static JsonPrimitive primitive(JsonElement e, String path, String what,
            java.util.function.Predicate<JsonPrimitive> test) {
        if (!(e instanceof JsonPrimitive p) || !test.test(p)) {
            throw new RecordFormatException(path, "must be " + what + ", was " + CanonicalJson.kind(e));
        }
        return p;
    }

    private static long integer(JsonElement e, String path, long min, long max) {
        BigInteger value = primitive(e, path, "an integer", JsonPrimitive::isNumber).getAsBigInteger();
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new RecordFormatException(path, "integer out of range [" + min + ", " + max + "]");
        }
        return value.longValue();
    }

    private static Type listOf(Class<?> element) {
        return new ParameterizedType() {
            @Override
            public Type[] getActualTypeArguments() {
                return new Type[] {element};
            }

            @Override
            public Type getRawType() {
                return List.class;
            }

            @Override
            public Type getOwnerType() {
                return null;
            }
        };
    }
}
