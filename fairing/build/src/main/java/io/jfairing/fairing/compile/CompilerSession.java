package io.jfairing.fairing.compile;

import io.jfairing.fairing.image.RunnerFiles;
import io.jfairing.fairing.preprocess.CodePart;
import io.jfairing.fairing.preprocess.Workload;
import io.jfairing.fairing.preprocess.WorkloadCell;
import io.jfairing.runtime.cell.SnippetSplitter;
import io.jfairing.runtime.runner.Program;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.TypeDeclSnippet;
import jdk.jshell.VarSnippet;

/**
 * A compiler that keeps its JShell between compiles: the next compile of the same notebook re-evaluates only the
 * cells from the first one that changed (the earlier cells' snippets stay), unless a later cell changed an earlier
 * one (a redefinition), in which case it starts over. Class names are renumbered in program order, so an
 * incremental compile gives the same bytes as a compile from scratch. Not thread-safe; {@link #close()} it.
 */
public final class CompilerSession implements AutoCloseable {
    private static final Pattern TEMP_VARIABLE = Pattern.compile("\\$\\d+");

    /** What one cell's evaluation left: its snippets, classes, calls and line maps. */
    private static final class CellRecord {
        final String key;
        final List<Snippet> created = new ArrayList<>();
        final List<String> loaded = new ArrayList<>();
        final List<Program.Step> steps = new ArrayList<>();
        final Map<String, Program.LineMap> lineMaps = new LinkedHashMap<>();
        boolean tainted;

        CellRecord(String key) {
            this.key = key;
        }
    }

    private JShell shell;
    private RecordingExecutionControl control;
    private List<Path> classpath;
    private final List<CellRecord> done = new ArrayList<>();
    private CellRecord entry;
    private String lastKey;
    private CompiledNotebook last;
    private int reused;

    public CompilerSession() {}

    /** How many cells the last compile took over from the one before (for tests and benchmarks). */
    public int reusedCells() {
        return reused;
    }

    public synchronized CompiledNotebook compile(Workload workload) throws NotebookCompilationException {
        String key = key(workload);
        if (key.equals(lastKey) && last != null && last.workload().classpath().equals(workload.classpath())) {
            reused = done.size();
            return new CompiledNotebook(
                    workload,
                    last.program().withMagicValues(workload.magicValues()),
                    last.classes(),
                    last.declarations());
        }
        try {
            CompiledNotebook result = compileCells(workload);
            lastKey = key;
            last = result;
            return result;
        } catch (NotebookCompilationException | RuntimeException e) {
            reset(); // the session is half-way through a cell: start over next time
            throw e;
        }
    }

    private CompiledNotebook compileCells(Workload workload) throws NotebookCompilationException {
        List<WorkloadCell> cells = workload.cells();
        List<String> keys = new ArrayList<>();
        for (WorkloadCell cell : cells) {
            keys.add(cellKey(cell));
        }
        if (shell == null || !workload.classpath().equals(classpath)) {
            start(workload.classpath());
        }
        int common = 0;
        while (common < done.size()
                && common < keys.size()
                && done.get(common).key.equals(keys.get(common))) {
            common++;
        }
        if (!rollBack(common)) {
            start(workload.classpath());
            common = 0;
        }
        reused = common;
        for (int i = common; i < cells.size(); i++) {
            done.add(evalCell(cells.get(i), keys.get(i)));
        }
        String entryClass = workload.entryClass().orElse(null);
        if (entryClass != null) {
            entry = new CellRecord("entry");
            String call = "new " + entryClass + "().train();";
            eval(entry, "entry " + entryClass + ".train()", 0, new Piece(call, 0, Completeness.COMPLETE), false);
            entry.loaded.addAll(control.takeLoaded());
        }
        checkUnresolved();
        if (!control.reloaded().isEmpty()) {
            throw new IllegalStateException("JShell loaded classes twice under one name: " + control.reloaded());
        }
        return assemble(workload, entryClass);
    }

