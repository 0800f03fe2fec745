"""The user's class path is the user's: through a real Jupyter client, against the kernel installed with the
%fairing/%metadata extensions. For libraries that the kernel or its extensions carry at other versions, %maven and
%use give the version asked for: the class comes from the requested jar, its pom.properties says that version, and
an API of it works. Cells see neither the kernel's nor the extensions' libraries, only the extensions' API.
Run by ClassPathIsolationIT."""
import base64
import os
import tempfile
import textwrap
import unittest
from collections import namedtuple
from queue import Empty

from jupyter_client.manager import start_new_kernel

KERNEL = os.environ["JFAIRING_KERNEL_NAME"]
PROJECT = os.environ["JFAIRING_PROJECT"]
MAVEN_TIMEOUT = 300  # a first resolution from Maven Central can be slow
TIMEOUT = 60

Library = namedtuple("Library", "preset group artifact version cls check expected carried")

# Versions that differ from those in the kernel jar and in kernel-extensions/target/extension (the "carried" ones).
LIBRARIES = [
    Library("xchart", "org.knowm.xchart", "xchart", "3.5.2", "org.knowm.xchart.XYChart",
            "new org.knowm.xchart.XYChartBuilder().width(320).height(240).build().getWidth()", "320", "3.8.8"),
    Library("gson", "com.google.code.gson", "gson", "2.11.0", "com.google.gson.Gson",
            # Strictness is new in 2.11: the kernel's and the extensions' older Gson lack it
            "new com.google.gson.GsonBuilder().setStrictness(com.google.gson.Strictness.STRICT).create()"
            ".toJson(java.util.List.of(1, 2))", "[1,2]", "2.8.x"),
    Library("jackson", "com.fasterxml.jackson.core", "jackson-databind", "2.17.2",
            "com.fasterxml.jackson.databind.ObjectMapper",
            'com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION + " "'
            ' + new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\\"a\\": 41}").get("a").asInt()',
            "2.17.2 41", "2.20.1"),
    Library("guava", "com.google.guava", "guava", "31.1-jre", "com.google.common.collect.ImmutableList",
            'com.google.common.base.Joiner.on("-").join(com.google.common.collect.ImmutableList.of(1, 2, 3))',
            "1-2-3", "32.1.2-jre"),
    Library("commons-lang3", "org.apache.commons", "commons-lang3", "3.12.0", "org.apache.commons.lang3.StringUtils",
            'org.apache.commons.lang3.StringUtils.reverse("abc")', "cba", "3.18.0"),
    Library("commons-compress", "org.apache.commons", "commons-compress", "1.21",
            "org.apache.commons.compress.archivers.tar.TarArchiveEntry",
            'new org.apache.commons.compress.archivers.tar.TarArchiveEntry("data/a.txt").getName()',
            "data/a.txt", "1.28.0"),
    # no preset: %maven only. 1.7 finds no binding (the kernel's slf4j-jdk14 2.x would answer JDK14LoggerFactory)
    Library(None, "org.slf4j", "slf4j-api", "1.7.36", "org.slf4j.LoggerFactory",
            "org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName()",
            "org.slf4j.helpers.NOPLoggerFactory", "2.0.17"),
]


def text_of(messages):
    parts = []
    for m in messages:
        c = m["content"]
        if m["msg_type"] == "stream":
            parts.append(c["text"])
        elif m["msg_type"] in ("execute_result", "display_data"):
            parts.append(c["data"].get("text/plain", ""))
        elif m["msg_type"] == "error":
            parts.append(c["ename"] + ": " + c["evalue"])
    return "\n".join(parts)


