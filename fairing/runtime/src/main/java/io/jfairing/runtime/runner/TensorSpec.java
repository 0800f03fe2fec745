package io.jfairing.runtime.runner;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A tensor a {@link Predictor} takes or gives, as the Open Inference Protocol's model metadata describes it: a name, a
 * datatype ({@code FP32}, {@code INT64}, {@code BYTES}, ...) and a shape whose first dimension is the batch ({@code -1}
 * for a dimension of any size).
 *
 * <pre>{@code TensorSpec.of("input-0", "FP32", -1, 4)}</pre>
 */
public record TensorSpec(String name, String datatype, List<Long> shape) {
    /** The Open Inference Protocol's tensor datatypes. */
    public static final Set<String> DATATYPES = Set.of(
            "BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16", "FP32", "FP64",
            "BYTES");

    public TensorSpec {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a tensor needs a name");
        }
        if (!DATATYPES.contains(datatype)) {
            throw new IllegalArgumentException(
                    "tensor '" + name + "': unknown datatype " + datatype + " (one of " + sorted() + ")");
        }
        shape = List.copyOf(shape);
        for (long dim : shape) {
            if (dim < -1) {
                throw new IllegalArgumentException(
                        "tensor '" + name + "': a dimension is -1 (any size) or at least 0, not " + dim);
            }
        }
    }

    public static TensorSpec of(String name, String datatype, long... shape) {
        return new TensorSpec(
                name, datatype, java.util.Arrays.stream(shape).boxed().toList());
    }

    private static List<String> sorted() {
        return DATATYPES.stream().sorted().toList();
    }
}
