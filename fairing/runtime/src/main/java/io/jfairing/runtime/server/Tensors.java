package io.jfairing.runtime.server;

import io.jfairing.runtime.json.JsonCodec;
import io.jfairing.runtime.runner.TensorSpec;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** V2 tensors (validation, rows, outputs) and the conversion of JSON instances to the predictor's input type. */
final class Tensors {
    /** The datatypes this server reads and writes: the protocol's, but FP16 (JSON has no half floats). */
    static final Set<String> DATATYPES = Set.of(
            "BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP32", "FP64", "BYTES");

    private static final long MAX_ELEMENTS = 1L << 28;

    private Tensors() {}

    /** A validated input tensor: flat row-major elements (Double, Integer, Long, Boolean or String). */
    record Tensor(String name, List<Long> shape, String datatype, List<Object> data) {
        long batch() {
            return shape.isEmpty() ? 1 : shape.get(0);
        }

        /** Row {@code i} along the first dimension, nested as the remaining dimensions (a scalar for rank 1). */
        Object row(int i) {
            if (shape.size() <= 1) {
                return data.get(shape.isEmpty() ? 0 : i);
            }
            List<Long> rest = shape.subList(1, shape.size());
            int size = (int) product(rest);
            return nest(data.subList(i * size, (i + 1) * size), rest);
        }
    }

    static Tensor input(Object json, int index) {
        if (!(json instanceof Map)) {
            throw bad("inputs[" + index + "] must be an object");
        }
        Map<?, ?> map = (Map<?, ?>) json;
        Object name = map.get("name");
        if (!(name instanceof String)) {
            throw bad("inputs[" + index + "].name must be a string");
        }
        String where = "input '" + name + "'";
        Object datatype = map.get("datatype");
        if (!(datatype instanceof String)) {
            throw bad(where + ": datatype must be a string");
        }
        if (!DATATYPES.contains(datatype)) {
            throw bad(where + ": " + (TensorSpec.DATATYPES.contains(datatype) ? "unsupported" : "unknown")
                    + " datatype '" + datatype + "' (one of " + String.join(", ", new java.util.TreeSet<>(DATATYPES))
                    + ")");
        }
        Object shapeJson = map.get("shape");
        if (!(shapeJson instanceof List)) {
            throw bad(where + ": shape must be an array of integers");
        }
        List<Long> shape = new ArrayList<>();
        for (Object dim : (List<?>) shapeJson) {
            if (!(dim instanceof Long) || (Long) dim < 0) {
                throw bad(
                        where + ": shape must be an array of non-negative integers, got " + JsonCodec.write(shapeJson));
            }
            shape.add((Long) dim);
        }
        long expected;
        try {
            expected = product(shape);
        } catch (ArithmeticException e) {
            expected = Long.MAX_VALUE;
        }
        if (expected > MAX_ELEMENTS) {
            throw bad(where + ": shape " + shape + " is too large");
        }
        if (!map.containsKey("data")) {
            throw bad(where + ": data is missing");
        }
        List<Object> flat = new ArrayList<>();
        flatten(map.get("data"), flat, (String) datatype, where, 0);
        if (flat.size() != expected) {
            throw bad(where + ": shape " + shape + " needs " + expected + " elements, data has " + flat.size());
        }
        return new Tensor((String) name, List.copyOf(shape), (String) datatype, flat);
    }

    private static void flatten(Object data, List<Object> out, String datatype, String where, int depth) {
        if (data instanceof List) {
            for (Object item : (List<?>) data) {
                flatten(item, out, datatype, where, depth + 1);
            }
            return;
        }
        if (depth == 0) {
            throw bad(where + ": data must be an array");
        }
        out.add(element(data, datatype, where));
    }

    private static Object element(Object value, String datatype, String where) {
        switch (datatype) {
            case "FP32":
            case "FP64":
                if (value instanceof Double) {
                    return value; // as it is: a 1 MB tensor is 262,144 of them
                }
                if (value instanceof Long) {
                    return ((Long) value).doubleValue();
                }
                break;
            case "INT8":
            case "INT16":
            case "INT32":
            case "UINT8":
            case "UINT16":
            case "UINT32":
            case "UINT64":
            case "INT64":
                if (value instanceof Long && inRange((Long) value, datatype)) {
                    return datatype.equals("INT64") || datatype.startsWith("UINT")
                            ? value
                            : (Object) ((Long) value).intValue();
                }
                break;
            case "BOOL":
                if (value instanceof Boolean) {
                    return value;
                }
                break;
            default: // BYTES
                if (value instanceof String) {
                    return value;
                }
        }
        throw bad(where + ": " + JsonCodec.write(value) + " is not a " + datatype + " value");
    }

    private static boolean inRange(long v, String datatype) {
        return switch (datatype) {
            case "INT8" -> v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE;
            case "INT16" -> v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
            case "INT32" -> v == (int) v;
            case "UINT8" -> v >= 0 && v <= 0xFF;
            case "UINT16" -> v >= 0 && v <= 0xFFFF;
            case "UINT32" -> v >= 0 && v <= 0xFFFFFFFFL;
            case "UINT64" -> v >= 0;
            default -> true;
        };
    }

