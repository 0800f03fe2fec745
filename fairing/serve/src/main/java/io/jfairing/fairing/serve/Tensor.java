package io.jfairing.fairing.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A V2 (Open Inference Protocol) tensor: name, datatype (FP32, FP64, INT32, INT64, BOOL, BYTES), shape and flat
 * row-major data.
 *
 * <pre>{@code
 * Tensor input = Tensor.of("input-0", "FP32", new long[]{2, 4}, List.of(6.8, 2.8, 4.8, 1.4, 6.0, 3.4, 4.5, 1.6));
 * List<Tensor> outputs = handle.infer(input);
 * }</pre>
 */
public record Tensor(String name, String datatype, List<Long> shape, List<Object> data) {
    public Tensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(datatype, "datatype");
        shape = List.copyOf(shape);
        data = java.util.Collections.unmodifiableList(new ArrayList<>(data));
    }

    public static Tensor of(String name, String datatype, long[] shape, List<?> data) {
        List<Long> dims = new ArrayList<>();
        for (long d : shape) {
            dims.add(d);
        }
        return new Tensor(name, datatype, dims, new ArrayList<>(data));
    }

    /** An FP32 tensor of shape [rows, columns] from rows of equal length. */
    public static Tensor fp32(String name, double[][] rows) {
        List<Object> data = new ArrayList<>();
        int columns = rows.length == 0 ? 0 : rows[0].length;
        for (double[] row : rows) {
            if (row.length != columns) {
                throw new IllegalArgumentException("rows of different lengths: " + columns + " and " + row.length);
            }
            for (double v : row) {
                data.add(v);
            }
        }
        return of(name, "FP32", new long[] {rows.length, columns}, data);
    }
}
