package io.jfairing.runtime.server;

import io.jfairing.runtime.json.JsonCodec;
import io.jfairing.runtime.runner.Explainer;
import io.jfairing.runtime.runner.Predictor;
import io.jfairing.runtime.runner.TensorSpec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * Runs requests through the predictor: KServe V1 instances and Open Inference Protocol V2 tensors, checked against the
 * tensors the predictor declares. A bad row is a 400 naming it; a predictor's failure a 500 with its exception (never
 * a stack trace). At most {@code slots} requests predict at once.
 */
final class Inference {
    private final Predictor<?, ?> predictor;
    private final Class<?> inputType;
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> outputs;
    private final String outputName;
    private final String emptyDatatype;
    private final ServingMetrics metrics;
    private final Semaphore slots;

    /** A V2 answer: its JSON, and the binary data of the outputs sent as binary (in order). */
    record V2Answer(Map<String, Object> json, List<byte[]> binary) {}

    Inference(
            Predictor<?, ?> predictor,
            Class<?> inputType,
            List<TensorSpec> inputs,
            List<TensorSpec> outputs,
            String outputName,
            ServingMetrics metrics,
            int slots) {
        this.predictor = predictor;
        this.inputType = inputType;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.outputName = outputName;
        this.emptyDatatype = Tensors.outputDatatype(predictor);
        this.metrics = metrics;
        this.slots = new Semaphore(slots);
    }

    List<TensorSpec> inputs() {
        return inputs;
    }

    List<TensorSpec> outputs() {
        return outputs;
    }

    boolean explains() {
        return predictor instanceof Explainer;
    }

    // ------------------------------------------------------------------ V1

