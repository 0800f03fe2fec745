package io.jfairing.images.spec;

/**
 * What the Kubeflow notebook controller expects of an image: user jovyan (UID 1000, group users 100), home
 * {@code /home/jovyan} (where it mounts the workspace volume, empty at first), the server on port 8888 under the
 * base URL in {@code NB_PREFIX}.
 */
public final class NotebookConventions {
    public static final String USER_NAME = "jovyan";
    public static final int UID = 1000;
    public static final int GID = 100;
    public static final String USER = UID + ":" + GID;
    public static final String HOME = "/home/jovyan";
    public static final int PORT = 8888;
    /** Set by the controller to {@code /notebook/NAMESPACE/NAME}; {@code /} when run by hand. */
    public static final String ENV_NB_PREFIX = "NB_PREFIX";
    /** Where the kernelspec goes: on Jupyter's default data path, so any Jupyter in the image finds it. */
    public static final String KERNELS = "/usr/local/share/jupyter/kernels";
    /**
     * Where prebuilt JupyterLab extensions go unless the spec says otherwise: a system Jupyter data folder, which every
     * JupyterLab on Linux reads (its {@code jupyter --paths} data list ends with {@code /usr/local/share/jupyter} and
     * {@code /usr/share/jupyter}), whether it was installed by conda, pip or Debian.
     */
    public static final String LAB_EXTENSIONS = "/usr/local/share/jupyter/labextensions";
    /** Team libraries, one layer each. */
    public static final String LIBS = "/opt/jfairing/libs";
    /** Kernel extension jars. */
    public static final String EXTENSIONS = "/opt/jfairing/extensions";

    private NotebookConventions() {}
}