class KernelCase(unittest.TestCase):
    env = {}

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(
            kernel_name=KERNEL, cwd=PROJECT, startup_timeout=120, env=dict(os.environ, **cls.env))

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def execute(self, code, timeout=TIMEOUT):
        msg_id = self.kc.execute(code)
        messages = []
        while True:
            try:
                msg = self.kc.get_iopub_msg(timeout=timeout)
            except Empty:
                self.fail("no idle status within %d s for %r; outputs so far:\n%s" % (timeout, code, text_of(messages)))
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
            messages.append(msg)
        reply = self.kc.get_shell_msg(timeout=timeout)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=timeout)
        return reply["content"], messages

    def ok(self, code, timeout=TIMEOUT):
        reply, messages = self.execute(code, timeout)
        self.assertEqual(reply["status"], "ok", "%s failed:\n%s" % (code, text_of(messages)))
        return messages

    def value(self, code, mime="text/plain"):
        messages = self.ok(code)
        results = [m["content"]["data"] for m in messages if m["msg_type"] == "execute_result"]
        self.assertEqual(len(results), 1, "%s gave no single result:\n%s" % (code, text_of(messages)))
        return results[0][mime] if mime else results[0]

    def error(self, code):
        reply, messages = self.execute(code)
        self.assertEqual(reply["status"], "error", "%s should fail:\n%s" % (code, text_of(messages)))
        return reply["ename"] + ": " + reply["evalue"]

    def assert_is_the_requested_version(self, lib):
        where = self.value(
            'java.nio.file.Path.of(Class.forName("%s").getProtectionDomain().getCodeSource().getLocation().toURI())'
            ".getFileName()" % lib.cls)
        self.assertEqual(where, "%s-%s.jar" % (lib.artifact, lib.version), lib)
        pom = self.value(
            'new String(Class.forName("%s").getResourceAsStream("/META-INF/maven/%s/%s/pom.properties").readAllBytes())'
            % (lib.cls, lib.group, lib.artifact))
        self.assertIn("version=%s" % lib.version, pom, lib)
        self.assertEqual(self.value(lib.check), lib.expected, lib)


class MavenMatrixTest(KernelCase):
    """%maven, then each class is the requested version's: seven libraries in one session."""

    def test_1_cells_see_the_extensions_api_from_the_first_cell(self):
        # the first cell names an extension package: the extensions load at once, not in the background
        self.assertEqual(self.value("io.jfairing.extensions.Workspace.current() != null"), "true")
        self.assertIn("fairing", self.value("%lsmagic"))
        # the types in the API's signatures (a checked ConfigException of fairing's) compile too
        self.assertEqual(self.value("io.jfairing.extensions.Workspace.current().experiment()"),
                         os.path.basename(PROJECT))
        # classes of the API come from the extensions' loader: the very classes the magics use
        self.assertEqual(self.value("io.jfairing.metadata.MetadataStore.class.getClassLoader().getName()"),
                         "kernel-extensions")

    def test_2_maven_gives_the_requested_version(self):
        coordinates = " ".join("%s:%s:%s" % (lib.group, lib.artifact, lib.version) for lib in LIBRARIES)
        self.ok("%maven " + coordinates, timeout=MAVEN_TIMEOUT)
        for lib in LIBRARIES:
            with self.subTest(lib.artifact):
                self.assert_is_the_requested_version(lib)