    /** Drops the snippets of the cells from {@code keep} on; false when that cannot be done cleanly. */
    private boolean rollBack(int keep) {
        List<CellRecord> tail = new ArrayList<>(done.subList(keep, done.size()));
        if (entry != null) {
            tail.add(entry);
        }
        if (tail.stream().anyMatch(r -> r.tainted)) {
            return false;
        }
        Set<Snippet> tailSnippets = new HashSet<>();
        tail.forEach(r -> tailSnippets.addAll(r.created));
        for (int r = tail.size() - 1; r >= 0; r--) {
            List<Snippet> created = tail.get(r).created;
            for (int s = created.size() - 1; s >= 0; s--) {
                Snippet snippet = created.get(s);
                if (!shell.status(snippet).isActive()) {
                    continue;
                }
                for (SnippetEvent event : shell.drop(snippet)) {
                    if (!tailSnippets.contains(event.snippet())) {
                        return false;
                    }
                }
            }
        }
        control.takeInvocations();
        if (!control.takeLoaded().isEmpty()) {
            return false;
        }
        done.subList(keep, done.size()).clear();
        entry = null;
        return true;
    }

    private void start(List<Path> newClasspath) {
        reset();
        control = new RecordingExecutionControl();
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        shell = JShell.builder()
                .executionEngine(control.provider(), Map.of())
                .out(nowhere)
                .err(nowhere)
                .build();
        shell.addToClasspath(RunnerFiles.classesDirectory().toString());
        for (Path entryPath : newClasspath) {
            shell.addToClasspath(entryPath.toString());
        }
        for (String line : NotebookCompiler.DEFAULT_IMPORTS) {
            shell.eval(line);
        }
        control.takeInvocations();
        control.takeLoaded();
        classpath = List.copyOf(newClasspath);
    }

    private void reset() {
        if (shell != null) {
            shell.close();
        }
        shell = null;
        control = null;
        classpath = null;
        done.clear();
        entry = null;
        lastKey = null;
        last = null;
    }

    @Override
    public synchronized void close() {
        reset();
    }

    private CellRecord evalCell(WorkloadCell cell, String key) throws NotebookCompilationException {
        CellRecord record = new CellRecord(key);
        List<CodePart> parts = cell.code();
        for (int p = 0; p < parts.size(); p++) {
            CodePart part = parts.get(p);
            List<Piece> pieces = split(part.code());
            for (int i = 0; i < pieces.size(); i++) {
                boolean last = p == parts.size() - 1 && i == pieces.size() - 1 && part.result();
                eval(record, cell.cell().label(), part.line(), pieces.get(i), last);
            }
        }
        record.loaded.addAll(control.takeLoaded());
        return record;
    }

    private void eval(CellRecord record, String cell, int firstLine, Piece piece, boolean lastOfCell)
            throws NotebookCompilationException {
        if (!piece.complete()) {
            int line = firstLine + piece.line() + 1;
            throw new NotebookCompilationException(List.of(new NotebookCompilationException.Diagnostic(
                    cell,
                    line,
                    0,
                    "the cell ends in the middle of a statement: " + firstLineOf(piece.source())
                            + " ... is missing its end",
                    firstLineOf(piece.source()))));
        }
        List<SnippetEvent> events = shell.eval(piece.source());
        List<String> invoked = control.takeInvocations();
        Snippet main = null;
        for (SnippetEvent event : events) {
            if (event.causeSnippet() == null) {
                main = event.snippet();
                record.created.add(main);
            }
        }
        for (SnippetEvent event : events) {
            Snippet snippet = event.snippet();
            if (!record.created.contains(snippet)) {
                record.tainted = true; // this cell changed a snippet of an earlier cell
            }
            if (event.causeSnippet() == null) {
                if (event.status() == Snippet.Status.REJECTED) {
                    throw rejected(snippet, cell, firstLine + piece.line());
                }
                if (event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                    throw new NotebookCompilationException(List.of(new NotebookCompilationException.Diagnostic(
                            cell,
                            firstLine + piece.line() + 1,
                            0,
                            nameOf(snippet) + " refers to " + String.join(", ", unresolved(snippet))
                                    + ", which is not defined",
                            firstLineOf(snippet.source()))));
                }
            }
            if (event.status().isDefined()) {
                mapLines(record, snippet, cell, firstLine + piece.line());
            }
        }
        boolean value = lastOfCell && main != null && producesValue(main);
        for (int i = 0; i < invoked.size(); i++) {
            record.steps.add(new Program.Step(invoked.get(i), value && i == invoked.size() - 1));
        }
        if (main instanceof VarSnippet var && var.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND) {
            shell.drop(var); // as the kernel does: $N variables are not kept
            record.created.remove(var);
            control.takeInvocations();
        }
    }

