package io.jfairing.kernel;

import io.github.spencerpark.jupyter.kernel.display.RenderContext;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import io.jfairing.runtime.display.HtmlText;
import java.net.URI;
import java.net.URL;

/**
 * Renders a {@link URL} or {@link URI} result as a link ({@code <a href="...">}) and as its text; replaces
 * basekernel's URL renderer, whose HTML is broken ({@code <a src="https%3A..."} and no closing tag).
 */
final class LinkRenderers {
    private LinkRenderers() {}

    static void register(Renderer renderer) {
        renderer.createRegistration(URL.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_PLAIN)
                .register((url, context) -> render(url.toExternalForm(), context));
        renderer.createRegistration(URI.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_PLAIN)
                .register((uri, context) -> render(uri.toString(), context));
    }

    private static void render(String link, RenderContext context) {
        context.renderIfRequested(MIMEType.TEXT_HTML, () -> {
            String text = HtmlText.escape(link);
            return "<a href=\"" + text + "\" target=\"_blank\" rel=\"noopener\">" + text + "</a>";
        });
        context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> link);
    }
}
