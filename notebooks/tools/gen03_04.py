import sys; sys.path.insert(0, __import__("os").path.dirname(__file__))
from onboarding_cells import *
out = sys.argv[1]

ALLREDUCE = r'''
import java.io.*;
import java.net.*;

/**
 * Adds up arrays across the job's replicas over TCP: each replica sends its array to rank 0 (at MASTER_ADDR and
 * MASTER_PORT, which the backend injects), rank 0 adds them and sends the sum back to all.
 */
class AllReduce implements AutoCloseable {
    final int rank, worldSize;
    private final List<Socket> sockets = new ArrayList<>();
    private final List<DataInputStream> ins = new ArrayList<>();
    private final List<DataOutputStream> outs = new ArrayList<>();

    AllReduce(TrainingContext job) throws IOException, InterruptedException {
        rank = job.rank();
        worldSize = job.worldSize();
        if (worldSize == 1) return;
        if (rank == 0) {
            try (ServerSocket server = new ServerSocket(job.masterPort())) {
                while (sockets.size() < worldSize - 1) connect(server.accept());
            }
        } else {
            for (int attempt = 0; sockets.isEmpty(); attempt++) {
                try {
                    connect(new Socket(job.masterAddress(), job.masterPort()));
                } catch (ConnectException notListeningYet) {
                    if (attempt >= 600) throw notListeningYet;
                    Thread.sleep(100);
                }
            }
        }
    }

    private void connect(Socket socket) throws IOException {
        sockets.add(socket);
        ins.add(new DataInputStream(new BufferedInputStream(socket.getInputStream())));
        outs.add(new DataOutputStream(new BufferedOutputStream(socket.getOutputStream())));
    }

    double[] sum(double[] values) throws IOException {
        if (worldSize == 1) return values;
        if (rank == 0) {
            double[] total = values.clone();
            for (DataInputStream in : ins) for (int i = 0; i < total.length; i++) total[i] += in.readDouble();
            for (DataOutputStream out : outs) send(out, total);
            return total;
        }
        send(outs.get(0), values);
        double[] total = new double[values.length];
        for (int i = 0; i < total.length; i++) total[i] = ins.get(0).readDouble();
        return total;
    }

    private static void send(DataOutputStream out, double[] values) throws IOException {
        for (double v : values) out.writeDouble(v);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        for (Socket socket : sockets) socket.close();
    }
}
'''

DISTRIBUTED = r'''
TrainingContext job = TrainingContext.current();
int rank = job.rank(), world = job.worldSize();
System.out.printf("rank %d of %d (%s)%n", rank, world, job.role().orElse("this notebook"));

// this replica's shard of the training set: every world-th wine, starting at its rank
int[] mine = java.util.stream.IntStream.range(0, data.trainY().length).filter(i -> i % world == rank).toArray();
double[][] shardX = Arrays.stream(mine).mapToObj(i -> data.trainX()[i]).toArray(double[][]::new);
int[] shardY = Arrays.stream(mine).map(i -> data.trainY()[i]).toArray();

SoftmaxRegression model = new SoftmaxRegression(3, data.trainX()[0].length);
Run run = rank == 0 ? openRun("distributed softmax, " + world + " replicas") : null;
try (AllReduce allReduce = new AllReduce(job)) {
    int rows = model.w.length, cols = model.w[0].length;
    double[][] grad = new double[rows][cols];
    for (int epoch = 1; epoch <= epochs; epoch++) {
        double shardLoss = model.gradient(shardX, shardY, grad);
        // each shard's mean, weighted by its size, added up across replicas: the full batch's mean gradient
        double[] flat = new double[rows * cols + 2];
        for (int k = 0; k < rows; k++) for (int j = 0; j < cols; j++) flat[k * cols + j] = grad[k][j] * shardX.length;
        flat[rows * cols] = shardLoss * shardX.length;
        flat[rows * cols + 1] = shardX.length;
        double[] total = allReduce.sum(flat);
        double n = total[rows * cols + 1];
        for (int k = 0; k < rows; k++) for (int j = 0; j < cols; j++) grad[k][j] = total[k * cols + j] / n;
        model.step(grad, learningRate);
        if (run != null && epoch % 10 == 0) run.logMetric("loss", total[rows * cols] / n, epoch);
    }
}
double accuracy = model.accuracy(data.testX(), data.testY());
double checksum = Arrays.stream(model.w).flatMapToDouble(Arrays::stream).map(v -> v * v).sum();
System.out.printf("rank %d trained on %d wines: test accuracy %.3f, weights checksum %.9f%n", rank, shardX.length, accuracy, checksum);
if (run != null) {
    run.logMetric("accuracy", accuracy);
    run.close();
}
'''

