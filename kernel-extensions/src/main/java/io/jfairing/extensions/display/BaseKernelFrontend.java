package io.jfairing.extensions.display;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.UUID;

/** The {@link Frontend} of any kernel built on jupyter-jvm-basekernel (IJava): its display stream. */
public final class BaseKernelFrontend implements Frontend {
    private final BaseKernel kernel;

    public BaseKernelFrontend(BaseKernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public String display(DisplayData data) {
        String id = UUID.randomUUID().toString();
        data.setDisplayId(id);
        kernel.getIO().display.display(data);
        return id;
    }

    @Override
    public void update(String id, DisplayData data) {
        kernel.getIO().display.updateDisplay(id, data);
    }
}
