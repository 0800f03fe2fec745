package io.jfairing.extensions;

import io.jfairing.extensions.display.KernelFrontend;
import io.jfairing.extensions.fairing.FairingMagic;
import io.jfairing.extensions.metadata.MetadataMagic;
import io.jfairing.extensions.panel.ProjectPanel;
import io.jfairing.fairing.registry.LocalRegistry;
import io.jfairing.kernel.spi.KernelContext;
import io.jfairing.kernel.spi.KernelExtension;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Loads {@code %fairing}, {@code %%fairing} and {@code %metadata} into jfairing's kernel (found by ServiceLoader when
 * the kernel is installed with {@code --extension}), and makes {@link Workspace#current()} available to cells. As the
 * kernel ends, it closes the session's jobs and store and stops the local registry the session started.
 */
public final class FairingExtension implements KernelExtension {
    @Override
    public void load(KernelContext context) {
        Workspace workspace = new Workspace(Path.of("").toAbsolutePath(), new KernelFrontend());
        Workspace.setCurrent(workspace);
        FairingMagic fairing = new FairingMagic(workspace, context.session());
        context.registerLineMagic("fairing", fairing);
        context.registerCellMagic("fairing", fairing);
        context.registerLineMagic("metadata", new MetadataMagic(workspace));
        ProjectPanel project = new ProjectPanel(workspace);
        project.register(context);
        fairing.registerPanel(context, project::jobs); // this session's jobs first, then the store's
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                fairing.close();
                                workspace.close();
                            } finally {
                                stopRegistries();
                            }
                        },
                        "jfairing-extension-shutdown"));
    }

    /** The local registry this kernel started for its builds goes with it; one it found running stays. */
    static void stopRegistries() {
        try {
            LocalRegistry.stopStartedByThisProcess();
        } catch (IOException e) {
            System.err.println("jfairing: " + e.getMessage());
        }
    }
}
