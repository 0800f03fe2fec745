package io.jfairing.fairing.compile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell's execution engine at build time: runs nothing, keeps every class JShell would load and every
 * {@code do_it$} call it would make, in order, for the runner to replay in the image.
 */
final class RecordingExecutionControl implements ExecutionControl {
    private final Map<String, byte[]> classes = new LinkedHashMap<>();
    private final List<String> reloaded = new ArrayList<>();
    private List<String> invocations = new ArrayList<>();
    private List<String> loadedSinceTake = new ArrayList<>();

    @Override
    public void load(ClassBytecodes[] cbcs) {
        for (ClassBytecodes cbc : cbcs) {
            loadedSinceTake.add(cbc.name());
            byte[] previous = classes.put(cbc.name(), cbc.bytecodes());
            if (previous != null && !Arrays.equals(previous, cbc.bytecodes())) {
                reloaded.add(cbc.name());
            }
        }
    }

    @Override
    public void redefine(ClassBytecodes[] cbcs) throws NotImplementedException {
        // as in a JVM without class redefinition: JShell then loads the new code under a new class name
        throw new NotImplementedException("redefine");
    }

    @Override
    public String invoke(String className, String methodName) {
        invocations.add(className);
        return "";
    }

    @Override
    public String varValue(String className, String varName) {
        return "";
    }

    @Override
    public void addToClasspath(String path) {}

    @Override
    public void stop() {}

    @Override
    public Object extensionCommand(String command, Object arg) throws NotImplementedException {
        throw new NotImplementedException(command);
    }

    @Override
    public void close() {}

    /** Starts a new list of invocations and returns the previous one. */
    List<String> takeInvocations() {
        List<String> taken = invocations;
        invocations = new ArrayList<>();
        return taken;
    }

    /** The classes loaded since the last call, in order. */
    List<String> takeLoaded() {
        List<String> taken = loadedSinceTake;
        loadedSinceTake = new ArrayList<>();
        return taken;
    }

    Map<String, byte[]> classes() {
        return classes;
    }

    /** Class names loaded twice with different code (the runner could not tell them apart). */
    List<String> reloaded() {
        return reloaded;
    }

    ExecutionControlProvider provider() {
        RecordingExecutionControl self = this;
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "jfairing-record";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return self;
            }
        };
    }
}
