package io.jfairing.fairing.deploy;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CPU and memory requests and limits plus GPUs ({@code nvidia.com/gpu}, set as request and limit) of one container.
 * Immutable: each method returns a new value. Quantities are checked with fabric8's {@link Quantity} and the
 * Kubernetes quantity syntax; a bad one fails with the field and the value in the message.
 */
public final class Resources {
    public static final String GPU = "nvidia.com/gpu";
    private static final Pattern QUANTITY = Pattern.compile(
            "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$");
    private static final Resources NONE = new Resources(Map.of(), Map.of(), 0);

    private final Map<String, String> requests;
    private final Map<String, String> limits;
    private final int gpus;

    private Resources(Map<String, String> requests, Map<String, String> limits, int gpus) {
        this.requests = Collections.unmodifiableMap(new LinkedHashMap<>(requests));
        this.limits = Collections.unmodifiableMap(new LinkedHashMap<>(limits));
        this.gpus = gpus;
    }

    public static Resources none() {
        return NONE;
    }

    public Resources cpu(String request) {
        return request("cpu", request);
    }

    public Resources cpu(String request, String limit) {
        return request("cpu", request).limit("cpu", limit);
    }

    public Resources memory(String request) {
        return request("memory", request);
    }

    public Resources memory(String request, String limit) {
        return request("memory", request).limit("memory", limit);
    }

    /** Any resource request ({@code ephemeral-storage}, ...); use {@link #gpus(int)} for GPUs. */
    public Resources request(String resource, String quantity) {
        Map<String, String> r = new LinkedHashMap<>(requests);
        r.put(resource, check("requests." + resource, quantity));
        return new Resources(r, limits, gpus);
    }

    public Resources limit(String resource, String quantity) {
        Map<String, String> l = new LinkedHashMap<>(limits);
        l.put(resource, check("limits." + resource, quantity));
        return new Resources(requests, l, gpus);
    }

    /** {@code nvidia.com/gpu} as request and limit (Kubernetes requires them equal); 0 for none. */
    public Resources gpus(int count) {
        if (count < 0) {
            throw new InvalidJobSpecException("GPUs must be 0 or more, got " + count);
        }
        return new Resources(requests, limits, count);
    }

    public Map<String, String> requests() {
        return requests;
    }

    public Map<String, String> limits() {
        return limits;
    }

    public int gpus() {
        return gpus;
    }

    public boolean isEmpty() {
        return requests.isEmpty() && limits.isEmpty() && gpus == 0;
    }

    /** Requests then limits, GPUs added to both; for the fabric8 {@code ResourceRequirements}. */
    Map<String, Quantity> requestQuantities() {
        return quantities(requests);
    }

    Map<String, Quantity> limitQuantities() {
        return quantities(limits);
    }

    private Map<String, Quantity> quantities(Map<String, String> values) {
        Map<String, Quantity> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, new Quantity(v)));
        if (gpus > 0) {
            out.put(GPU, new Quantity(Integer.toString(gpus)));
        }
        return out;
    }

    /**
     * Checks that no request exceeds its limit, and Kubernetes' rules for extended resources (whole numbers, a request
     * only with an equal limit; see {@link KubernetesRules}). {@code where} starts the field in the message.
     */
    public Resources validated(String where) {
        if (gpus > 0 && (requests.containsKey(GPU) || limits.containsKey(GPU))) {
            throw new InvalidJobSpecException(where + ": " + GPU + " is given twice, by gpus(" + gpus
                    + ") and as a request or limit; use gpus(n)");
        }
        KubernetesRules.resources(where, requests, limits);
        for (Map.Entry<String, String> e : requests.entrySet()) {
            String limit = limits.get(e.getKey());
            if (limit != null && amount(e.getValue()).compareTo(amount(limit)) > 0) {
                throw new InvalidJobSpecException(
                        where + ": request " + e.getKey() + "=" + e.getValue() + " is more than its limit " + limit);
            }
        }
        return this;
    }

    static String check(String field, String value) {
        if (value == null || !QUANTITY.matcher(value.trim()).matches()) {
            throw new InvalidJobSpecException("invalid resource quantity for " + field + ": '" + value
                    + "' (examples: 500m, 2, 1.5, 512Mi, 4Gi)");
        }
        BigDecimal amount;
        try {
            amount = amount(value.trim());
        } catch (RuntimeException e) {
            throw new InvalidJobSpecException(
                    "invalid resource quantity for " + field + ": '" + value + "': " + e.getMessage());
        }
        if (amount.signum() < 0) {
            throw new InvalidJobSpecException(
                    "invalid resource quantity for " + field + ": '" + value + "' is negative");
        }
        return value.trim();
    }

    private static BigDecimal amount(String value) {
        return Quantity.getAmountInBytes(Quantity.parse(value));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Resources r && r.requests.equals(requests) && r.limits.equals(limits) && r.gpus == gpus;
    }

    @Override
    public int hashCode() {
        return requests.hashCode() * 31 + limits.hashCode() * 7 + gpus;
    }

    @Override
    public String toString() {
        return "Resources{requests=" + requests + ", limits=" + limits + ", gpus=" + gpus + "}";
    }
}
