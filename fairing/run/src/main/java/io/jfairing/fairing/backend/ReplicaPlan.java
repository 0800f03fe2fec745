package io.jfairing.fairing.backend;

import io.jfairing.fairing.deploy.JobKind;
import io.jfairing.fairing.deploy.JobSpec;
import io.jfairing.fairing.job.JobEnvironment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The replicas of a job run on one machine, and the environment each gets: what the kind's operator would inject into
 * its pod, with every address on {@code host} (loopback) and a port of its own.
 *
 * <ul>
 *   <li>PyTorchJob: {@code MASTER_ADDR}, {@code MASTER_PORT}, {@code WORLD_SIZE}, {@code RANK} (Master is rank 0,
 *       Worker i is rank i+1), and {@code PET_NNODES}, {@code PET_NODE_RANK}, {@code PET_MASTER_ADDR},
 *       {@code PET_MASTER_PORT}, {@code PET_NPROC_PER_NODE}.</li>
 *   <li>TrainJob (Trainer v2 torch runtime): the {@code PET_*} variables.</li>
 *   <li>XGBoostJob: {@code MASTER_ADDR}, {@code MASTER_PORT}, {@code WORLD_SIZE}, {@code RANK}, {@code WORKER_ADDRS},
 *       {@code WORKER_PORT}.</li>
 *   <li>TFJob: {@code TF_CONFIG} with every role's {@code host:port} (Evaluators are not in the cluster, as with the
 *       operator) and the replica's task type and index.</li>
 *   <li>MPIJob: {@code K_MPI_JOB_ROLE}; Workers also get {@code OMPI_COMM_WORLD_RANK}, {@code OMPI_COMM_WORLD_SIZE}
 *       and {@code OMPI_COMM_WORLD_LOCAL_RANK}, as mpirun would give the process it starts on them.</li>
 *   <li>batch Job: {@code JOB_COMPLETION_INDEX}, as an Indexed Job's pods get.</li>
 * </ul>
 * Every replica also gets {@link JobEnvironment#JOB_NAME}, {@link JobEnvironment#REPLICA_ROLE} and
 * {@link JobEnvironment#REPLICA_INDEX}, then the spec's own env (which wins).
 */
public final class ReplicaPlan {
    /** Default number of processes per node given as {@code PET_NPROC_PER_NODE}. */
    public static final String NPROC_PER_NODE = "1";

    /** One replica: {@code worker-1}, its role in lower case, its index in the role, its rank and its env. */
    public record Replica(String name, String role, int index, int rank, Map<String, String> env) {
        public Replica {
            env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
        }
    }

    private ReplicaPlan() {}

    /**
     * The replicas of {@code spec} on {@code host}, in rank order.
     *
     * @param ports gives a free port each time it is called (one for the master, one per TFJob replica)
     * @throws IllegalArgumentException for a Katib Experiment (a tuner runs its trials)
     */
    public static List<Replica> plan(JobSpec spec, String host, IntSupplier ports) {
        JobKind kind = spec.kind();
        if (kind == JobKind.EXPERIMENT) {
            throw new IllegalArgumentException("a Katib Experiment is run by a Tuner, not as one job");
        }
        List<String[]> slots = new ArrayList<>(); // role, index
        if (!kind.roles().isEmpty()) {
            spec.replicasByRole().forEach((role, n) -> {
                for (int i = 0; i < n; i++) {
                    slots.add(new String[] {role.key().toLowerCase(Locale.ROOT), Integer.toString(i)});
                }
            });
        } else {
            String role = kind == JobKind.TRAIN_JOB ? "node" : "worker";
            for (int i = 0; i < spec.workers(); i++) {
                slots.add(new String[] {role, Integer.toString(i)});
            }
        }
        int world = slots.size();
        String port = Integer.toString(ports.getAsInt());
        List<String> tfAddresses = new ArrayList<>();
        if (kind == JobKind.TF_JOB) {
            for (int i = 0; i < world; i++) {
                tfAddresses.add(host + ":" + (i == 0 ? port : Integer.toString(ports.getAsInt())));
            }
        }
        int mpiWorkers = (int) slots.stream().filter(s -> s[0].equals("worker")).count();
        List<Replica> out = new ArrayList<>();
        for (int rank = 0; rank < world; rank++) {
            String role = slots.get(rank)[0];
            int index = Integer.parseInt(slots.get(rank)[1]);
            Map<String, String> env = new LinkedHashMap<>();
            env.put(JobEnvironment.JOB_NAME, spec.name());
            env.put(JobEnvironment.REPLICA_ROLE, role);
            env.put(JobEnvironment.REPLICA_INDEX, Integer.toString(index));
            switch (kind) {
                case PYTORCH_JOB -> {
                    torch(env, host, port, world, rank);
                    torchElastic(env, host, port, world, rank);
                }
                case TRAIN_JOB -> torchElastic(env, host, port, world, rank);
                case XGBOOST_JOB -> {
                    torch(env, host, port, world, rank);
                    env.put("WORKER_PORT", port);
                    env.put(
                            "WORKER_ADDRS",
                            String.join(",", java.util.Collections.nCopies(Math.max(world - 1, 0), host)));
                }
                case TF_JOB -> env.put("TF_CONFIG", tfConfig(slots, tfAddresses, role, index));
                case MPI_JOB -> {
                    env.put("K_MPI_JOB_ROLE", role);
                    if (role.equals("worker")) {
                        env.put("OMPI_COMM_WORLD_RANK", Integer.toString(index));
                        env.put("OMPI_COMM_WORLD_SIZE", Integer.toString(mpiWorkers));
                        env.put("OMPI_COMM_WORLD_LOCAL_RANK", "0");
                    }
                }
                case JOB -> env.put("JOB_COMPLETION_INDEX", Integer.toString(index));
                default -> throw new IllegalStateException(kind.kind());
            }
            env.putAll(spec.env());
            out.add(new Replica(role + "-" + index, role, index, rank, env));
        }
        return out;
    }

    private static void torch(Map<String, String> env, String host, String port, int world, int rank) {
        env.put("MASTER_ADDR", host);
        env.put("MASTER_PORT", port);
        env.put("WORLD_SIZE", Integer.toString(world));
        env.put("RANK", Integer.toString(rank));
    }

    private static void torchElastic(Map<String, String> env, String host, String port, int world, int rank) {
        env.put("PET_NNODES", Integer.toString(world));
        env.put("PET_NODE_RANK", Integer.toString(rank));
        env.put("PET_MASTER_ADDR", host);
        env.put("PET_MASTER_PORT", port);
        env.put("PET_NPROC_PER_NODE", NPROC_PER_NODE);
    }

    /** {@code {"cluster":{"chief":[...],"worker":[...]},"task":{"type":"worker","index":0},"environment":"cloud"}}. */
    static String tfConfig(List<String[]> slots, List<String> addresses, String role, int index) {
        Map<String, List<String>> cluster = new LinkedHashMap<>();
        for (int i = 0; i < slots.size(); i++) {
            if (!slots.get(i)[0].equals("evaluator")) {
                cluster.computeIfAbsent(slots.get(i)[0], k -> new ArrayList<>()).add(addresses.get(i));
            }
        }
        StringBuilder json = new StringBuilder("{\"cluster\":{");
        int n = 0;
        for (Map.Entry<String, List<String>> e : cluster.entrySet()) {
            json.append(n++ == 0 ? "" : ",").append('"').append(e.getKey()).append("\":[");
            for (int i = 0; i < e.getValue().size(); i++) {
                json.append(i == 0 ? "" : ",")
                        .append('"')
                        .append(e.getValue().get(i))
                        .append('"');
            }
            json.append(']');
        }
        return json.append("},\"task\":{\"type\":\"")
                .append(role)
                .append("\",\"index\":")
                .append(index)
                .append("},\"environment\":\"cloud\"}")
                .toString();
    }

    /** A port no one listens on now, on the loopback interface. */
    public static int freePort() {
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("no free port on the loopback interface", e);
        }
    }
}
