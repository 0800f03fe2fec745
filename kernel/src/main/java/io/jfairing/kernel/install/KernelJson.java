package io.jfairing.kernel.install;

import com.google.gson.GsonBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code kernel.json} of a kernelspec. */
final class KernelJson {
    private KernelJson() {}

    static String write(List<String> argv, String displayName, Map<String, String> env) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("argv", argv);
        json.put("display_name", displayName);
        json.put("language", "java");
        json.put("interrupt_mode", "message");
        json.put("env", env);
        json.put("metadata", Map.of("debugger", false));
        return new GsonBuilder()
                        .setPrettyPrinting()
                        .disableHtmlEscaping()
                        .create()
                        .toJson(json) + "\n";
    }
}
