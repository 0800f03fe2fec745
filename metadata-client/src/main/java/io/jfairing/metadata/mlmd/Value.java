package io.jfairing.metadata.mlmd;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A property value, as MLMD's {@code Value} proto: an int, a double, a string, a boolean or a struct (JSON-like
 * maps, lists, strings, numbers, booleans). On the wire it is an object with exactly one of {@code intValue},
 * {@code doubleValue}, {@code stringValue}, {@code boolValue}, {@code structValue}.
 */
public sealed interface Value {

    /** The plain Java value: Long, Double, String, Boolean, or Map/List for a struct. */
    Object raw();

    PropertyType type();

    static Value of(long v) {
        return new IntValue(v);
    }

    static Value of(double v) {
        return new DoubleValue(v);
    }

    static Value of(String v) {
        return new StringValue(v);
    }

    static Value of(boolean v) {
        return new BoolValue(v);
    }

    /**
     * Converts a plain Java value: integral numbers become INT, other numbers DOUBLE, CharSequence STRING, Boolean
     * BOOLEAN, Map and List STRUCT, a Value itself.
     *
     * @throws IllegalArgumentException for null or any other type
     */
    static Value ofObject(Object o) {
        if (o instanceof Value v) {
            return v;
        } else if (o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte) {
            return new IntValue(((Number) o).longValue());
        } else if (o instanceof Number n) {
            return new DoubleValue(n.doubleValue());
        } else if (o instanceof CharSequence s) {
            return new StringValue(s.toString());
        } else if (o instanceof Boolean b) {
            return new BoolValue(b);
        } else if (o instanceof Map<?, ?> || o instanceof List<?>) {
            return new StructValue(o);
        }
        throw new IllegalArgumentException(
                "cannot store a " + (o == null ? "null" : o.getClass().getName()) + " as a property value");
    }

    record IntValue(long value) implements Value {
        @Override
        public Object raw() {
            return value;
        }

        @Override
        public PropertyType type() {
            return PropertyType.INT;
        }
    }

    record DoubleValue(double value) implements Value {
        @Override
        public Object raw() {
            return value;
        }

        @Override
        public PropertyType type() {
            return PropertyType.DOUBLE;
        }
    }

    record StringValue(String value) implements Value {
        public StringValue {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Object raw() {
            return value;
        }

        @Override
        public PropertyType type() {
            return PropertyType.STRING;
        }
    }

    record BoolValue(boolean value) implements Value {
        @Override
        public Object raw() {
            return value;
        }

        @Override
        public PropertyType type() {
            return PropertyType.BOOLEAN;
        }
    }

    /** A JSON-like structure: Map&lt;String, ?&gt;, List&lt;?&gt;, String, Number, Boolean, null. */
    record StructValue(Object value) implements Value {
        public StructValue {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Object raw() {
            return value;
        }

        @Override
        public PropertyType type() {
            return PropertyType.STRUCT;
        }
    }
}
