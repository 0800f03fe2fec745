package io.jfairing.fairing.preprocess;

import io.jfairing.runtime.use.LibraryPreset;
import io.jfairing.runtime.use.PresetRenderers;
import io.jfairing.runtime.use.PresetUse;
import java.util.ArrayList;
import java.util.List;

/**
 * The Java code that a {@code %use} line stands for in an image: the preset's imports, its start-up code, and its
 * renderers added to {@link PresetRenderers#program()} (which the runner consults for each cell's result), as the
 * kernel's {@code %use} evaluates them in a session.
 */
final class PresetCode {
    private PresetCode() {}

    /** The code for {@code use}; empty when the preset has no imports, start-up code or renderers. */
    static String of(PresetUse use) {
        LibraryPreset preset = use.preset();
        List<String> lines = new ArrayList<>(preset.importStatements());
        lines.addAll(preset.init());
        for (LibraryPreset.Renderer renderer : preset.renderers()) {
            lines.add(PresetRenderers.class.getName() + ".program().add(" + Parameters.quote(renderer.type()) + ", "
                    + renderer.function() + ");");
        }
        return String.join("\n", lines);
    }
}