    /** What each cell declares, from its snippets that are still active (a later redefinition replaces them). */
    private List<CompiledNotebook.Declaration> declarations(Workload workload) {
        List<CompiledNotebook.Declaration> declarations = new ArrayList<>();
        for (int i = 0; i < done.size() && i < workload.cells().size(); i++) {
            int cell = workload.cells().get(i).cell().number();
            for (Snippet snippet : done.get(i).created) {
                if (!shell.status(snippet).isActive()) {
                    continue;
                }
                if (snippet instanceof VarSnippet var) {
                    declarations.add(new CompiledNotebook.Declaration(
                            cell, var.name(), var.typeName(), CompiledNotebook.Declaration.Kind.VARIABLE));
                } else if (snippet instanceof TypeDeclSnippet type) {
                    declarations.add(new CompiledNotebook.Declaration(
                            cell,
                            type.name(),
                            type.name(),
                            type.subKind() == Snippet.SubKind.RECORD_SUBKIND
                                    ? CompiledNotebook.Declaration.Kind.RECORD
                                    : CompiledNotebook.Declaration.Kind.TYPE));
                } else if (snippet instanceof jdk.jshell.MethodSnippet method) {
                    declarations.add(new CompiledNotebook.Declaration(
                            cell, method.name(), method.signature(), CompiledNotebook.Declaration.Kind.METHOD));
                }
            }
        }
        return declarations;
    }

    private static boolean producesValue(Snippet snippet) {
        return (snippet instanceof VarSnippet && snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND)
                || (snippet instanceof ExpressionSnippet && snippet.subKind() == Snippet.SubKind.VAR_VALUE_SUBKIND);
    }

