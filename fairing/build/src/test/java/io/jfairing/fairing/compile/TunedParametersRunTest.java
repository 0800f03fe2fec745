package io.jfairing.fairing.compile;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfairing.fairing.Fairing;
import io.jfairing.fairing.image.ImageLayout;
import io.jfairing.fairing.image.RunnerFiles;
import io.jfairing.fairing.notebook.Notebook;
import io.jfairing.fairing.notebook.NotebookCell;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tuning trial's FAIRING_PARAM_<NAME> reaches every scalar parameter type, boxed ones too, as the image runs it. */
class TunedParametersRunTest {
    @Test
    void everyScalarParameterTypeTakesTheTrialsValue(@TempDir Path dir) throws Exception {
        Notebook notebook = new Notebook(
                "tuned.ipynb",
                List.of(
                        NotebookCell.code(
                                1,
                                "int epochs = 1;\nInteger batch = 32;\nLong seed = null;\nDouble lr = 0.1;\n"
                                        + "Float drop = 0.5f;\nBoolean amp = false;\ndouble momentum = 0.9;\nString opt = \"sgd\";",
                                NotebookCell.PARAMETERS),
                        NotebookCell.code(
                                2,
                                "System.out.println(epochs + \" \" + batch + \" \" + seed + \" \" + lr + \" \" + drop + \" \" + amp"
                                        + " + \" \" + momentum + \" \" + opt);")));
        CompiledNotebook compiled = Fairing.notebook(notebook).compile();
        Path code = compiled.writeTo(dir.resolve("code"));
        String classpath =
                RunnerFiles.classesDirectory() + File.pathSeparator + code.resolve(CompiledNotebook.CLASSES_DIRECTORY);
        ProcessBuilder run = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        classpath,
                        ImageLayout.RUNNER_MAIN,
                        code.resolve(CompiledNotebook.PROGRAM_FILE).toString())
                .directory(dir.toFile())
                .redirectErrorStream(true);
        run.environment()
                .putAll(java.util.Map.of(
                        "FAIRING_PARAM_EPOCHS",
                        "3",
                        "FAIRING_PARAM_BATCH",
                        "64",
                        "FAIRING_PARAM_SEED",
                        "7",
                        "FAIRING_PARAM_LR",
                        "0.01",
                        "FAIRING_PARAM_DROP",
                        "0.25",
                        "FAIRING_PARAM_AMP",
                        "true",
                        "FAIRING_PARAM_OPT",
                        "adam"));
        Process process = run.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        // momentum has no FAIRING_PARAM_MOMENTUM: it keeps its value
        assertThat(output).contains("3 64 7 0.01 0.25 true 0.9 adam");
    }
}
