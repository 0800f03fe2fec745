package io.jfairing.extensions;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;
import io.jfairing.extensions.display.BaseKernelFrontend;
import io.jfairing.extensions.fairing.FairingMagic;
import io.jfairing.extensions.metadata.MetadataMagic;
import io.jfairing.kernel.spi.CellException;
import io.jfairing.kernel.spi.MagicCall;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads {@code %fairing} and {@code %metadata} into a stock IJava kernel, from two cells:
 *
 * <pre>
 * %jars /path/to/jfairing-kernel.jar /path/to/kernel-extensions/target/extension/*.jar
 * io.jfairing.extensions.IJavaMagics.load()
 * </pre>
 *
 * IJava keeps no cells, so the session's valid JShell snippets stand for them; the class path is what
 * {@code %jars} and {@code %maven} gave the cells.
 */
public final class IJavaMagics {
    private IJavaMagics() {}

    /** Registers the magics with the running IJava kernel; returns what it did. */
    public static String load() throws Exception {
        Object kernel;
        try {
            kernel = Class.forName("io.github.spencerpark.ijava.IJava")
                    .getMethod("getKernelInstance")
                    .invoke(null);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    "this is not an IJava kernel: in jfairing's kernel the magics load by themselves");
        }
        Magics magics = (Magics) kernel.getClass().getMethod("getMagics").invoke(kernel);
        Workspace workspace = new Workspace(Path.of("").toAbsolutePath(), new BaseKernelFrontend((BaseKernel) kernel));
        Workspace.setCurrent(workspace);
        ClassLoader cells = IJavaMagics.class.getClassLoader();
        Session session = new Session(kernel, cells);
        FairingMagic fairing = new FairingMagic(workspace, session.value);
        MetadataMagic metadata = new MetadataMagic(workspace);
        BaseKernelFrontend frontend = (BaseKernelFrontend) workspace.frontend();
        magics.registerLineMagic("fairing", args -> call(frontend, () -> fairing.run(call("fairing", args, session))));
        magics.registerCellMagic(
                "fairing", (args, body) -> call(frontend, () -> fairing.run(call("fairing", args, session), body)));
        magics.registerLineMagic(
                "metadata", args -> call(frontend, () -> metadata.run(call("metadata", args, session))));
        return "%fairing and %metadata are loaded; the project is " + workspace.project();
    }

    private static MagicCall call(String name, List<String> args, Session session) {
        return new MagicCall(name, String.join(" ", args), args, session.value);
    }

    /** A magic's body that may fail as the kernel's magics fail. */
    @FunctionalInterface
    private interface Body {
        Object run() throws Exception;
    }

    /**
     * Runs a magic: a table or chart it returns is displayed (IJava shows no magic's rich result), and a user error
     * becomes one message without a Java stack trace, as in jfairing's kernel.
     */
    private static Object call(BaseKernelFrontend frontend, Body body) throws Exception {
        try {
            Object result = body.run();
            if (result instanceof io.github.spencerpark.jupyter.kernel.display.DisplayData data) {
                frontend.display(data);
                return null;
            }
            return result;
        } catch (CellException e) {
            throw new MagicError(String.join("\n", e.traceback()));
        }
    }

    /** The session, with the folders of this extension's own jars and of the kernel's, which are not the notebook's. */
    private static final class Session {
        final IJavaSession value;

        Session(Object kernel, ClassLoader cells) {
            this.value = new IJavaSession(
                    kernel, cells, folderOf(IJavaMagics.class), jarOf(io.jfairing.kernel.spi.Session.class));
        }

        private static Path jarOf(Class<?> type) {
            try {
                return Path.of(type.getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI())
                        .toAbsolutePath()
                        .normalize();
            } catch (URISyntaxException | RuntimeException e) {
                return null;
            }
        }

        private static Path folderOf(Class<?> type) {
            Path jar = jarOf(type);
            return jar == null ? null : jar.getParent();
        }
    }

    /** An error IJava shows as its message alone. */
    static final class MagicError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MagicError(String message) {
            super(message, null, false, false);
        }
    }
}
