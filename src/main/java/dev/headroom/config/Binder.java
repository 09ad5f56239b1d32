package dev.headroom.config;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Binds a {@link LocatedTree} into a config type in one pass, recording every problem with the
 * line and column of the value (or key) it is about, and binding on past each one: a badly typed or
 * unknown value is left out (its field gets its default), so one run reports every mistake in the
 * file.
 *
 * <p>A value's own constructor (a compact constructor's check) that refuses it is reported the same
 * way, with its message, and the value is left out.
 *
 * <p>What it binds, and how (the conventions of {@link ConfigLoader}):
 *
 * <ul>
 *   <li>Records, through their canonical constructor; a type with a {@link JsonCreator} constructor
 *       or static factory through that (a single-argument {@code DELEGATING} one takes the value as
 *       written, e.g. a text where a mapping is also allowed). {@link JsonProperty} renames a field
 *       and marks it required, {@link JsonAlias} gives it other names, {@link JsonIgnore} keeps it
 *       out of the file; {@code @JsonIgnoreProperties(ignoreUnknown = true)} lets unknown keys pass.
 *   <li>Text, whole numbers ({@code int}, {@code long}, boxes, {@link BigInteger}), numbers
 *       ({@code double}, {@link BigDecimal}), booleans, {@link Duration} ({@link Durations}),
 *       {@link OffsetDateTime}, enums (any case, or through their {@link JsonCreator} factory),
 *       lists and sets, maps with text keys, and {@link JsonNode} (the subtree, unbound).
 *   <li>Scalars convert as YAML users expect: {@code port: "8080"} is a number, {@code name: 42}
 *       text; a fractional number is not a whole one.
 * </ul>
 *
 * Jackson's annotations are read, not its data binding: loading a config costs its streaming
 * parser and tree, not the ~550 classes of {@code ObjectMapper} (a probes-only monitor is ~6 MiB
 * smaller for it; bench/README.md, "Monitor vs blackbox_exporter").
 */
final class Binder {

    /**
     * How a type is built, found once per type: from a mapping by its properties, or (delegating)
     * from the value as written, in which case {@code mapping} (null if none) takes a mapping.
     */
    private record Creator(Executable executable, boolean delegating, Creator mapping, List<Property> properties,
            Map<String, Property> byName, Set<String> ignoredNames, boolean ignoreUnknown, List<String> knownNames) {

        static Creator delegating(Executable executable, Creator mapping) {
            return new Creator(executable, true, mapping, List.of(), Map.of(), Set.of(), false, List.of());
        }
    }

    /** One parameter of a creator: the name it is written under, its other names, and whether it must be there. */
    private record Property(String name, List<String> aliases, Type type, boolean required, boolean ignored) {
    }

    private static final Map<Class<?>, Creator> CREATORS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, Optional<Method>> ENUM_FACTORIES = new ConcurrentHashMap<>();

    private final String source;
    private final LocatedTree tree;
    private final List<ConfigProblem> problems;

    Binder(String source, LocatedTree tree, List<ConfigProblem> problems) {
        this.source = source;
        this.tree = tree;
        this.problems = problems;
    }

    /** The document bound as {@code type}; null if the document itself was refused (reported). */
    <T> T bind(Class<T> type) {
        return type.cast(value(tree.root(), type, ""));
    }

    private Object value(JsonNode node, Type type, String path) {
        Class<?> raw = raw(type);
        if (JsonNode.class.isAssignableFrom(raw)) {
            return node;
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return emptyValue(raw);
        }
        if (raw == String.class) {
            return node.isValueNode() ? node.asText() : mismatch(raw, node, path);
        }
        if (raw.isPrimitive() || Number.class.isAssignableFrom(raw) || raw == Boolean.class) {
            return scalar(node, raw, path);
        }
        if (raw == Duration.class) {
            return duration(node, path);
        }
        if (raw == OffsetDateTime.class) {
            return dateTime(node, path);
        }
        if (raw.isEnum()) {
            return enumValue(node, raw, path);
        }
        if (Collection.class.isAssignableFrom(raw)) {
            return collection(node, raw, argument(type, 0), path);
        }
        if (Map.class.isAssignableFrom(raw)) {
            return map(node, argument(type, 1), path);
        }
        return object(node, raw, path);
    }

