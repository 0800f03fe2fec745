"""IJava parity and rough edges of the jfairing Java kernel, through a real Jupyter client.

Each class runs on a kernel of its own (see ``KernelTestCase``). Run as the protocol suite is run
(``JupyterProtocolIT`` discovers every ``test*.py`` here)::

    cd kernel/src/test/python
    JUPYTER_PATH=PREFIX/share/jupyter JFAIRING_KERNEL_NAME=java \\
        PYDEVD_DISABLE_FILE_VALIDATION=1 /usr/bin/python3 -m unittest -v test_ijava_parity
"""

import html.parser
import os
import re
import shutil
import subprocess
import tempfile

from test_jupyter_protocol import MAVEN_TIMEOUT, KernelTestCase


class LinkParser(html.parser.HTMLParser):
    """The links of an HTML fragment, and whether every tag it opened was closed."""

    def __init__(self):
        super().__init__()
        self.links = []
        self.open = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.open.append(tag)
        if tag == "a":
            self.links.append(dict(attrs))

    def handle_endtag(self, tag):
        if self.open and self.open[-1] == tag:
            self.open.pop()

    def handle_data(self, data):
        self.text += data


class KernelInfoVersionTests(KernelTestCase):
    def test_kernel_info_reports_the_built_version_and_the_jdk_feature_version(self):
        msg_id = self.kc.kernel_info()
        content = self.shell_reply(msg_id, "kernel_info_reply")["content"]
        self.assertRegex(content["implementation_version"], r"^\d+\.\d+\.\d+")
        expected = os.environ.get("JFAIRING_KERNEL_VERSION")
        if expected:
            self.assertEqual(content["implementation_version"], expected)
        self.assertIn(content["implementation_version"], content["banner"])
        feature = self.eval_plain("Runtime.version().feature()")
        self.assertEqual(content["language_info"]["version"], feature)


class RoughEdgeTests(KernelTestCase):
    def test_system_exit_in_a_cell_is_a_clear_message_without_kernel_internals(self):
        reply, outputs = self.execute('System.out.println("before");\nSystem.exit(3);')
        text = self.assert_error(reply, outputs)
        self.assertEqual(reply["content"]["ename"], "SystemExit")
        self.assertIn("the cell called System.exit(3); the kernel keeps running", reply["content"]["evalue"])
        self.assertIn("line 2", text)
        self.assertNotIn("KernelExit", text)
        self.assertNotIn("io.jfairing", text)
        self.assertIn("before", self.stream_text(outputs))
        self.assertEqual(self.eval_plain('"still " + "here"'), "still here")

    def test_runtime_halt_is_reported_as_halt(self):
        reply, outputs = self.execute("void quit() { Runtime.getRuntime().halt(2); }\nquit();")
        text = self.assert_error(reply, outputs)
        self.assertIn("the cell called Runtime.getRuntime().halt(2)", text)
        self.assertNotIn("System.exit", text)
        self.assertNotIn("io.jfairing", text)
        self.assertEqual(self.eval_plain("1+1"), "2")

    def test_exit_in_a_background_thread_is_reported_in_the_cell_that_waits_for_it(self):
        reply, outputs = self.execute(
            'Thread quitter = new Thread(() -> System.exit(4), "quitter");\nquitter.start();\nquitter.join();'
        )
        self.assert_ok(reply, outputs)
        stderr = self.stream_text(outputs, "stderr")
        self.assertIn('thread "quitter" (started by a cell) called System.exit(4)', stderr)
        self.assertIn("the kernel keeps running", stderr)
        self.assertNotIn("ExitRequested", stderr)
        self.assertEqual(self.eval_plain("2+2"), "4")

    def test_exit_in_a_background_thread_after_its_cell_is_reported_in_the_next_cell(self):
        reply, outputs = self.execute(
            "java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);\n"
            "Thread late = new Thread(() -> {\n"
            "    try { go.await(); } catch (InterruptedException e) { return; }\n"
            "    System.exit(5);\n"
            '}, "late");\n'
            "late.start();"
        )
        self.assert_ok(reply, outputs)
        self.assertNotIn("System.exit", self.all_text(outputs))
        reply, outputs = self.execute("go.countDown();\nlate.join();\n")
        self.assert_ok(reply, outputs)
        self.assertIn('thread "late" (started by a cell) called System.exit(5)', self.stream_text(outputs, "stderr"))
        reply, outputs = self.execute("late.isAlive()")
        self.assert_ok(reply, outputs)
        self.assertNotIn("System.exit", self.all_text(outputs), "reported once, not again")

    def test_url_and_uri_results_render_as_links(self):
        for code, href in [
            ('new java.net.URL("https://example.com/a?b=1&c=<2>")', "https://example.com/a?b=1&c=<2>"),
            ('java.net.URI.create("https://jupyter.org/try")', "https://jupyter.org/try"),
        ]:
            reply, outputs = self.execute(code)
            self.assert_ok(reply, outputs)
            data = self.result_data(outputs)
            self.assertEqual(data["text/plain"], href)
            parser = LinkParser()
            parser.feed(data["text/html"])
            parser.close()
            self.assertEqual([link.get("href") for link in parser.links], [href], data["text/html"])
            self.assertEqual(parser.text, href)
            self.assertEqual(parser.open, [], f"unclosed tags in {data['text/html']!r}")

    def test_undefined_name_says_what_is_missing_without_a_blank_location(self):
        reply, outputs = self.execute("int total = 1;\ntotal + undefinedCount")
        text = self.assert_error(reply, outputs)
        self.assertIn("cannot find symbol: variable undefinedCount", text)
        self.assertIn("line 2", reply["content"]["evalue"])
        self.assertNotRegex(text, r"location: class\s*$|location: class \n|class \(")
        self.assertNotIn("location:", text)

    def test_missing_member_names_its_owner(self):
        reply, outputs = self.execute('"abc".frobnicate()')
        text = self.assert_error(reply, outputs)
        self.assertIn("cannot find symbol: method frobnicate() (in class java.lang.String)", text)


