package io.jfairing.extensions.fairing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfairing.extensions.magic.ArgumentException;
import io.jfairing.fairing.serve.ServingHandle;
import io.jfairing.fairing.serve.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code %fairing predict NAME JSON}: a prediction from a model this session serves, through V1 or V2. */
@Command(
        name = "predict",
        description = {
            "Ask a model this session serves for predictions. V1 (the default): JSON instances, one prediction each. "
                    + "V2 (--v2): the rows become one input tensor of --datatype with shape [rows, columns].",
            "  %%fairing predict wine '[[13.2, 1.78, 2.14, 11.2, 100, 2.65, 2.76, 0.26, 1.28, 4.38, 1.05, 3.4, 1050]]'"
        })
final class PredictMagic implements Callable<Object> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FairingState state;

    @Parameters(index = "0", paramLabel = "NAME", description = "The deployment (see %%fairing serve).")
    String name;

    @Parameters(
            index = "1",
            paramLabel = "JSON",
            description = "The instances: a JSON array, e.g. [[1.0, 2.0], [3.0, 4.0]].")
    String instances;

    @Option(names = "--v2", description = "Use the V2 Open Inference Protocol.")
    boolean v2;

    @Option(
            names = "--datatype",
            paramLabel = "TYPE",
            defaultValue = "FP64",
            description = "V2: FP32, FP64, INT32, INT64, BOOL or BYTES (default: ${DEFAULT-VALUE}).")
    String datatype;

    @Option(
            names = "--input",
            paramLabel = "NAME",
            defaultValue = "input-0",
            description = "V2: the input tensor's name (default: ${DEFAULT-VALUE}).")
    String input;

    PredictMagic(FairingState state) {
        this.state = state;
    }

    @Override
    public Object call() throws Exception {
        ServingHandle handle = state.serving(name);
        if (handle == null) {
            throw new ArgumentException("this session serves no model named " + name
                    + (state.servings().isEmpty()
                            ? " (start one with %fairing serve)"
                            : "; it serves " + String.join(", ", state.servings())));
        }
        List<Object> rows = instances(instances);
        if (!v2) {
            return JSON.writeValueAsString(handle.predict(rows));
        }
        List<Object> flat = new ArrayList<>();
        int columns = -1;
        for (Object row : rows) {
            if (!(row instanceof List<?> values)) {
                throw new ArgumentException("--v2 takes rows of equal length, e.g. [[1.0, 2.0], [3.0, 4.0]]");
            }
            if (columns >= 0 && values.size() != columns) {
                throw new ArgumentException("--v2: row " + (flat.size() / Math.max(columns, 1)) + " has "
                        + values.size() + " values, the first has " + columns);
            }
            columns = values.size();
            flat.addAll(values);
        }
        Tensor tensor =
                Tensor.of(input, datatype.toUpperCase(java.util.Locale.ROOT), new long[] {rows.size(), columns}, flat);
        List<Tensor> outputs = handle.infer(tensor);
        return JSON.writeValueAsString(outputs);
    }

    /** V1 instances from their JSON text: a non-empty JSON array, else an error that shows one. */
    static List<Object> instances(String json) throws ArgumentException {
        JsonNode parsed;
        try {
            parsed = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ArgumentException("the instances are not JSON: " + e.getOriginalMessage());
        }
        if (parsed == null || !parsed.isArray() || parsed.isEmpty()) {
            throw new ArgumentException("the instances must be a non-empty JSON array, e.g. [[1.0, 2.0]]");
        }
        return JSON.convertValue(parsed, JSON.getTypeFactory().constructCollectionType(List.class, Object.class));
    }
}