    private static Object emptyValue(Class<?> raw) {
        if (!raw.isPrimitive()) {
            return null;
        }
        if (raw == boolean.class) {
            return false;
        }
        if (raw == double.class) {
            return 0.0;
        }
        if (raw == float.class) {
            return 0.0f;
        }
        if (raw == long.class) {
            return 0L;
        }
        if (raw == char.class) {
            return '\0';
        }
        return raw == short.class ? (short) 0 : raw == byte.class ? (byte) 0 : 0;
    }

    private Object scalar(JsonNode node, Class<?> raw, String path) {
        Class<?> t = box(raw);
        if (t == Boolean.class) {
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            if (node.isTextual() && (node.textValue().equalsIgnoreCase("true") || node.textValue().equalsIgnoreCase("false"))) {
                return Boolean.parseBoolean(node.textValue());
            }
            return mismatch(raw, node, path);
        }
        if (node.isTextual() && node.textValue().isBlank()) {
            return emptyValue(raw);
        }
        boolean fraction = t == Double.class || t == Float.class || t == BigDecimal.class;
        if (!(node.isNumber() || node.isTextual()) || !fraction && node.isNumber() && !node.isIntegralNumber()) {
            return mismatch(raw, node, path); // a fractional number is not a whole one, not even 2.0
        }
        try {
            String text = node.isNumber() ? null : node.textValue().trim();
            if (fraction) {
                BigDecimal number = text == null ? node.decimalValue() : new BigDecimal(text);
                return t == Double.class ? (Object) number.doubleValue() : t == Float.class ? (Object) number.floatValue() : number;
            }
            BigInteger whole = text == null ? node.bigIntegerValue() : new BigInteger(text);
            if (t == BigInteger.class) {
                return whole;
            }
            long min = t == Long.class ? Long.MIN_VALUE : t == Integer.class ? Integer.MIN_VALUE
                    : t == Short.class ? Short.MIN_VALUE : Byte.MIN_VALUE;
            long max = t == Long.class ? Long.MAX_VALUE : t == Integer.class ? Integer.MAX_VALUE
                    : t == Short.class ? Short.MAX_VALUE : Byte.MAX_VALUE;
            if (whole.bitLength() > 63 || whole.longValue() < min || whole.longValue() > max) {
                return problem(path, "expected " + ConfigLoader.describeType(raw) + " from " + min + " to " + max
                        + ", got " + node.asText());
            }
            long v = whole.longValue();
            return t == Long.class ? (Object) v : t == Integer.class ? (Object) (int) v
                    : t == Short.class ? (Object) (short) v : (Object) (byte) v;
        } catch (NumberFormatException e) {
            return mismatch(raw, node, path);
        }
    }

    private Object duration(JsonNode node, String path) {
        if (node.isTextual()) {
            try {
                return Durations.parse(node.textValue());
            } catch (IllegalArgumentException e) {
                return problem(path, e.getMessage());
            }
        }
        if (node.isIntegralNumber() && node.longValue() == 0) {
            return Duration.ZERO;
        }
        return problem(path, Durations.EXPECTED + ", got " + (node.isValueNode() ? node.asText() + " (add a unit)" : describe(node)));
    }

