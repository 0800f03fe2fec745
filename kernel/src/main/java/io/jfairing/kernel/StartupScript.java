package io.jfairing.kernel;

import io.jfairing.runtime.cell.DefaultImports;
import io.jfairing.runtime.cell.NotebookMagics;
import java.util.ArrayList;
import java.util.List;

/** What every session starts with: the runtime's default imports (those an image's cells get too). */
final class StartupScript {
    private StartupScript() {}

    /** What every cell may need at once: collections and the display API. */
    static List<String> eager() {
        return List.of(DefaultImports.JSHELL.get(0), DefaultImports.DISPLAY);
    }

    /**
     * JShell's other default imports, the widget API and IJava's {@code lineMagic}/{@code cellMagic} functions,
     * evaluated when the kernel is first idle (or when a snippet needs them).
     */
    static List<String> deferred() {
        List<String> imports = new ArrayList<>(DefaultImports.JSHELL.subList(1, DefaultImports.JSHELL.size()));
        imports.add(DefaultImports.WIDGETS);
        imports.add("import static " + NotebookMagics.class.getName() + ".*;");
        return List.copyOf(imports);
    }
}