    private void mapLines(CellRecord record, Snippet snippet, String cell, int firstLine) {
        if (snippet.kind() == Snippet.Kind.IMPORT) {
            return;
        }
        SourceCodeAnalysis.SnippetWrapper wrapper;
        try {
            wrapper = shell.sourceCodeAnalysis().wrapper(snippet);
        } catch (RuntimeException e) {
            return;
        }
        String className = wrapper.fullClassName();
        String file = className.substring(className.lastIndexOf('.') + 1) + ".java";
        String source = snippet.source();
        String wrapped = wrapper.wrapped();
        Map<Integer, Integer> lines = new TreeMap<>();
        int lineStart = 0;
        int wrappedLine = 1;
        while (lineStart < wrapped.length()) {
            int lineEnd = wrapped.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = wrapped.length();
            }
            for (int position = lineStart; position < lineEnd; position++) {
                if (!Character.isWhitespace(wrapped.charAt(position))) {
                    int sourcePosition = wrapper.wrappedToSourcePosition(position);
                    if (sourcePosition >= 0 && sourcePosition <= source.length()) {
                        lines.put(wrappedLine, firstLine + SnippetSplitter.lineOf(source, sourcePosition) + 1);
                        break;
                    }
                }
            }
            lineStart = lineEnd + 1;
            wrappedLine++;
        }
        record.lineMaps.put(file, new Program.LineMap(file, cell, lines));
    }

    private NotebookCompilationException rejected(Snippet snippet, String cell, int firstLine) {
        List<Diag> diags = shell.diagnostics(snippet).filter(Diag::isError).collect(Collectors.toList());
        String source = snippet.source();
        List<NotebookCompilationException.Diagnostic> result = new ArrayList<>();
        for (Diag diag : diags) {
            int start = (int) Math.max(0, Math.min(diag.getStartPosition(), source.length()));
            int lineStart = source.lastIndexOf('\n', start - 1) + 1;
            int lineEnd = source.indexOf('\n', start);
            String text = source.substring(lineStart, lineEnd < 0 ? source.length() : lineEnd);
            result.add(new NotebookCompilationException.Diagnostic(
                    cell,
                    firstLine + SnippetSplitter.lineOf(source, start) + 1,
                    start - lineStart + 1,
                    diag.getMessage(Locale.ROOT),
                    text));
        }
        if (result.isEmpty()) {
            result.add(new NotebookCompilationException.Diagnostic(
                    cell, firstLine + 1, 0, "the code was rejected: " + firstLineOf(source), firstLineOf(source)));
        }
        return new NotebookCompilationException(result);
    }

    private void checkUnresolved() throws NotebookCompilationException {
        List<NotebookCompilationException.Diagnostic> problems = new ArrayList<>();
        Map<Snippet, String> origins = new HashMap<>();
        for (CellRecord record : done) {
            for (Snippet snippet : record.created) {
                origins.put(
                        snippet,
                        record.lineMaps.isEmpty()
                                ? "a cell"
                                : record.lineMaps.values().iterator().next().cellLabel());
            }
        }
        shell.snippets()
                .filter(s -> shell.status(s) == Snippet.Status.RECOVERABLE_DEFINED)
                .forEach(s -> problems.add(new NotebookCompilationException.Diagnostic(
                        origins.getOrDefault(s, "a cell"),
                        0,
                        0,
                        nameOf(s) + " refers to " + String.join(", ", unresolved(s)) + ", which no cell defines",
                        firstLineOf(s.source()))));
        if (!problems.isEmpty()) {
            throw new NotebookCompilationException(problems);
        }
    }

    private List<String> unresolved(Snippet snippet) {
        if (snippet instanceof DeclarationSnippet declaration) {
            return shell.unresolvedDependencies(declaration).collect(Collectors.toList());
        }
        return List.of("an unknown name");
    }

    private static String nameOf(Snippet snippet) {
        return snippet instanceof DeclarationSnippet declaration ? declaration.name() : "the code";
    }

    /**
     * The program and its classes, with JShell's session-numbered names replaced by names in program order, and
     * only the classes the program can reach (a method JShell compiled before a later cell defined what it
     * needed is superseded and left out).
     */
    private CompiledNotebook assemble(Workload workload, String entryClass) {
        List<CellRecord> records = new ArrayList<>(done);
        if (entry != null) {
            records.add(entry);
        }
        Map<String, byte[]> all = control.classes();
        // every class JShell ever loaded in this session, by wrapper (a wrapper and its nested classes go together):
        // a class loaded by an earlier compile is not loaded again when a cell brings back the same code
        Map<String, List<String>> byWrapper = new LinkedHashMap<>();
        for (String name : all.keySet()) {
            Matcher m = ClassFiles.WRAPPER.matcher(name);
            if (m.find()) {
                byWrapper.computeIfAbsent(m.group(), k -> new ArrayList<>()).add(name);
            }
        }
        // the classes the program reaches, numbered in the order a walk from its calls finds them: the numbers
        // depend on the program only, not on what the session compiled before
        Map<String, String> wrapperNames = new LinkedHashMap<>();
        for (CellRecord record : records) {
            for (Program.Step step : record.steps) {
                Matcher m = ClassFiles.WRAPPER.matcher(step.className());
                if (m.find()) {
                    visit(m.group(), byWrapper, all, wrapperNames);
                }
            }
        }
        // the notebook's Predictor classes (the latest definition of each) are kept even if no cell uses them:
        // the serving image instantiates them
        Map<String, String> predictors = predictorClasses(all);
        for (String predictor : predictors.values()) {
            Matcher m = ClassFiles.WRAPPER.matcher(predictor);
            if (m.find()) {
                visit(m.group(), byWrapper, all, wrapperNames);
            }
        }
        Set<String> reachable = wrapperNames.keySet();
        Map<String, String> tempNames = new HashMap<>();
        Map<String, byte[]> classes = new TreeMap<>();
        for (String wrapper : reachable) {
            for (String name : byWrapper.get(wrapper)) {
                byte[] renamed = ClassFiles.rewrite(all.get(name), text -> {
                    if (TEMP_VARIABLE.matcher(text).matches()) {
                        return tempNames.computeIfAbsent(text, t -> "$" + (tempNames.size() + 1));
                    }
                    return rename(text, wrapperNames);
                });
                classes.put(rename(name, wrapperNames), renamed);
            }
        }
        List<Program.Cell> cells = new ArrayList<>();
        Map<String, Program.LineMap> lineMaps = new TreeMap<>();
        for (int i = 0; i < workload.cells().size(); i++) {
            WorkloadCell cell = workload.cells().get(i);
            CellRecord record = done.get(i);
            cells.add(new Program.Cell(
                    cell.cell().number(),
                    cell.cell().type().jsonName(),
                    cell.cell().tags(),
                    cell.cell().source(),
                    renameSteps(record.steps, wrapperNames)));
        }
        List<Program.Step> entrySteps = entry == null ? List.of() : renameSteps(entry.steps, wrapperNames);
        for (CellRecord record : records) {
            for (Program.LineMap map : record.lineMaps.values()) {
                Matcher wrapper = ClassFiles.WRAPPER.matcher(map.file());
                if (wrapper.find() && wrapperNames.containsKey(wrapper.group())) {
                    String file = rename(map.file(), wrapperNames);
                    lineMaps.put(file, new Program.LineMap(file, map.cellLabel(), map.lines()));
                }
            }
        }
        List<String> predictorNames =
                predictors.values().stream().map(p -> rename(p, wrapperNames)).toList();
        Program.Builder builder = Program.builder()
                .notebook(workload.name())
                .parameters(workload.parameters())
                .cells(cells)
                .lineMaps(lineMaps.values())
                .predictors(predictorNames)
                .magicValues(workload.magicValues());
        Program program = entryClass == null
                ? builder.build()
                : builder.entry(entryClass, entrySteps).build();
        return new CompiledNotebook(workload, program, classes, declarations(workload));
    }

    /**
     * The active concrete classes that implement {@code io.jfairing.runtime.runner.Predictor} (directly or through a notebook
     * superclass), by simple name. JShell keeps one wrapper number per declared name and adds a letter for each
     * redefinition ({@code $JShell$12$Iris}, then {@code $JShell$12B$Iris}): the latest has the greatest suffix.
     */
    private Map<String, String> predictorClasses(Map<String, byte[]> all) {
        Set<String> active = new java.util.HashSet<>();
        shell.snippets()
                .filter(s -> s instanceof TypeDeclSnippet && shell.status(s).isActive())
                .forEach(s -> active.add(((TypeDeclSnippet) s).name()));
        Map<String, String> latest = new TreeMap<>();
        Map<String, String> internal = new HashMap<>();
        for (String name : all.keySet()) {
            internal.put(name.replace('.', '/'), name);
        }
        for (String name : all.keySet()) {
            Matcher m = PREDICTOR_CANDIDATE.matcher(name);
            if (!m.matches()
                    || !active.contains(m.group(3))
                    || !ClassFiles.header(all.get(name)).isConcrete()
                    || !implementsPredictor(name, all, internal, 0)) {
                continue;
            }
            String previous = latest.get(m.group(3));
            if (previous == null || generation(name).compareTo(generation(previous)) > 0) {
                latest.put(m.group(3), name);
            }
        }
        return latest;
    }

    /** A class a cell declared: {@code REPL.$JShell$12B$Iris} (wrapper number, redefinition letters, name). */
    private static final Pattern PREDICTOR_CANDIDATE = Pattern.compile("REPL\\.\\$JShell\\$(\\d+)([A-Z]*)\\$([^$]+)");

    private static String generation(String name) {
        Matcher m = PREDICTOR_CANDIDATE.matcher(name);
        m.matches();
        return String.format(
                "%012d%04d%s", Long.parseLong(m.group(1)), m.group(2).length(), m.group(2));
    }

    private static boolean implementsPredictor(
            String name, Map<String, byte[]> all, Map<String, String> internal, int depth) {
        byte[] bytes = all.get(name);
        if (bytes == null || depth > 20) {
            return false;
        }
        ClassFiles.Header header = ClassFiles.header(bytes);
        if (header.interfaces().contains(PREDICTOR)) {
            return true;
        }
        String parent = header.superName() == null ? null : internal.get(header.superName());
        return parent != null && implementsPredictor(parent, all, internal, depth + 1);
    }

    private static final String PREDICTOR = "io/jfairing/runtime/runner/Predictor";

    private static void visit(
            String wrapper, Map<String, List<String>> byWrapper, Map<String, byte[]> all, Map<String, String> names) {
        ArrayDeque<String> stack = new ArrayDeque<>();
        stack.push(wrapper);
        while (!stack.isEmpty()) {
            String next = stack.pop();
            if (names.containsKey(next) || !byWrapper.containsKey(next)) {
                continue;
            }
            names.put(next, "$JShell$" + (names.size() + 1));
            List<String> references = new ArrayList<>();
            for (String name : byWrapper.get(next)) {
                for (String reference : ClassFiles.wrapperReferences(all.get(name))) {
                    if (!references.contains(reference)) {
                        references.add(reference);
                    }
                }
            }
            for (int i = references.size() - 1; i >= 0; i--) {
                stack.push(references.get(i));
            }
        }
    }

    private static List<Program.Step> renameSteps(List<Program.Step> steps, Map<String, String> names) {
        List<Program.Step> renamed = new ArrayList<>();
        for (Program.Step step : steps) {
            renamed.add(new Program.Step(rename(step.className(), names), step.value()));
        }
        return renamed;
    }

    private static String rename(String text, Map<String, String> names) {
        if (!text.contains("$JShell$")) {
            return text;
        }
        Matcher m = ClassFiles.WRAPPER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(names.getOrDefault(m.group(), m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** What makes two compiles of a workload the same: the cells, the entry, the name and the parameters. */
    private static String key(Workload workload) {
        StringBuilder key = new StringBuilder(workload.name())
                .append('\u0000')
                .append(workload.entryClass().orElse(""))
                .append('\u0000')
                .append(workload.parameters())
                .append('\u0000');
        for (WorkloadCell cell : workload.cells()) {
            key.append(cell.cell().number())
                    .append(cell.cell().type())
                    .append(cell.cell().tags())
                    .append('\u0001')
                    .append(cell.cell().source())
                    .append('\u0002')
                    .append(cellKey(cell))
                    .append('\u0003');
        }
        return key.toString();
    }

    /** What a cell's evaluation depends on: its label and its code parts with their lines. */
    private static String cellKey(WorkloadCell cell) {
        StringBuilder key = new StringBuilder(cell.cell().label());
        for (CodePart part : cell.code()) {
            key.append('\u0000')
                    .append(part.line())
                    .append(part.result() ? '\u0000' : '\u0001')
                    .append(part.code());
        }
        return key.toString();
    }

    /** The snippets of {@code code}, split as the kernel splits a cell (with the same splitter). */
    private List<Piece> split(String code) {
        List<Piece> pieces = new ArrayList<>();
        for (SnippetSplitter.Piece piece : new SnippetSplitter(shell.sourceCodeAnalysis()).split(code)) {
            pieces.add(new Piece(piece.source(), piece.line(), piece.completeness()));
        }
        return pieces;
    }

    /** One snippet of a cell: its source and its first line in the code part (0-based). */
    private record Piece(String source, int line, Completeness completeness) {
        boolean complete() {
            // UNKNOWN: a syntax error JShell could not place; compiling it reports the error
            return completeness.isComplete() || completeness == Completeness.UNKNOWN;
        }
    }

    private static String firstLineOf(String source) {
        String line = source.strip().lines().findFirst().orElse("");
        return line.length() > 60 ? line.substring(0, 60) + "..." : line;
    }
}