nb3 = notebook([
    md("""
# 3. Distributed training with two replicas

Data-parallel training: each replica computes the gradient on its own shard of the training set, the replicas add
their gradients up (an *all-reduce*), and every replica takes the same step. The replicas find each other through
the environment the backend gives them, as Kubeflow's Training Operator gives a PyTorchJob's pods:
`MASTER_ADDR`, `MASTER_PORT`, `WORLD_SIZE`, `RANK` (read here through `TrainingContext`).

The local backend runs each replica as a child JVM on this machine with that environment, so distributed code can be
tried on a laptop before it goes to a cluster.
"""),
    code(LOAD),
    code(PARAMETERS, ["parameters"]),
    code(SPLIT),
    code(MODEL),
    code(TRACKING),
    md("The all-reduce: rank 0 listens on `MASTER_PORT`; the others connect to `MASTER_ADDR:MASTER_PORT`."),
    code(ALLREDUCE),
    md("""
The training loop. Run here, in the notebook, it is one replica of one (`WORLD_SIZE` is unset), so the all-reduce
does nothing. Note the weights' checksum: averaging the shards' gradients gives the full batch's gradient, so two
replicas must end with the same weights as one.
"""),
    code(DISTRIBUTED),
    md("""
## Two replicas
A PyTorchJob has a master and workers: `--replicas 1` asks for one worker besides the master, two replicas in all.
Each line of their logs is prefixed by the replica that wrote it.
"""),
    code("%fairing train --backend local --kind pytorchjob --replicas 1 --name wine-distributed --inputs data/wine.csv"),
    code("%fairing status wine-distributed --backend local"),
    code("%fairing delete wine-distributed --backend local"),
])
write(nb3, out + "/03-distributed-training.ipynb")

nb4 = notebook([
    md("""
# 4. A tuning sweep

`%fairing tune` runs the notebook once per trial, each with other values for the variables of the parameters cell:
a trial gets them as `FAIRING_PARAM_<NAME>` (as Katib passes them), and jfairing makes the parameters cell's
variables take them. Each trial prints its metrics as `name=value` lines (`TrainingContext.reportMetric`), which is
how Katib's metrics collector reads them too.

Without a cluster the trials run on a local backend, by grid or random search; with `--backend kubernetes` the same
sweep becomes a Katib Experiment.
"""),
    code(LOAD),
    code(PARAMETERS, ["parameters"]),
    code(SPLIT),
    code(MODEL),
    code(TRACKING),
    code(TRAIN),
    code("run.close();"),
    md("""
## The sweep
A grid of 3 learning rates by 3 epoch counts: 9 trials, 2 at a time, looking for the lowest training loss. The table
of trials fills in as they finish; each trial is also a run in the metadata store.
"""),
    code("%fairing tune --backend local --name wine-sweep --minimize loss --double learningRate=0.1:0.9:0.4 --int epochs=50:150:50 --algorithm grid --trials 9 --parallel 2 --inputs data/wine.csv --no-logs"),
    md("The sweep's trials are runs tagged with the sweep's run; compare them:"),
    code("%metadata runs --experiment wine -n 12 --order \"metrics.loss ASC\""),
    md("The trials' jobs are kept until the sweep is deleted (their runs stay):"),
    code("%fairing delete wine-sweep"),
])
write(nb4, out + "/04-tuning-sweep.ipynb")