    private Object dateTime(JsonNode node, String path) {
        if (node.isTextual()) {
            try {
                return OffsetDateTime.parse(node.textValue().trim());
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        return problem(path, "expected a date and time like 2026-12-01T09:30:00Z, got " + describe(node));
    }

    private Object enumValue(JsonNode node, Class<?> raw, String path) {
        Optional<Method> factory = ENUM_FACTORIES.computeIfAbsent(raw, Binder::enumFactory);
        if (factory.isPresent() && node.isValueNode()) {
            return create(factory.get(), new Object[] {node.asText()}, path, false);
        }
        if (node.isTextual()) {
            for (Object constant : raw.getEnumConstants()) {
                if (((Enum<?>) constant).name().equalsIgnoreCase(node.textValue().trim())) {
                    return constant;
                }
            }
        }
        return mismatch(raw, node, path);
    }

    private Object collection(JsonNode node, Class<?> raw, Type item, String path) {
        if (!node.isArray()) {
            return mismatch(raw, node, path);
        }
        Collection<Object> out = Set.class.isAssignableFrom(raw) ? new LinkedHashSet<>() : new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            out.add(value(node.get(i), item, LocatedTree.index(path, i)));
        }
        return out;
    }

    private Object map(JsonNode node, Type valueType, String path) {
        if (!node.isObject()) {
            return mismatch(Map.class, node, path);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), value(e.getValue(), valueType, LocatedTree.child(path, e.getKey())));
        }
        return out;
    }

    private Object object(JsonNode node, Class<?> raw, String path) {
        Creator creator = CREATORS.computeIfAbsent(raw, Binder::creatorOf);
        if (creator.delegating()) {
            if (node.isObject() && creator.mapping() != null) {
                return properties(node, creator.mapping(), path);
            }
            Type parameter = creator.executable().getGenericParameterTypes()[0];
            Object delegate = value(node, parameter, path);
            return create(creator.executable(), new Object[] {delegate}, path, false);
        }
        if (!node.isObject()) {
            return mismatch(raw, node, path);
        }
        return properties(node, creator, path);
    }

    private Object properties(JsonNode node, Creator creator, String path) {
        int before = problems.size();
        Map<Property, JsonNode> given = new HashMap<>();
        Map<Property, String> givenAs = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            Property p = creator.byName().get(e.getKey());
            String keyPath = LocatedTree.child(path, e.getKey());
            if (p == null) {
                if (!creator.ignoreUnknown() && !creator.ignoredNames().contains(e.getKey())) {
                    LocatedTree.Location loc = tree.locateKey(keyPath);
                    problems.add(new ConfigProblem(source, loc.line(), loc.column(), keyPath,
                            ConfigLoader.unknownField(e.getKey(), creator.knownNames())));
                }
            } else if (given.putIfAbsent(p, e.getValue()) == null) {
                givenAs.put(p, keyPath);
            }
        }
        Object[] args = new Object[creator.properties().size()];
        for (int i = 0; i < args.length; i++) {
            Property p = creator.properties().get(i);
            Class<?> raw = raw(p.type());
            JsonNode value = p.ignored() ? null : given.get(p);
            String fieldPath = givenAs.getOrDefault(p, LocatedTree.child(path, p.name()));
            if (value == null) {
                if (p.required()) {
                    boolean empty = tree.nullPaths().contains(fieldPath);
                    LocatedTree.Location loc = empty ? tree.locate(fieldPath) : tree.locate(path);
                    problems.add(new ConfigProblem(source, loc.line(), loc.column(), fieldPath,
                            empty ? "must not be empty" : "missing required field"));
                }
                args[i] = emptyValue(raw);
            } else {
                Object bound = value(value, p.type(), fieldPath);
                args[i] = bound == null ? emptyValue(raw) : bound;
            }
        }
        return create(creator.executable(), args, path, problems.size() > before);
    }

    /**
     * Calls the creator. A refusal (its own exception) is reported at the value with its message,
     * unless problems already found inside the value explain it, and the value is left out (null),
     * as a badly typed one is, so that binding goes on.
     */
    private Object create(Executable executable, Object[] args, String path, boolean explained) {
        try {
            return executable instanceof Constructor<?> c ? c.newInstance(args) : ((Method) executable).invoke(null, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (!explained && cause != null && cause.getMessage() != null) {
                problem(path, cause.getMessage());
            } else if (!explained) {
                problem(path, "is not valid here");
            }
            return null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot bind config type " + executable.getDeclaringClass().getName() + ": " + e, e);
        }
    }

    private Object mismatch(Class<?> raw, JsonNode node, String path) {
        return problem(path, "expected " + ConfigLoader.describeType(raw) + ", got " + describe(node));
    }

    private Object problem(String path, String message) {
        LocatedTree.Location loc = tree.locate(path);
        problems.add(new ConfigProblem(source, loc.line(), loc.column(), path, message));
        return null;
    }

    static String describe(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "nothing";
        }
        if (n.isObject()) {
            return "a mapping";
        }
        if (n.isArray()) {
            return "a list";
        }
        return n.isTextual() ? "\"" + n.asText() + "\"" : n.asText();
    }

    // ---- finding how a type is built (once per type) ----

    private static Creator creatorOf(Class<?> type) {
        List<Executable> annotated = new ArrayList<>();
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (c.isAnnotationPresent(JsonCreator.class)) {
                annotated.add(c);
            }
        }
        for (Method m : type.getDeclaredMethods()) {
            if (Modifier.isStatic(m.getModifiers()) && m.isAnnotationPresent(JsonCreator.class)) {
                annotated.add(m);
            }
        }
        Executable delegating = annotated.stream().filter(Binder::isDelegating).findFirst().orElse(null);
        Executable mapping = annotated.stream().filter(e -> !isDelegating(e)).findFirst().orElse(null);
        if (delegating != null) {
            delegating.setAccessible(true);
            return Creator.delegating(delegating, mapping == null ? null : properties(type, mapping));
        }
        if (mapping != null) {
            return properties(type, mapping);
        }
        if (type.isRecord()) {
            Class<?>[] types = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType).toArray(Class<?>[]::new);
            try {
                return properties(type, type.getDeclaredConstructor(types));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("record without its canonical constructor: " + type.getName(), e);
            }
        }
        throw new IllegalStateException("cannot bind config type " + type.getName()
                + ": make it a record or give it a @JsonCreator");
    }

    private static boolean isDelegating(Executable e) {
        JsonCreator.Mode mode = e.getAnnotation(JsonCreator.class).mode();
        return mode == JsonCreator.Mode.DELEGATING
                || mode == JsonCreator.Mode.DEFAULT && e.getParameterCount() == 1
                        && !e.getParameters()[0].isAnnotationPresent(JsonProperty.class);
    }

    private static Creator properties(Class<?> type, Executable creator) {
        RecordComponent[] components = type.isRecord() ? type.getRecordComponents() : null;
        Parameter[] params = creator.getParameters();
        boolean canonical = components != null && components.length == params.length
                && Arrays.equals(creator.getParameterTypes(), Arrays.stream(components).map(RecordComponent::getType).toArray());
        List<Property> props = new ArrayList<>();
        for (int i = 0; i < params.length; i++) {
            Parameter p = params[i];
            JsonProperty named = p.getAnnotation(JsonProperty.class);
            JsonAlias alias = p.getAnnotation(JsonAlias.class);
            JsonIgnore ignore = p.getAnnotation(JsonIgnore.class);
            java.lang.reflect.Field field = null;
            if (canonical) {
                try {
                    field = type.getDeclaredField(components[i].getName());
                } catch (NoSuchFieldException e) {
                    throw new IllegalStateException(e);
                }
                named = named != null ? named : field.getAnnotation(JsonProperty.class);
                alias = alias != null ? alias : field.getAnnotation(JsonAlias.class);
                ignore = ignore != null ? ignore : field.getAnnotation(JsonIgnore.class);
            }
            String name = named != null && !named.value().isEmpty() ? named.value()
                    : canonical ? components[i].getName() : p.isNamePresent() ? p.getName() : null;
            if (name == null) {
                throw new IllegalStateException("cannot bind config type " + type.getName() + ": parameter " + i
                        + " of its creator has no @JsonProperty name");
            }
            props.add(new Property(name, alias == null ? List.of() : List.of(alias.value()), p.getParameterizedType(),
                    named != null && named.required(), ignore != null && ignore.value()));
        }
        Map<String, Property> byName = new HashMap<>();
        Set<String> ignoredNames = new HashSet<>();
        for (Property p : props) {
            if (p.ignored()) {
                ignoredNames.add(p.name());
            } else {
                byName.put(p.name(), p);
                p.aliases().forEach(a -> byName.putIfAbsent(a, p));
            }
        }
        List<String> known = props.stream().filter(p -> !p.ignored()).map(Property::name).sorted().toList();
        creator.setAccessible(true);
        return new Creator(creator, false, null, List.copyOf(props), Map.copyOf(byName), Set.copyOf(ignoredNames),
                ignoresUnknown(type), known);
    }

    private static boolean ignoresUnknown(Class<?> type) {
        JsonIgnoreProperties ignore = type.getAnnotation(JsonIgnoreProperties.class);
        return ignore != null && ignore.ignoreUnknown();
    }

    private static Optional<Method> enumFactory(Class<?> type) {
        for (Method m : type.getDeclaredMethods()) {
            if (Modifier.isStatic(m.getModifiers()) && m.isAnnotationPresent(JsonCreator.class) && m.getParameterCount() == 1) {
                m.setAccessible(true);
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof WildcardType w) {
            return raw(w.getUpperBounds()[0]);
        }
        return Object.class;
    }

    private static Type argument(Type type, int index) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
            return p.getActualTypeArguments()[index];
        }
        return Object.class;
    }

    private static Class<?> box(Class<?> t) {
        if (!t.isPrimitive()) {
            return t;
        }
        return t == int.class ? Integer.class : t == long.class ? Long.class : t == double.class ? Double.class
                : t == boolean.class ? Boolean.class : t == float.class ? Float.class : t == short.class ? Short.class
                : t == byte.class ? Byte.class : Character.class;
    }
}
