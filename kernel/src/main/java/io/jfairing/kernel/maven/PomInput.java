package io.jfairing.kernel.maven;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.repository.WorkspaceReader;
import org.eclipse.aether.repository.WorkspaceRepository;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Turns the body of a {@code %%loadFromPOM} cell into a complete POM. A full {@code <project>} is kept as written
 * (missing coordinates are filled in on the line of the start tag, so line numbers stay right); a fragment
 * ({@code <dependency>}, {@code <dependencies>}, {@code <repositories>}, {@code <properties>}, ...) is wrapped into a
 * project, as IJava does.
 */
final class PomInput {
    static final String DEFAULT_GROUP_ID = "jfairing.notebook";
    static final String DEFAULT_ARTIFACT_ID = "cell";
    static final String DEFAULT_VERSION = "1";

    private static final Pattern XML_DECLARATION = Pattern.compile("^\\s*<\\?xml[^>]*\\?>");
    private static final Pattern PROJECT_START = Pattern.compile("<project(\\s[^>]*)?>");
    private static final String WRAPPER = "jfairing-cell";

    private PomInput() {}

    /** @return the POM text to build; throws with the XML error (line numbers as in the cell) if malformed */
    static String complete(String cell) throws ResolutionException {
        String text = XML_DECLARATION.matcher(cell).replaceFirst("");
        Document doc = parse("<" + WRAPPER + ">" + text + "</" + WRAPPER + ">");
        List<Element> elements = childElements(doc.getDocumentElement());
        if (elements.isEmpty()) {
            throw new ResolutionException("The POM is empty: expected a <project> or <dependencies> element");
        }
        if (elements.size() == 1 && "project".equals(elements.get(0).getTagName())) {
            return fillProject(text, elements.get(0));
        }
        return fromFragment(elements);
    }

    private static String fillProject(String text, Element project) {
        List<String> present =
                childElements(project).stream().map(Element::getTagName).toList();
        boolean parent = present.contains("parent");
        StringBuilder missing = new StringBuilder();
        if (!present.contains("modelVersion")) {
            missing.append("<modelVersion>4.0.0</modelVersion>");
        }
        if (!present.contains("groupId") && !parent) {
            missing.append("<groupId>").append(DEFAULT_GROUP_ID).append("</groupId>");
        }
        if (!present.contains("artifactId")) {
            missing.append("<artifactId>").append(DEFAULT_ARTIFACT_ID).append("</artifactId>");
        }
        if (!present.contains("version") && !parent) {
            missing.append("<version>").append(DEFAULT_VERSION).append("</version>");
        }
        if (missing.length() == 0) {
            return text;
        }
        Matcher m = PROJECT_START.matcher(text);
        if (!m.find()) {
            return text;
        }
        return text.substring(0, m.end()) + missing + text.substring(m.end());
    }

    private static String fromFragment(List<Element> elements) throws ResolutionException {
        Document pom = newBuilder().newDocument();
        Element project = pom.createElement("project");
        pom.appendChild(project);
        Element dependencies = pom.createElement("dependencies");
        Element repositories = pom.createElement("repositories");
        boolean modelVersion = false;
        boolean groupId = false;
        boolean artifactId = false;
        boolean version = false;
        for (Element e : elements) {
            switch (e.getTagName()) {
                case "dependency" -> dependencies.appendChild(pom.importNode(e, true));
                case "repository" -> repositories.appendChild(pom.importNode(e, true));
                case "dependencies" -> childElements(e).forEach(d -> dependencies.appendChild(pom.importNode(d, true)));
                case "repositories" -> childElements(e).forEach(r -> repositories.appendChild(pom.importNode(r, true)));
                case "project" ->
                    throw new ResolutionException("A <project> element must be the only element of the POM");
                default -> {
                    modelVersion |= e.getTagName().equals("modelVersion");
                    groupId |= e.getTagName().equals("groupId");
                    artifactId |= e.getTagName().equals("artifactId");
                    version |= e.getTagName().equals("version");
                    project.appendChild(pom.importNode(e, true));
                }
            }
        }
        if (!modelVersion) {
            text(pom, project, "modelVersion", "4.0.0");
        }
        if (!groupId) {
            text(pom, project, "groupId", DEFAULT_GROUP_ID);
        }
        if (!artifactId) {
            text(pom, project, "artifactId", DEFAULT_ARTIFACT_ID);
        }
        if (!version) {
            text(pom, project, "version", DEFAULT_VERSION);
        }
        if (dependencies.hasChildNodes()) {
            project.appendChild(dependencies);
        }
        if (repositories.hasChildNodes()) {
            project.appendChild(repositories);
        }
        return write(pom);
    }

    private static void text(Document doc, Element parent, String name, String value) {
        Element e = doc.createElement(name);
        e.setTextContent(value);
        parent.appendChild(e);
    }

    private static List<Element> childElements(Element parent) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE) {
                out.add((Element) nodes.item(i));
            }
        }
        return out;
    }

    private static DocumentBuilder newBuilder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(
                    new ErrorHandler() { // the default one prints to stderr
                        @Override
                        public void warning(SAXParseException e) {}

                        @Override
                        public void error(SAXParseException e) throws SAXException {
                            throw e;
                        }

                        @Override
                        public void fatalError(SAXParseException e) throws SAXException {
                            throw e;
                        }
                    });
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Document parse(String xml) throws ResolutionException {
        try {
            return newBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (SAXParseException e) {
            throw new ResolutionException(
                    "The POM is not well-formed XML: " + e.getMessage() + " (line " + e.getLineNumber() + ")");
        } catch (SAXException | IOException e) {
            throw new ResolutionException("The POM is not well-formed XML: " + e.getMessage());
        }
    }

    private static String write(Document doc) {
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Serves the cell's POM as the artifact {@code root}, so that Maven's own model builder reads it. */
    static final class Workspace implements WorkspaceReader {
        private final WorkspaceRepository repository = new WorkspaceRepository("jfairing-cell");
        private final Artifact root;
        private final Path pom;

        Workspace(Artifact root, Path pom) {
            this.root = root;
            this.pom = pom;
        }

        private boolean matches(Artifact a) {
            return root.getGroupId().equals(a.getGroupId())
                    && root.getArtifactId().equals(a.getArtifactId())
                    && root.getVersion().equals(a.getVersion())
                    && "pom".equals(a.getExtension())
                    && a.getClassifier().isEmpty();
        }

        @Override
        public WorkspaceRepository getRepository() {
            return repository;
        }

        @Override
        public File findArtifact(Artifact artifact) {
            return matches(artifact) ? pom.toFile() : null;
        }

        @Override
        public Path findArtifactPath(Artifact artifact) {
            return matches(artifact) ? pom : null;
        }

        @Override
        public List<String> findVersions(Artifact artifact) {
            return root.getGroupId().equals(artifact.getGroupId())
                            && root.getArtifactId().equals(artifact.getArtifactId())
                    ? List.of(root.getVersion())
                    : List.of();
        }
    }
}