class TimeMagicTests(KernelTestCase):
    CPU = re.compile(
        r"CPU times: user (?P<user>[\d.]+) (?P<uu>ns|µs|ms|s), sys: (?P<sys>[\d.]+) (?P<su>ns|µs|ms|s), "
        r"total: (?P<total>[\d.]+) (?P<tu>ns|µs|ms|s)\n"
    )
    WALL = re.compile(r"Wall time: (?P<wall>[\d.]+) (?P<wu>ns|µs|ms|s)\n")
    SCALE = {"ns": 1e-9, "µs": 1e-6, "ms": 1e-3, "s": 1.0}

    def times(self, outputs):
        stdout = self.stream_text(outputs)
        cpu = self.CPU.search(stdout)
        wall = self.WALL.search(stdout)
        self.assertIsNotNone(cpu, f"no IPython-style CPU times line in {stdout!r}")
        self.assertIsNotNone(wall, f"no IPython-style Wall time line in {stdout!r}")
        self.assertLess(cpu.end(), wall.start() + 1, "CPU times come first, as in IPython")

        def seconds(match, value, unit):
            return float(match.group(value)) * self.SCALE[match.group(unit)]

        return {
            "user": seconds(cpu, "user", "uu"),
            "sys": seconds(cpu, "sys", "su"),
            "total": seconds(cpu, "total", "tu"),
            "wall": seconds(wall, "wall", "wu"),
        }

    def test_cell_time_has_ipython_format_and_a_value(self):
        reply, outputs = self.execute("%%time\nThread.sleep(200);\n40 + 2")
        self.assert_ok(reply, outputs)
        self.assertEqual(self.result_data(outputs)["text/plain"], "42")
        times = self.times(outputs)
        self.assertGreaterEqual(times["wall"], 0.2)
        self.assertAlmostEqual(times["total"], times["user"] + times["sys"], delta=times["total"] * 0.02 + 1e-6)

    def test_cpu_time_counts_every_thread_of_the_cell(self):
        # four threads each spin for 0.4 s of their own CPU time (ThreadMXBean): the total counts all four, 1.6 s
        # whatever the wall time on a loaded machine; the process's CPU time is counted in clock ticks (times(2)),
        # which may miss a few, so the bound is three threads' worth, three times what one thread could give
        spin = (
            "Runnable spin = () -> {\n"
            "    var bean = java.lang.management.ManagementFactory.getThreadMXBean();\n"
            "    long start = bean.getCurrentThreadCpuTime();\n"
            "    while (bean.getCurrentThreadCpuTime() - start < 400_000_000L) { }\n"
            "};\n"
        )
        self.assert_ok(*self.execute(spin))
        reply, outputs = self.execute(
            "%%time\n"
            "List<Thread> spinners = new ArrayList<>();\n"
            "for (int i = 0; i < 4; i++) { Thread t = new Thread(spin); t.start(); spinners.add(t); }\n"
            "for (Thread t : spinners) t.join();",
            timeout=120,  # 1.6 s of CPU time may take much longer on a loaded machine
        )
        self.assert_ok(reply, outputs)
        self.assertGreaterEqual(self.times(outputs)["total"], 1.2)

    def test_wall_time_leaves_out_compilation(self):
        # a cell that takes javac a long time (many methods) but runs in no time at all
        methods = "\n".join(f"int m{i}(int x) {{ return x + {i}; }}" for i in range(300))
        body = "class Big {\n" + methods + "\n}\nnew Big().m7(1)"
        reply, outputs = self.execute("%%time\n" + body, timeout=120)
        self.assert_ok(reply, outputs)
        self.assertEqual(self.result_data(outputs)["text/plain"], "8")
        reply, outputs = self.execute("long compileStart = System.nanoTime();")
        self.assert_ok(reply, outputs)
        times = self.times(self.execute("%%time\n" + body.replace("Big", "Big2"), timeout=120)[1])
        elapsed = int(self.eval_plain("(System.nanoTime() - compileStart) / 1_000_000")) / 1000
        self.assertLess(times["wall"], elapsed / 2, f"wall time {times['wall']} s of a cell that took {elapsed} s")

    def test_line_time(self):
        reply, outputs = self.execute("%time Thread.sleep(100)")
        self.assert_ok(reply, outputs)
        self.assertGreaterEqual(self.times(outputs)["wall"], 0.1)