    /** KServe V1: {@code instances} (or {@code inputs}) to {@code predictions} (or {@code explanations}). */
    Map<String, Object> v1(Map<?, ?> body, boolean explain) {
        Object instances = body.get("instances");
        Object alternative = body.get("inputs");
        if (instances != null && alternative != null) {
            throw Tensors.bad("give \"instances\" or \"inputs\", not both");
        }
        String field = instances != null ? "instances" : "inputs";
        Object list = instances != null ? instances : alternative;
        if (!(list instanceof List)) {
            throw Tensors.bad("expected {\"instances\": [...]} (or {\"inputs\": [...]})");
        }
        List<?> rows = (List<?>) list;
        TensorSpec declared = inputs.size() == 1 && !inputs.get(0).shape().isEmpty() ? inputs.get(0) : null;
        List<Object> converted = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            String where = field + "[" + i + "]";
            if (declared != null) {
                List<Long> rowShape =
                        declared.shape().subList(1, declared.shape().size());
                if (!Tensors.isRegular(rows.get(i), rowShape, 0)) {
                    throw Tensors.bad(where + ": expected an instance of shape " + rowShape + " (the model's input '"
                            + declared.name() + "' is " + declared.shape() + "), got "
                            + abbreviate(JsonCodec.write(rows.get(i))));
                }
            }
            converted.add(Tensors.convert(rows.get(i), inputType, where));
            labels.add(where);
        }
        List<Object> results = run(converted, labels, "v1", explain);
        return JsonCodec.fields(explain ? "explanations" : "predictions", results);
    }

    // ------------------------------------------------------------------ V2

    /** An Open Inference Protocol inference request; {@code binary}: the data after the JSON header, if any. */
    V2Answer v2(Map<?, ?> body, ByteBuffer binary) {
        Map<?, ?> parameters = parameters(body.get("parameters"), "parameters");
        Object json = body.get("inputs");
        if (!(json instanceof List) || ((List<?>) json).isEmpty()) {
            throw Tensors.bad("expected {\"inputs\": [{\"name\", \"shape\", \"datatype\", \"data\"}, ...]}");
        }
        List<Tensors.Tensor> tensors = new ArrayList<>();
        ByteBuffer rest = binary;
        for (Object input : (List<?>) json) {
            String where = "inputs[" + tensors.size() + "]";
            if (!(input instanceof Map)) {
                throw Tensors.bad(where + " must be an object");
            }
            Map<?, ?> map = (Map<?, ?>) input;
            Map<?, ?> own = parameters(map.get("parameters"), where + ".parameters");
            if (own.containsKey(BinaryTensors.SIZE)) {
                map = withBinaryData(map, own.get(BinaryTensors.SIZE), rest, where);
                int size = (int) (long) (Long) own.get(BinaryTensors.SIZE);
                rest = rest.slice(size, rest.remaining() - size);
            }
            tensors.add(Tensors.input(map, tensors.size()));
        }
        if (rest != null && rest.hasRemaining()) {
            throw Tensors.bad(rest.remaining() + " bytes of binary data after the JSON header belong to no input"
                    + " (each binary input says \"parameters\": {\"" + BinaryTensors.SIZE + "\": N})");
        }
        checkDeclared(tensors);
        long batch = tensors.get(0).batch();
        for (Tensors.Tensor tensor : tensors) {
            if (tensor.batch() != batch) {
                throw Tensors.bad("inputs have different first dimensions: "
                        + tensors.get(0).shape() + " and " + tensor.shape());
            }
        }
        List<Object> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            Object instance;
            if (tensors.size() == 1) {
                instance = tensors.get(0).row(i);
            } else {
                Map<String, Object> named = new LinkedHashMap<>();
                for (Tensors.Tensor tensor : tensors) {
                    named.put(tensor.name(), tensor.row(i));
                }
                instance = named;
            }
            rows.add(Tensors.convert(instance, inputType, "row " + i));
            labels.add("row " + i);
        }
        List<Object> predictions = run(rows, labels, "v2", false);
        boolean allBinary = Boolean.TRUE.equals(bool(parameters, "binary_data_output", "parameters"));
        List<Map<String, Object>> answer = new ArrayList<>();
        List<byte[]> binaries = new ArrayList<>();
        for (Map.Entry<String, Boolean> requested :
                requestedOutputs(body.get("outputs")).entrySet()) {
            Map<String, Object> tensor = outputTensor(requested.getKey(), predictions);
            if (allBinary || requested.getValue()) {
                @SuppressWarnings("unchecked")
                List<Object> data = (List<Object>) tensor.remove("data");
                byte[] bytes = BinaryTensors.encode(data, (String) tensor.get("datatype"));
                tensor.put("parameters", JsonCodec.fields(BinaryTensors.SIZE, (long) bytes.length));
                binaries.add(bytes);
            }
            answer.add(tensor);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("outputs", answer);
        return new V2Answer(response, binaries);
    }

    private static Map<?, ?> withBinaryData(Map<?, ?> input, Object size, ByteBuffer rest, String where) {
        if (rest == null) {
            throw Tensors.bad(where + ": " + BinaryTensors.SIZE + " needs a binary body (the "
                    + BinaryTensors.HEADER_LENGTH + " header gives the JSON's length)");
        }
        if (!(size instanceof Long) || (Long) size < 0) {
            throw Tensors.bad(where + ".parameters." + BinaryTensors.SIZE + " must be a non-negative integer");
        }
        if ((Long) size > rest.remaining()) {
            throw Tensors.bad(where + ": " + BinaryTensors.SIZE + " " + size + " is more than the " + rest.remaining()
                    + " bytes of binary data left");
        }
        if (input.containsKey("data")) {
            throw Tensors.bad(where + ": give \"data\" or " + BinaryTensors.SIZE + ", not both");
        }
        Object shape = input.get("shape");
        long count = 1;
        if (shape instanceof List) {
            for (Object dim : (List<?>) shape) {
                if (!(dim instanceof Long) || (Long) dim < 0) {
                    throw Tensors.bad(where + ": shape must be an array of non-negative integers");
                }
                count = Math.multiplyExact(count, (Long) dim);
            }
        } else {
            throw Tensors.bad(where + ": shape must be an array of integers");
        }
        Object datatype = input.get("datatype");
        ByteBuffer data = rest.slice().limit((int) (long) (Long) size);
        Map<Object, Object> copy = new LinkedHashMap<>(input);
        copy.put(
                "data",
                BinaryTensors.decode(
                        data,
                        datatype instanceof String ? (String) datatype : "",
                        count,
                        "input '" + input.get("name") + "'"));
        return copy;
    }

    private void checkDeclared(List<Tensors.Tensor> tensors) {
        if (inputs.isEmpty()) {
            return;
        }
        Map<String, TensorSpec> byName = new LinkedHashMap<>();
        inputs.forEach(spec -> byName.put(spec.name(), spec));
        List<String> seen = new ArrayList<>();
        for (Tensors.Tensor tensor : tensors) {
            TensorSpec spec = byName.get(tensor.name());
            if (spec == null) {
                throw Tensors.bad("input '" + tensor.name() + "' is not an input of the model (its inputs: "
                        + String.join(", ", byName.keySet()) + ")");
            }
            if (!Tensors.fits(tensor.shape(), spec.shape())) {
                throw Tensors.bad("input '" + tensor.name() + "': shape " + tensor.shape()
                        + " does not fit the model's " + spec.shape());
            }
            if (!family(tensor.datatype()).equals(family(spec.datatype()))
                    && !(family(spec.datatype()).equals("number")
                            && family(tensor.datatype()).equals("integer"))) {
                throw Tensors.bad("input '" + tensor.name() + "': datatype " + tensor.datatype()
                        + " does not fit the model's " + spec.datatype());
            }
            seen.add(tensor.name());
        }
        for (String name : byName.keySet()) {
            if (!seen.contains(name)) {
                throw Tensors.bad("input '" + name + "' is missing");
            }
        }
    }

    private static String family(String datatype) {
        return switch (datatype) {
            case "BOOL" -> "bool";
            case "BYTES" -> "bytes";
            case "FP16", "FP32", "FP64" -> "number";
            default -> "integer";
        };
    }

    /** The outputs to answer, in order, each with whether it goes as binary data. */
    private Map<String, Boolean> requestedOutputs(Object json) {
        List<String> available = outputNames();
        Map<String, Boolean> requested = new LinkedHashMap<>();
        if (json == null) {
            available.forEach(name -> requested.put(name, false));
            return requested;
        }
        if (!(json instanceof List)) {
            throw Tensors.bad("outputs must be an array of {\"name\": ...}");
        }
        int i = 0;
        for (Object item : (List<?>) json) {
            String where = "outputs[" + i++ + "]";
            if (!(item instanceof Map) || !(((Map<?, ?>) item).get("name") instanceof String)) {
                throw Tensors.bad(where + " must be an object with a name");
            }
            String name = (String) ((Map<?, ?>) item).get("name");
            if (!available.contains(name)) {
                throw Tensors.bad(
                        "unknown output '" + name + "' (the model's outputs: " + String.join(", ", available) + ")");
            }
            Map<?, ?> own = parameters(((Map<?, ?>) item).get("parameters"), where + ".parameters");
            requested.put(name, Boolean.TRUE.equals(bool(own, "binary_data", where + ".parameters")));
        }
        return requested;
    }

    /** The declared outputs' names; without any, the one default output. */
    List<String> outputNames() {
        return outputs.isEmpty()
                ? List.of(outputName)
                : outputs.stream().map(TensorSpec::name).toList();
    }

    private Map<String, Object> outputTensor(String name, List<Object> predictions) {
        String declared = outputs.stream()
                .filter(s -> s.name().equals(name))
                .map(TensorSpec::datatype)
                .findFirst()
                .orElse(null);
        List<Object> column = predictions;
        if (outputs.size() > 1) {
            column = new ArrayList<>();
            for (Object prediction : predictions) {
                if (!(prediction instanceof Map) || !((Map<?, ?>) prediction).containsKey(name)) {
                    throw new ServingException(
                            500,
                            "the model declares several outputs, so each prediction must be a Map with '" + name
                                    + "', not "
                                    + (prediction == null
                                            ? "null"
                                            : prediction.getClass().getName()));
                }
                column.add(((Map<?, ?>) prediction).get(name));
            }
        }
        try {
            return Tensors.output(name, column, declared, emptyDatatype);
        } catch (IllegalArgumentException e) {
            throw new ServingException(500, "cannot make output '" + name + "': " + e.getMessage());
        }
    }

    /** A {@code $parameters} object: string, number or boolean values only. */
    static Map<?, ?> parameters(Object json, String where) {
        if (json == null) {
            return Map.of();
        }
        if (!(json instanceof Map)) {
            throw Tensors.bad(where + " must be an object");
        }
        for (Map.Entry<?, ?> e : ((Map<?, ?>) json).entrySet()) {
            Object v = e.getValue();
            if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
                throw Tensors.bad(where + "." + e.getKey() + ": a parameter is a string, number or boolean, not "
                        + abbreviate(JsonCodec.write(v)));
            }
        }
        return (Map<?, ?>) json;
    }

    private static Boolean bool(Map<?, ?> parameters, String name, String where) {
        Object value = parameters.get(name);
        if (value != null && !(value instanceof Boolean)) {
            throw Tensors.bad(where + "." + name + " must be true or false");
        }
        return (Boolean) value;
    }

    // ------------------------------------------------------------- predicting

    private List<Object> run(List<Object> rows, List<String> labels, String protocol, boolean explain) {
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServingException(503, "the server is shutting down");
        }
        try {
            List<Object> results = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                results.add(call(rows.get(i), labels.get(i), protocol, explain));
            }
            return results;
        } finally {
            slots.release();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object call(Object instance, String where, String protocol, boolean explain) {
        try {
            return explain ? ((Explainer) predictor).explain(instance) : ((Predictor) predictor).predict(instance);
        } catch (ClassCastException e) {
            throw new ServingException(
                    400,
                    where + ": the predictor cannot take this input: " + e.getMessage()
                            + " (a lambda predictor gets JSON values: List, Map, String, Long, Double, Boolean;"
                            + " set ModelServer.Builder.inputType for arrays)");
        } catch (IllegalArgumentException e) {
            // the predictor's word that the row is bad: the client's mistake, not the predictor's failure
            throw new ServingException(400, where + ": " + e.getMessage());
        } catch (Exception | Error e) {
            if (e instanceof VirtualMachineError && !(e instanceof OutOfMemoryError)) {
                throw (Error) e;
            }
            metrics.predictorError(protocol);
            System.err.println("jfairing serving: " + (explain ? "explanation" : "prediction") + " failed for " + where
                    + ": " + e);
            throw new ServingException(
                    500, (explain ? "explanation" : "prediction") + " failed for " + where + ": " + e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