    /** Whether a shape fits a declared one ({@code -1}: any size). */
    static boolean fits(List<Long> shape, List<Long> declared) {
        if (shape.size() != declared.size()) {
            return false;
        }
        for (int i = 0; i < shape.size(); i++) {
            if (declared.get(i) != -1 && !declared.get(i).equals(shape.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The shape of a JSON instance (nested lists), as far as its first elements tell. */
    static List<Long> shapeOfJson(Object value) {
        List<Long> shape = new ArrayList<>();
        for (Object v = value; v instanceof List; v = ((List<?>) v).isEmpty() ? null : ((List<?>) v).get(0)) {
            shape.add((long) ((List<?>) v).size());
        }
        return shape;
    }

    /** Whether a JSON instance is nested lists of exactly {@code shape} (from {@code depth} on), not ragged. */
    static boolean isRegular(Object value, List<Long> shape, int depth) {
        if (depth == shape.size()) {
            return !(value instanceof List);
        }
        if (!(value instanceof List) || (shape.get(depth) != -1 && ((List<?>) value).size() != shape.get(depth))) {
            return false;
        }
        for (Object item : (List<?>) value) {
            if (!isRegular(item, shape, depth + 1)) {
                return false;
            }
        }
        return true;
    }

    static long product(List<Long> dims) {
        long n = 1;
        for (long d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    private static Object nest(List<Object> flat, List<Long> dims) {
        if (dims.size() == 1) {
            return new ArrayList<>(flat);
        }
        List<Long> rest = dims.subList(1, dims.size());
        int size = (int) product(rest);
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < dims.get(0); i++) {
            out.add(nest(flat.subList(i * size, (i + 1) * size), rest));
        }
        return out;
    }

    // ------------------------------------------------------------------ outputs

    /**
     * One output tensor holding the predictions along a first (batch) dimension, of the declared datatype (null: the
     * one the data has, or {@code fallback} for no data).
     */
    static Map<String, Object> output(String name, List<Object> predictions, String declared, String fallback) {
        List<Long> itemShape = null;
        List<Object> data = new ArrayList<>();
        for (Object prediction : predictions) {
            List<Long> shape = new ArrayList<>();
            shapeOf(prediction, shape);
            if (itemShape != null && !itemShape.equals(shape)) {
                throw new IllegalArgumentException("predictions have different shapes: " + itemShape + " and " + shape);
            }
            itemShape = shape;
            int before = data.size();
            flattenOutput(prediction, data);
            if (data.size() - before != product(shape)) {
                throw new IllegalArgumentException("a prediction is a ragged array");
            }
        }
        List<Long> shape = new ArrayList<>();
        shape.add((long) predictions.size());
        shape.addAll(itemShape == null ? List.of() : itemShape);
        String found = data.isEmpty() ? fallback : datatype(data);
        if (declared != null && !data.isEmpty() && !fitsDatatype(data, declared)) {
            throw new IllegalArgumentException("output '" + name + "' is declared " + declared
                    + " but the predictor returned " + found + " values");
        }
        Map<String, Object> tensor = new java.util.LinkedHashMap<>();
        tensor.put("name", name);
        tensor.put("shape", shape);
        tensor.put("datatype", declared != null ? declared : found);
        tensor.put("data", data);
        return tensor;
    }

    private static boolean fitsDatatype(List<Object> data, String declared) {
        for (Object v : data) {
            boolean ok = switch (declared) {
                case "BOOL" -> v instanceof Boolean;
                case "BYTES" -> v instanceof String;
                case "FP32", "FP64" -> v instanceof Number;
                default ->
                    (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte)
                            && inRange(((Number) v).longValue(), declared);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The datatype of the predictor's declared return type (for an empty batch); FP32 when it does not say. */
    static String outputDatatype(Object predictor) {
        Class<?> type = Object.class;
        Class<?> input = inputType(predictor);
        for (Method method : predictor.getClass().getMethods()) {
            if (method.getName().equals("predict")
                    && method.getParameterCount() == 1
                    && !method.isBridge()
                    && method.getParameterTypes()[0] == input) {
                type = method.getReturnType();
            }
        }
        while (type.isArray()) {
            type = type.getComponentType();
        }
        if (type == String.class || type == char.class || type == Character.class || type.isEnum()) {
            return "BYTES";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "BOOL";
        }
        if (type == int.class
                || type == Integer.class
                || type == short.class
                || type == Short.class
                || type == byte.class
                || type == Byte.class) {
            return "INT32";
        }
        if (type == long.class || type == Long.class) {
            return "INT64";
        }
        if (type == double.class || type == Double.class) {
            return "FP64";
        }
        return "FP32";
    }

    private static void shapeOf(Object value, List<Long> shape) {
        if (value != null && value.getClass().isArray()) {
            int n = Array.getLength(value);
            shape.add((long) n);
            if (n > 0) {
                shapeOf(Array.get(value, 0), shape);
            }
        } else if (value instanceof Collection) {
            Collection<?> c = (Collection<?>) value;
            shape.add((long) c.size());
            if (!c.isEmpty()) {
                shapeOf(c.iterator().next(), shape);
            }
        }
    }

    private static void flattenOutput(Object value, List<Object> out) {
        if (value != null && value.getClass().isArray()) {
            for (int i = 0, n = Array.getLength(value); i < n; i++) {
                flattenOutput(Array.get(value, i), out);
            }
        } else if (value instanceof Collection) {
            for (Object item : (Collection<?>) value) {
                flattenOutput(item, out);
            }
        } else if (value instanceof Number || value instanceof Boolean || value instanceof String) {
            out.add(value instanceof Character ? value.toString() : value);
        } else if (value instanceof Character || value instanceof Enum) {
            out.add(value.toString());
        } else {
            throw new IllegalArgumentException(
                    "a V2 output needs numbers, booleans, strings or (nested) arrays of them, not "
                            + (value == null ? "null" : value.getClass().getName()));
        }
    }

    private static String datatype(List<Object> data) {
        boolean bools = true;
        boolean strings = true;
        boolean fp32 = true;
        boolean int32 = true;
        boolean integral = true;
        for (Object v : data) {
            bools &= v instanceof Boolean;
            strings &= v instanceof String;
            fp32 &= v instanceof Float;
            int32 &= v instanceof Integer || v instanceof Short || v instanceof Byte;
            integral &= v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof Long;
        }
        if (bools) {
            return "BOOL";
        }
        if (strings) {
            return "BYTES";
        }
        if (fp32) {
            return "FP32";
        }
        if (int32) {
            return "INT32";
        }
        if (integral) {
            return "INT64";
        }
        for (Object v : data) {
            if (!(v instanceof Number)) {
                throw new IllegalArgumentException("a V2 output mixes numbers, booleans and strings");
            }
        }
        return "FP64";
    }

    // ------------------------------------------------------------- instances

    /** The parameter type of the predictor's {@code predict} (Object for lambdas). */
    static Class<?> inputType(Object predictor) {
        Class<?> best = Object.class;
        for (Method method : predictor.getClass().getMethods()) {
            if (method.getName().equals("predict") && method.getParameterCount() == 1 && !method.isBridge()) {
                Class<?> type = method.getParameterTypes()[0];
                if (best.isAssignableFrom(type)) {
                    best = type;
                }
            }
        }
        return best;
    }

    /** A JSON instance as the predictor's input type: JSON values as they are, or arrays, boxes and primitives. */
    static Object convert(Object value, Class<?> type, String where) {
        if (type == Object.class || (value != null && type.isInstance(value) && !(value instanceof Number))) {
            return value;
        }
        if (value == null) {
            if (type.isPrimitive()) {
                throw bad(where + ": null is not a " + type.getName());
            }
            return null;
        }
        if (type.isArray() && value instanceof List) {
            List<?> list = (List<?>) value;
            Class<?> component = type.getComponentType();
            if (component == float.class || component == double.class) {
                Object numbers = numbers(list, component);
                if (numbers != null) {
                    return numbers;
                }
            }
            Object array = Array.newInstance(component, list.size());
            for (int i = 0; i < list.size(); i++) {
                Array.set(array, i, convert(list.get(i), component, where));
            }
            return array;
        }
        if (value instanceof Number) {
            Number n = (Number) value;
            if (type == double.class || type == Double.class) {
                return n.doubleValue();
            }
            if (type == float.class || type == Float.class) {
                return n.floatValue();
            }
            if (type == Number.class) {
                return n;
            }
            boolean integral = n instanceof Long || n instanceof Integer;
            if ((type == long.class || type == Long.class) && integral) {
                return n.longValue();
            }
            if ((type == int.class || type == Integer.class) && integral && n.longValue() == n.intValue()) {
                return n.intValue();
            }
        }
        if (value instanceof Boolean && type == boolean.class) {
            return value;
        }
        throw bad(where + ": cannot pass " + abbreviate(JsonCodec.write(value)) + " as a " + type.getTypeName());
    }

    /** A float[] or double[] of a list of numbers without reflection per element (a 1 MB tensor is 262,144); null if not all numbers. */
    private static Object numbers(List<?> list, Class<?> component) {
        int n = list.size();
        if (component == float.class) {
            float[] out = new float[n];
            for (int i = 0; i < n; i++) {
                if (!(list.get(i) instanceof Number number)) {
                    return null;
                }
                out[i] = number.floatValue();
            }
            return out;
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            if (!(list.get(i) instanceof Number number)) {
                return null;
            }
            out[i] = number.doubleValue();
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    static ServingException bad(String message) {
        return new ServingException(400, message);
    }
}