class MagicExpressionTests(KernelTestCase):
    """IJava's magic as an expression: ``List<String> added = %jars *.jar``, ``var r = %maven g:a:v``."""

    def make_jars(self, folder):
        javac = shutil.which("javac") or os.path.join(os.environ.get("JAVA_HOME", ""), "bin", "javac")
        jar = shutil.which("jar") or os.path.join(os.environ.get("JAVA_HOME", ""), "bin", "jar")
        libs = os.path.join(folder, "libs")
        os.makedirs(libs)
        for name in ("Alpha", "Beta"):
            src = os.path.join(folder, "src", "exprdemo")
            os.makedirs(src, exist_ok=True)
            with open(os.path.join(src, name + ".java"), "w") as f:
                f.write(f'package exprdemo;\npublic class {name} {{ public static String hi() {{ return "{name}"; }} }}\n')
            classes = os.path.join(folder, "classes-" + name)
            subprocess.run([javac, "-d", classes, os.path.join(src, name + ".java")], check=True)
            subprocess.run([jar, "cf", os.path.join(libs, name.lower() + ".jar"), "-C", classes, "."], check=True)
        return libs

    def test_jars_as_an_expression_gives_the_added_jars_and_later_lines_use_them(self):
        with tempfile.TemporaryDirectory() as tmp:
            libs = self.make_jars(tmp)
            code = f"List<String> added = %jars {libs}/*.jar\nadded.size() + \" \" + exprdemo.Alpha.hi() + exprdemo.Beta.hi()"
            msg_id = self.kc.is_complete(code)
            self.assertEqual(self.shell_reply(msg_id, "is_complete_reply")["content"]["status"], "complete")
            self.assertEqual(self.eval_plain(code), "2 AlphaBeta")
            self.assertEqual(
                self.eval_plain('String.join(",", added)'),
                ",".join([os.path.join(libs, "alpha.jar"), os.path.join(libs, "beta.jar")]),
            )

    def test_a_magic_alone_on_its_line_still_shows_no_value(self):
        with tempfile.TemporaryDirectory() as tmp:
            libs = self.make_jars(tmp)
            reply, outputs = self.execute(f"%jars {libs}/alpha.jar")
            self.assert_ok(reply, outputs)
            self.assertEqual([o for o in outputs if o["msg_type"] == "execute_result"], [])
            self.assertIn("Added 1 jar", self.stream_text(outputs))

    def test_maven_as_an_expression_gives_the_resolved_jars(self):
        reply, outputs = self.execute(
            "var resolved = %maven org.apache.commons:commons-math3:3.6.1\n"
            "((List<?>) resolved).stream().map(Object::toString)"
            '.filter(p -> p.endsWith("commons-math3-3.6.1.jar")).count()',
            timeout=MAVEN_TIMEOUT,
        )
        self.assert_ok(reply, outputs)
        self.assertEqual(self.result_data(outputs)["text/plain"], "1")
        self.assertEqual(self.eval_plain("org.apache.commons.math3.util.ArithmeticUtils.gcd(12, 18)"), "6")

    def test_a_failing_magic_expression_is_one_clear_error(self):
        reply, outputs = self.execute("var none = %jars /no/such/folder/*.jar")
        text = self.assert_error(reply, outputs)
        self.assertEqual(reply["content"]["ename"], "MagicError")
        self.assertIn("%jars: no jar matches /no/such/folder/*.jar", reply["content"]["evalue"])
        self.assertNotIn("io.jfairing", text)
        self.assertEqual(self.eval_plain("3+3"), "6")

    def test_ijava_line_magic_and_cell_magic_functions(self):
        # IJava: "the magics simply desugar to calls to lineMagic and cellMagic", in the notebook namespace
        with tempfile.TemporaryDirectory() as tmp:
            libs = self.make_jars(tmp)
            code = f'List<String> viaFunction = lineMagic("jars", List.of("{libs}/beta.jar"));\nviaFunction'
            self.assertEqual(self.eval_plain(code), "[" + os.path.join(libs, "beta.jar") + "]")
            self.assertEqual(self.eval_plain("exprdemo.Beta.hi()"), "Beta")
        reply, outputs = self.execute('cellMagic("html", List.of(), "<b>from code</b>")')
        self.assert_ok(reply, outputs)
        self.assertEqual(self.result_data(outputs)["text/html"], "<b>from code</b>")
        reply, outputs = self.execute('lineMagic("nosuch", List.of())')
        self.assert_error(reply, outputs)
        self.assertEqual(reply["content"]["ename"], "MagicError")
        self.assertIn("unknown magic %nosuch", reply["content"]["evalue"])

    def test_magic_text_in_strings_and_comparisons_is_java(self):
        self.assertEqual(self.eval_plain('String s = "x = %jars a.jar"; // y = %maven a:b:1\ns'), "x = %jars a.jar")
        self.assertEqual(self.eval_plain("int a = 7, b = 4;\nint r = a % b;\nr"), "3")


