package io.jfairing.images.spec;

import java.util.List;

/**
 * The Jupyter server the image starts, as the Kubeflow notebook controller expects: on port 8888, under the base
 * URL in {@code NB_PREFIX}, with the home folder as its root, no token (Kubeflow's gateway authenticates).
 *
 * @param command the image's entrypoint
 * @param labExtensions the folder of the base's Jupyter data path where the prebuilt JupyterLab extensions of the
 *     kernel extensions go (the jfairing panel): {@link NotebookConventions#LAB_EXTENSIONS} unless the spec names
 *     one, such as {@code /opt/conda/share/jupyter/labextensions}
 */
public record JupyterServer(List<String> command, String labExtensions) {
    /** The two servers a base usually has. */
    public enum App {
        LAB,
        NOTEBOOK
    }

    public JupyterServer {
        command = List.copyOf(command);
    }

    /** This server with its JupyterLab extensions in {@code folder}. */
    public JupyterServer withLabExtensions(String folder) {
        return new JupyterServer(command, folder);
    }

    /**
     * The Kubeflow command line of {@code app} (JupyterLab, or the classic notebook server Debian ships). Arguments
     * given to the container are passed on to the server ({@code podman run IMAGE --port=9999}).
     */
    public static JupyterServer of(App app) {
        String settings = app == App.LAB ? "ServerApp" : "NotebookApp";
        String root = app == App.LAB ? "--ServerApp.root_dir=" : "--NotebookApp.notebook_dir=";
        return new JupyterServer(
                List.of(
                        "sh",
                        "-c",
                        "exec jupyter " + (app == App.LAB ? "lab" : "notebook")
                                + " --ip=0.0.0.0 --port=" + NotebookConventions.PORT + " --no-browser"
                                + " --" + settings + ".token='' --" + settings + ".password='' --" + settings
                                + ".allow_origin='*'"
                                + " --" + settings + ".base_url=\"${NB_PREFIX:-/}\" " + root + NotebookConventions.HOME
                                + " \"$@\"",
                        "jupyter"),
                NotebookConventions.LAB_EXTENSIONS);
    }
}
