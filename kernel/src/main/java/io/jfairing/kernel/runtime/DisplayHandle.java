package io.jfairing.kernel.runtime;

/**
 * An output shown with {@link Display#display}; {@link #update} replaces what it shows in place
 * (progress bars, live status lines). A cell whose value is a handle shows nothing more.
 *
 * @param id the Jupyter display id
 */
public record DisplayHandle(String id) {
    public void update(Object value) {
        Display.updateDisplay(id, value);
    }

    @Override
    public String toString() {
        return id;
    }
}
