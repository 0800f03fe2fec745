package io.jfairing.fairing.testing;

import io.jfairing.fairing.notebook.Notebook;
import io.jfairing.fairing.notebook.NotebookCell;
import io.jfairing.fairing.notebook.NotebookWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Notebooks and jars the tests build images of. */
public final class Fixtures {
    private Fixtures() {}

    /** {@code greeter.jar}: {@code demo.Greeter.greet(name)} returns {@code "hello, " + name}. */
    public static Path greeterJar(Path dir) throws IOException {
        Path src = Files.createDirectories(dir.resolve("greeter-src/demo"));
        Files.writeString(
                src.resolve("Greeter.java"),
                "package demo;\npublic final class Greeter {\n  public static String greet(String name) { return \"hello, \" + name; }\n}\n");
        Path classes = Files.createDirectories(dir.resolve("greeter-classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(
                null,
                null,
                null,
                "--release",
                "17",
                "-d",
                classes.toString(),
                src.resolve("Greeter.java").toString());
        if (status != 0) {
            throw new IOException("javac failed");
        }
        Path jar = dir.resolve("greeter.jar");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file)) {
            JarEntry entry = new JarEntry("demo/Greeter.class");
            entry.setLastModifiedTime(FileTime.fromMillis(0));
            out.putNextEntry(entry);
            out.write(Files.readAllBytes(classes.resolve("demo/Greeter.class")));
            out.closeEntry();
        }
        return jar;
    }

    /**
     * {@code train.ipynb} in {@code dir}, with {@code greeter.jar} and {@code data/numbers.csv} (1, 2, 3) beside it.
     * Run with {@code epochs=3, name=run1}, it prints {@link #TRAIN_OUTPUT}.
     */
    /** The credential files of the security review, by path, each with a typical content. */
    public static final java.util.Map<String, String> CREDENTIAL_FILES = java.util.Map.ofEntries(
            java.util.Map.entry(".env", "DB_PASSWORD=hunter2\n"),
            java.util.Map.entry(
                    "id_rsa",
                    "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n"),
            java.util.Map.entry(
                    "server.pem", "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n"),
            java.util.Map.entry(
                    "kubeconfig",
                    "apiVersion: v1\nkind: Config\nusers:\n- name: a\n  user:\n    token: abcdefghijklmnopqrstuvwxyz\n"),
            java.util.Map.entry("credentials.json", "{\"type\": \"service_account\", \"private_key_id\": \"0123\"}\n"),
            java.util.Map.entry(
                    ".npmrc", "//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789\n"),
            java.util.Map.entry(
                    ".pypirc",
                    "[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmcCJDU4ZjM0ZTk3LWQ5ZjUtNDg5Zi1iZTk0\n"),
            java.util.Map.entry(
                    ".config/gcloud/application_default_credentials.json",
                    "{\"client_id\": \"x\", \"client_secret\": \"y\", \"refresh_token\": \"1//0abcdefghijklmnop\", \"type\": \"authorized_user\"}\n"),
            java.util.Map.entry(".bash_history", "export AWS_SECRET_ACCESS_KEY=abc\n"),
            java.util.Map.entry(
                    ".aws/credentials",
                    "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"));

    public static Path trainNotebook(Path dir, String epochWord) throws IOException {
        greeterJar(dir);
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/numbers.csv"), "1\n2\n3\n");
        List<NotebookCell> cells = new ArrayList<>();
        cells.add(NotebookCell.markdown(1, "# Training\nA small notebook."));
        cells.add(NotebookCell.code(
                2, "int epochs = 2;\ndouble rate = 0.5;\nString name = \"demo\";", NotebookCell.PARAMETERS));
        cells.add(NotebookCell.code(
                3, "%jars greeter.jar\nimport demo.Greeter;\nSystem.out.println(Greeter.greet(name));"));
        cells.add(NotebookCell.code(
                4,
                "var lines = Files.readAllLines(Path.of(\"data/numbers.csv\"));\n"
                        + "int total = lines.stream().mapToInt(Integer::parseInt).sum();\ntotal * epochs"));
        cells.add(NotebookCell.code(
                5,
                "record Result(String name, double score) {}\n"
                        + "Result train(int n) {\n  double s = 0;\n  for (int i = 0; i < n; i++) {\n    s += rate;\n"
                        + "    System.out.println(\"" + epochWord
                        + " \" + (i + 1) + \" score \" + s);\n  }\n  return new Result(name, s);\n}\n"
                        + "train(epochs)"));
        cells.add(NotebookCell.code(6, "%%html\n<b>shown in the notebook only</b>"));
        cells.add(
                NotebookCell.code(7, "System.getenv(\"FAIRING_RUNTIME\") + \" \" + System.getProperty(\"user.name\")"));
        cells.add(NotebookCell.code(8, "System.out.println(\"skipped\");", NotebookCell.SKIP));
        Path file = dir.resolve("train.ipynb");
        NotebookWriter.write(new Notebook("train.ipynb", cells), file);
        return file;
    }

    /** What {@link #trainNotebook} prints with epochs=3 and name=run1, cell by cell. */
    public static final List<String> TRAIN_OUTPUT = List.of(
            "hello, run1\n",
            "18\n",
            "epoch 1 score 0.5\nepoch 2 score 1.0\nepoch 3 score 1.5\nResult[name=run1, score=1.5]\n",
            "container fairing\n");

    /** A notebook whose second code cell throws. */
    public static Path failingNotebook(Path dir) throws IOException {
        Path file = dir.resolve("fails.ipynb");
        NotebookWriter.write(
                new Notebook(
                        "fails.ipynb",
                        List.of(
                                NotebookCell.code(1, "System.out.println(\"start\");"),
                                NotebookCell.markdown(2, "next: trouble"),
                                NotebookCell.code(
                                        3,
                                        "void check(int v) {\n  if (v > 1) throw new IllegalStateException(\"boom \" + v);\n}"),
                                NotebookCell.code(4, "System.out.println(\"checking\");\ncheck(2);"),
                                NotebookCell.code(5, "System.out.println(\"never\");"))),
                file);
        return file;
    }
}
