package io.jfairing.metadata.mlmd;

/** The data type of a typed property, as in MLMD's {@code PropertyType}. */
public enum PropertyType {
    INT,
    DOUBLE,
    STRING,
    STRUCT,
    BOOLEAN;

    /** Whether {@code value} may be stored in a property of this type. */
    public boolean accepts(Value value) {
        return switch (this) {
            case INT -> value instanceof Value.IntValue;
            case DOUBLE -> value instanceof Value.DoubleValue;
            case STRING -> value instanceof Value.StringValue;
            case STRUCT -> value instanceof Value.StructValue;
            case BOOLEAN -> value instanceof Value.BoolValue;
        };
    }
}
