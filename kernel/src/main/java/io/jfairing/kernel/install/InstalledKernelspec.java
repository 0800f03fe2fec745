package io.jfairing.kernel.install;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@link KernelspecInstaller#install} wrote.
 *
 * @param folder the kernelspec folder, as {@code kernel.json} names it
 * @param runtime the JDK the kernel runs on; empty when installed for another machine ({@code --destdir})
 * @param cache the start-up cache recorded for it
 */
public record InstalledKernelspec(Path folder, Optional<KernelJdk> runtime, StartupCache cache) {
    /** One line for the user: where, on which Java, with which cache. */
    public String summary(String name) {
        String java = runtime.map(r -> " on Java " + r.feature() + " (" + r.home() + ")")
                .orElse("");
        String recorded = switch (cache) {
            case AOT_CACHE -> ", with an AOT cache (" + cache.fileName() + ")";
            case CDS_ARCHIVE -> ", with a CDS archive (" + cache.fileName() + ")";
            case NONE -> "";
        };
        return "Installed kernelspec " + name + " in " + folder + java + recorded;
    }
}