class CellAnalysisTests(KernelTestCase):
    """Completion and inspection see the declarations of the cell being written, before it runs."""

    def complete(self, code, cursor=None):
        msg_id = self.kc.complete(code, len(code) if cursor is None else cursor)
        content = self.shell_reply(msg_id, "complete_reply")["content"]
        self.assertEqual(content["status"], "ok")
        return content

    def test_a_method_declared_above_in_the_same_cell_is_offered(self):
        code = 'String greet(String who) {\n    return "Hello, " + who;\n}\nvar s = gre'
        content = self.complete(code)
        self.assertIn("greet", content["matches"])
        self.assertEqual(content["cursor_start"], len(code) - len("gre"))
        self.assertEqual(content["cursor_end"], len(code))
        # nothing was run: the method is not in the session
        reply, outputs = self.execute("greet(\"x\")")
        self.assertEqual(reply["content"]["status"], "error")

    def test_members_of_a_record_declared_two_lines_up_are_offered(self):
        code = "record Point(int x, int y) {}\nPoint p = new Point(3, 4);\np."
        content = self.complete(code)
        self.assertTrue({"x", "y"} <= set(content["matches"]), content["matches"])
        self.assertEqual(content["cursor_start"], len(code))

    def test_inspection_of_a_method_declared_above(self):
        code = 'String greet(String who) { return "Hello, " + who; }\nvar s = greet("you");'
        msg_id = self.kc.inspect(code, code.index('greet("') + 3)
        content = self.shell_reply(msg_id, "inspect_reply")["content"]
        self.assertEqual(content["status"], "ok")
        self.assertTrue(content["found"], content)
        self.assertIn("String greet(String who)", content["data"]["text/plain"])
        self.assertNotIn("$", content["data"]["text/plain"])


class ControlCharacterTests(KernelTestCase):
    """A NUL byte (or a bell) in a cell's source or output reaches the frontend as a visible escape."""

    HIDDEN = re.compile(r"[\x00-\x07\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]")

    def assert_no_raw_controls(self, outputs):
        for o in outputs:
            content = o["content"]
            texts = [content.get("text", ""), content.get("evalue", ""), *content.get("traceback", [])]
            texts += [v for v in content.get("data", {}).values() if isinstance(v, str)]
            for text in texts:
                self.assertIsNone(self.HIDDEN.search(text), f"raw control character in {o['msg_type']}: {text!r}")

    def test_nul_in_the_source_is_an_error_that_shows_it_escaped(self):
        reply, outputs = self.execute("int x = 1;\x00 x")
        text = self.assert_error(reply, outputs)
        self.assertIn("illegal character: '\\u0000'", text)
        self.assertIn("int x = 1;\\u0000 x", text, "the quoted source line shows the NUL escaped")
        self.assert_no_raw_controls(outputs)
        self.assertNotIn("\x00", reply["content"]["evalue"])
        self.assertEqual(self.eval_plain("1+1"), "2")

    def test_nul_and_bell_in_output_and_results_are_escaped_and_colours_kept(self):
        reply, outputs = self.execute(
            'System.out.print("a\\u0000b\\tc");\nSystem.err.print("\\u001b[31mred\\u001b[0m\\u0007");\n"x\\u0000y"'
        )
        self.assert_ok(reply, outputs)
        self.assert_no_raw_controls(outputs)
        self.assertEqual(self.stream_text(outputs), "a\\u0000b\tc")
        self.assertEqual(self.stream_text(outputs, "stderr"), "\x1b[31mred\x1b[0m\\u0007")
        self.assertEqual(self.result_data(outputs)["text/plain"], "x\\u0000y")

    def test_nul_inside_a_string_literal_of_the_source_runs(self):
        reply, outputs = self.execute('String withNul = "a\x00b";\nwithNul.length()')
        self.assert_ok(reply, outputs)
        self.assertEqual(self.result_data(outputs)["text/plain"], "3")