class UseMatrixTest(KernelCase):
    """%use NAME@VERSION, then each class is the requested version's, and the preset's imports work."""

    def test_1_a_fresh_session_sees_none_of_the_kernels_or_extensions_libraries(self):
        for lib in LIBRARIES:
            with self.subTest(lib.artifact):
                self.assertIn("ClassNotFoundException", self.error('Class.forName("%s")' % lib.cls))
        for hidden in ("picocli.CommandLine", "io.fabric8.kubernetes.client.KubernetesClient",
                       "org.eclipse.aether.RepositorySystem", "io.github.spencerpark.jupyter.kernel.BaseKernel"):
            with self.subTest(hidden):
                self.assertIn("ClassNotFoundException", self.error('Class.forName("%s")' % hidden))
        # nor compiles against them
        self.assertIn("package com.google.gson does not exist", self.error("com.google.gson.Gson g = null;"))
        self.assertIn("package com.fasterxml.jackson.databind does not exist",
                      self.error("com.fasterxml.jackson.databind.ObjectMapper m = null;"))
        # but the cell runtime is there
        self.assertEqual(self.value('html("<b>x</b>").getClass().getName()'), "io.jfairing.runtime.display.MimeBundle")

    def test_2_use_gives_the_requested_version(self):
        for lib in LIBRARIES:
            if lib.preset is None:
                continue
            with self.subTest(lib.preset):
                out = text_of(self.ok("%%use %s@%s" % (lib.preset, lib.version), timeout=MAVEN_TIMEOUT))
                self.assertIn("Using %s %s" % (lib.preset, lib.version), out)
                self.assert_is_the_requested_version(lib)

    def test_3_a_presets_imports_and_renderer_apply(self):
        # imported by the preset: no package names
        self.assertEqual(self.value("new XYChartBuilder().width(100).height(80).build().getHeight()"), "80")
        data = self.value("new XYChartBuilder().width(100).height(80).build()", mime=None)
        self.assertIn("image/png", data)
        self.assertEqual(base64.b64decode(data["image/png"])[:8], b"\x89PNG\r\n\x1a\n")
        self.assertEqual(self.value('StringUtils.capitalize("kernel")'), "Kernel")


class UsePresetsTest(KernelCase):
    """Built-in and team presets, --list, and the errors."""
    team = tempfile.mkdtemp(prefix="jfairing-use-")
    env = {"JFAIRING_USE_PATH": team}

    @classmethod
    def setUpClass(cls):
        with open(os.path.join(cls.team, "team-stats.json"), "w") as f:
            f.write(textwrap.dedent("""\
                {"format": 1, "name": "team-stats", "version": "3.6.1",
                 "description": "our statistics: Commons Math, fractions in italics",
                 "dependencies": ["org.apache.commons:commons-math3:{version}"],
                 "imports": ["org.apache.commons.math3.fraction.Fraction"],
                 "init": ["String team = \\"ready\\";"],
                 "renderers": [{"type": "org.apache.commons.math3.fraction.Fraction",
                                "code": "html(\\"<i>\\" + value + \\"</i>\\")"}]}
                """))
        super().setUpClass()

    def test_list_shows_built_in_and_team_presets(self):
        listing = self.value("%use --list")
        for name in ("xchart", "commons-math", "tablesaw", "jackson", "gson", "okhttp", "http", "sqlite", "h2",
                     "team-stats"):
            self.assertIn(name, listing)
        self.assertIn(os.path.join(self.team, "team-stats.json"), listing)

    def test_commons_math_at_a_version(self):
        self.ok("%use commons-math@3.6.1", timeout=MAVEN_TIMEOUT)
        self.assertEqual(self.value("ArithmeticUtils.gcd(12, 18)"), "6")
        self.assertEqual(self.value("new DescriptiveStatistics(new double[] {1, 2, 6}).getMean()"), "3.0")

    def test_a_team_preset_with_init_code_and_a_renderer(self):
        self.ok("%use team-stats", timeout=MAVEN_TIMEOUT)
        self.assertEqual(self.value("team"), "ready")
        self.assertEqual(self.value("new Fraction(1, 3)", mime="text/html"), "<i>1 / 3</i>")

    def test_the_jdk_http_client_needs_no_download(self):
        self.ok("%use http")
        self.assertEqual(self.value("http.version()"), "HTTP_2")

    def test_an_unknown_preset_or_bad_version_is_a_clear_error(self):
        text = self.error("%use plotz")
        self.assertIn("no preset 'plotz'", text)
        self.assertIn("JFAIRING_USE_PATH", text)
        self.assertIn("version after @", self.error("%use gson@"))
        self.assertIn("no version to choose", self.error("%use http@1.0"))
        self.assertIn("usage", self.error("%use").lower())
        self.assertIn("gson:0.0.0-nonexistent", self.error("%use gson@0.0.0-nonexistent"))
        self.assertEqual(self.value("1 + 1"), "2")


if __name__ == "__main__":
    unittest.main()
