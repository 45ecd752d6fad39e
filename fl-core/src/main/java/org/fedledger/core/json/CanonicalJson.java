package org.fedledger.core.json;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one JSON codec for everything FedLedger writes to the ledger (world-state records, event
 * payloads, aggregation manifests): equal values always give equal bytes, on every machine.
 *
 * <p>Output rules:
 * <ul>
 *   <li>object keys sorted by {@link String#compareTo} (UTF-16 code units) at every depth,
 *       whatever the order of the Java map or of the record's components;</li>
 *   <li>no whitespace between tokens; no HTML escaping ({@code <}, {@code >}, {@code &}, {@code =}
 *       and {@code '} are written as themselves); non-ASCII written as UTF-8;</li>
 *   <li>{@code null} fields of objects and records are left out; nulls inside lists are written;</li>
 *   <li>numbers are integers only, written as plain digits ({@code 42}, {@code -7}, never
 *       {@code 42.0} or {@code 4.2e1}). {@code float}, {@code double} and fractional values are
 *       refused with {@link IllegalArgumentException}: a value with a fraction belongs in a decimal
 *       string (as {@code RuleSpec} parameters are), so no machine's float formatting can change
 *       the bytes.</li>
 * </ul>
 *
 * <p>Input is parsed strictly (RFC 8259 and nothing more): comments, single quotes, unquoted
 * names, trailing commas, trailing content after the value, duplicate object keys, raw control
 * characters in strings and nesting deeper than 255 levels are refused, as are numbers that are not
 * integers (for symmetry with the output rule). Every refusal is an
 * {@link IllegalArgumentException} saying what was wrong and where (a JSON path such as
 * {@code $.inputs[2].hash}).
 *
 * <p>Java {@code record}s, plain classes with fields, {@code List}s, arrays, {@code Map}s with
 * string keys and enums (by name) are supported through Gson's reflection; values that are already
 * a {@link JsonElement} are written as they are (keys still sorted).
 *
 * <pre>{@code
 * record Update(String taskId, long round, List<String> tags) {}
 * CanonicalJson.toJson(new Update("t1", 3, List.of("a")));   // {"round":3,"tags":["a"],"taskId":"t1"}
 * Update back = CanonicalJson.fromJson("{\"taskId\":\"t1\",\"round\":3}", Update.class);
 * }</pre>
 */
public final class CanonicalJson {
    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");

    private static final Gson GSON = new GsonBuilder()
            .disableHtmlEscaping()
            .setStrictness(Strictness.STRICT)
            .registerTypeAdapter(long.class, new ExactInteger(Long.MIN_VALUE, Long.MAX_VALUE, "long"))
            .registerTypeAdapter(Long.class, new ExactInteger(Long.MIN_VALUE, Long.MAX_VALUE, "long"))
            .registerTypeAdapter(int.class, new ExactInteger(Integer.MIN_VALUE, Integer.MAX_VALUE, "int"))
            .registerTypeAdapter(Integer.class, new ExactInteger(Integer.MIN_VALUE, Integer.MAX_VALUE, "int"))
            .registerTypeAdapter(short.class, new ExactInteger(Short.MIN_VALUE, Short.MAX_VALUE, "short"))
            .registerTypeAdapter(Short.class, new ExactInteger(Short.MIN_VALUE, Short.MAX_VALUE, "short"))
            .registerTypeAdapter(byte.class, new ExactInteger(Byte.MIN_VALUE, Byte.MAX_VALUE, "byte"))
            .registerTypeAdapter(Byte.class, new ExactInteger(Byte.MIN_VALUE, Byte.MAX_VALUE, "byte"))
            .create();

    private CanonicalJson() {
    }

    /**
     * Marks a component of an fl-core record that the ledger's record codec may leave out: it is not
     * written when it is null or an empty list, and reading an absent one passes null to the record's
     * constructor, which says what absence means (for a list: empty). A component added to an fl-core
     * record after records were first stored carries it, so that records without the new information
     * keep their bytes (an aggregation manifest without evidence is one).
     *
     * <pre>{@code
     * record AggregationManifest(..., @CanonicalJson.Nullable List<InputEvidence> evidence) {}
     * }</pre>
     */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.RECORD_COMPONENT)
    public @interface Nullable {
    }

    /**
     * Writes a value as canonical JSON.
     *
     * <pre>{@code
     * CanonicalJson.toJson(Map.of("b", 1, "a", List.of(2, 3))); // {"a":[2,3],"b":1}
     * }</pre>
     *
     * @param value a record, object, list, map, array, string, integer, boolean or {@link JsonElement}
     * @return the canonical JSON text
     * @throws IllegalArgumentException when the value holds a non-integral or floating-point number,
     *     or Gson cannot represent it (the message names the JSON path)
     */
    public static String toJson(Object value) {
        JsonElement tree;
        try {
            tree = GSON.toJsonTree(value);
        } catch (JsonParseException | IllegalArgumentException | UnsupportedOperationException | IllegalStateException e) {
            // Gson reports unsupported types, reflection failures and NaN in these ways.
            throw new IllegalArgumentException("cannot write " + describe(value) + " as JSON: " + e.getMessage(), e);
        }
        StringWriter out = new StringWriter();
        JsonWriter writer = new JsonWriter(out);
        writer.setHtmlSafe(false);
        writer.setSerializeNulls(true);
        writer.setStrictness(Strictness.STRICT);
        try {
            write(writer, tree, "$");
            writer.flush();
        } catch (IOException e) {
            throw new IllegalStateException("writing to a StringWriter cannot fail", e);
        }
        return out.toString();
    }

    /**
     * Writes a value as canonical JSON and returns its UTF-8 bytes: the bytes to store and hash.
     *
     * <pre>{@code
     * stub.putState(key, CanonicalJson.toBytes(record));
     * }</pre>
     *
     * @param value as {@link #toJson(Object)}
     * @return {@code toJson(value)} in UTF-8
     * @throws IllegalArgumentException as {@link #toJson(Object)}
     */
    public static byte[] toBytes(Object value) {
        return toJson(value).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses strictly (see the class description) and binds the result to {@code type} through
     * Gson. Members of the JSON object that {@code type} has no field for are ignored; callers that
     * must refuse them check the tree from {@link #parse(String)} instead. Integer fields are bound
     * exactly: a value outside the field's range is refused, never truncated.
     *
     * <pre>{@code
     * TaskRecord task = CanonicalJson.fromJson(new String(stub.getState(key), UTF_8), TaskRecord.class);
     * }</pre>
     *
     * @param json the JSON text
     * @param type the class to bind to, such as a record
     * @param <T> the bound type
     * @return the bound value, never null
     * @throws IllegalArgumentException when the text is not strict JSON, is {@code null}, or does not
     *     fit {@code type} (wrong types, integer out of range)
     */
    public static <T> T fromJson(String json, Class<T> type) {
        Objects.requireNonNull(type, "type");
        JsonElement tree = parse(json);
        if (tree.isJsonNull()) {
            throw new IllegalArgumentException("JSON is null; expected " + type.getSimpleName());
        }
        try {
            T value = GSON.fromJson(tree, type);
            if (value == null) {
                throw new IllegalArgumentException("JSON does not describe a " + type.getSimpleName());
            }
            return value;
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            throw new IllegalArgumentException("JSON does not fit " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Names the kind of a JSON value for messages.
     *
     * <pre>{@code
     * throw new IllegalArgumentException("taskId must be a string, was " + CanonicalJson.kind(e));
     * }</pre>
     *
     * @param e a value, or null for a missing one
     * @return {@code "missing"}, {@code "null"}, {@code "an object"}, {@code "an array"}, {@code "a string"},
     *     {@code "a number"} or {@code "a boolean"}
     */
    public static String kind(JsonElement e) {
        if (e == null) {
            return "missing";
        }
        if (e.isJsonNull()) {
            return "null";
        }
        if (e.isJsonObject()) {
            return "an object";
        }
        if (e.isJsonArray()) {
            return "an array";
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        return p.isString() ? "a string" : p.isNumber() ? "a number" : "a boolean";
    }

    /**
     * Parses strictly (see the class description) into a tree. Numbers in the tree are
     * {@link BigInteger}s.
     *
     * <pre>{@code
     * JsonObject manifest = CanonicalJson.parse(text).getAsJsonObject();
     * }</pre>
     *
     * @param json the JSON text
     * @return the tree
     * @throws IllegalArgumentException when the text is not strict JSON, has a duplicate key, a
     *     non-integer number or trailing content; the message names the position or path
     */
    public static JsonElement parse(String json) {
        Objects.requireNonNull(json, "json");
        JsonReader reader = new JsonReader(new StringReader(json));
        reader.setStrictness(Strictness.STRICT);
        try {
            JsonElement tree = read(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("malformed JSON: unexpected content after the value "
                        + reader.getPath());
            }
            return tree;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
        }
    }

    private static JsonElement read(JsonReader reader) throws IOException {
        switch (reader.peek()) {
            case BEGIN_OBJECT -> {
                JsonObject object = new JsonObject();
                reader.beginObject();
                while (reader.hasNext()) {
                    String name = reader.nextName();
                    if (object.has(name)) {
                        throw new IllegalArgumentException("malformed JSON: duplicate key '" + name + "' "
                                + reader.getPath());
                    }
                    object.add(name, read(reader));
                }
                reader.endObject();
                return object;
            }
            case BEGIN_ARRAY -> {
                JsonArray array = new JsonArray();
                reader.beginArray();
                while (reader.hasNext()) {
                    array.add(read(reader));
                }
                reader.endArray();
                return array;
            }
            case STRING -> {
                return new JsonPrimitive(reader.nextString());
            }
            case NUMBER -> {
                String path = reader.getPath();
                String literal = reader.nextString();
                if (!INTEGER.matcher(literal).matches()) {
                    throw new IllegalArgumentException("number " + abbreviate(literal) + " at " + path
                            + " is not an integer; canonical JSON carries integers only (write fractions as decimal strings)");
                }
                return new JsonPrimitive(new BigInteger(literal));
            }
            case BOOLEAN -> {
                return new JsonPrimitive(reader.nextBoolean());
            }
            case NULL -> {
                reader.nextNull();
                return JsonNull.INSTANCE;
            }
            default -> throw new IllegalArgumentException("malformed JSON: unexpected " + reader.peek() + " "
                    + reader.getPath());
        }
    }

    private static void write(JsonWriter writer, JsonElement element, String path) throws IOException {
        if (element == null || element.isJsonNull()) {
            writer.nullValue();
        } else if (element.isJsonObject()) {
            List<Map.Entry<String, JsonElement>> entries = new ArrayList<>(element.getAsJsonObject().entrySet());
            entries.sort(Map.Entry.comparingByKey());
            writer.beginObject();
            for (Map.Entry<String, JsonElement> e : entries) {
                writer.name(e.getKey());
                write(writer, e.getValue(), path + "." + e.getKey());
            }
            writer.endObject();
        } else if (element.isJsonArray()) {
            writer.beginArray();
            int i = 0;
            for (JsonElement e : element.getAsJsonArray()) {
                write(writer, e, path + "[" + i++ + "]");
            }
            writer.endArray();
        } else {
            JsonPrimitive primitive = element.getAsJsonPrimitive();
            if (primitive.isBoolean()) {
                writer.value(primitive.getAsBoolean());
            } else if (primitive.isString()) {
                writer.value(primitive.getAsString());
            } else {
                writer.value(integer(primitive.getAsNumber(), path));
            }
        }
    }

    private static BigInteger integer(Number number, String path) {
        if (number instanceof BigInteger big) {
            return big;
        }
        if (number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte
                || number instanceof java.util.concurrent.atomic.AtomicInteger
                || number instanceof java.util.concurrent.atomic.AtomicLong) {
            return BigInteger.valueOf(number.longValue());
        }
        String text = number.toString();
        if (number instanceof Double || number instanceof Float || !INTEGER.matcher(text).matches()) {
            throw new IllegalArgumentException("number " + abbreviate(text) + " at " + path + " is not an integer ("
                    + number.getClass().getSimpleName() + "); canonical JSON carries integers only"
                    + " (write fractions as decimal strings)");
        }
        return new BigInteger(text);
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /** Binds JSON integers to a Java integer type exactly: out-of-range values are refused, not truncated. */
    private static final class ExactInteger extends TypeAdapter<Number> {
        private final long min;
        private final long max;
        private final String typeName;

        ExactInteger(long min, long max, String typeName) {
            this.min = min;
            this.max = max;
            this.typeName = typeName;
        }

        @Override
        public void write(JsonWriter out, Number value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else {
                out.value(value.longValue());
            }
        }

        @Override
        public Number read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            String path = in.getPath();
            if (in.peek() != JsonToken.NUMBER) {
                throw new JsonParseException("expected an integer at " + path + " but found " + in.peek());
            }
            String literal = in.nextString();
            long value;
            try {
                value = Long.parseLong(literal);
            } catch (NumberFormatException e) {
                throw new JsonParseException("integer " + abbreviate(literal) + " at " + path + " does not fit a "
                        + typeName);
            }
            if (value < min || value > max) {
                throw new JsonParseException("integer " + literal + " at " + path + " does not fit a " + typeName);
            }
            return switch (typeName) {
                case "long" -> value;
                case "int" -> (int) value;
                case "short" -> (short) value;
                default -> (byte) value;
            };
        }
    }
}
