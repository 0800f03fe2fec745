"""Jupyter messaging-protocol tests for the jfairing Java kernel.

Run with the Debian Python, which has jupyter_client and jupyter_kernel_test::

    cd kernel/src/test/python
    JUPYTER_PATH=PREFIX/share/jupyter JFAIRING_KERNEL_NAME=java \\
        PYDEVD_DISABLE_FILE_VALIDATION=1 /usr/bin/python3 -m unittest -v

``JavaKernelTests`` is the standard ``jupyter_kernel_test`` suite with every
attribute filled in; the other classes are our own protocol checks, each on a
kernel of its own so that an interrupt, a restart or a failed magic cannot
disturb the history that the standard suite inspects.
"""

import base64
import datetime
import os
import re
import shutil
import subprocess
import tempfile
import textwrap
import time
import unittest
from queue import Empty

# Imported as a module, not `from ... import KernelTests`: unittest discovery
# would otherwise also run the base class against the `python3` kernel.
import jupyter_kernel_test as jkt
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager, start_new_kernel
from jupyter_kernel_test.msgspec_v5 import validate_message

KERNEL_NAME = os.environ.get("JFAIRING_KERNEL_NAME", "java")
TIMEOUT = jkt.TIMEOUT  # 15 s, as in the standard suite
MAVEN_TIMEOUT = 300  # a first resolution from Maven Central can be slow
STARTUP_TIMEOUT = 60

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")

SVG = (
    "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'>"
    "<rect width='10' height='10' fill='teal'/></svg>"
)


def strip_ansi(text):
    return ANSI.sub("", text)


class JavaKernelTests(jkt.KernelTests):
    """The standard jupyter_kernel_test suite, every attribute filled in."""

    kernel_name = KERNEL_NAME
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("something went wrong");'

    def execute_helper(self, code, timeout=TIMEOUT, silent=False, store_history=True, stop_on_error=True):
        # jupyter_kernel_test's own helper, with the same checks, except that it allows 1 s for
        # the busy status after the reply and 0.1 s between iopub messages until idle: speed
        # claims that fail on a loaded machine. Here each wait is a hang guard of `timeout`.
        msg_id = self.kc.execute(code=code, silent=silent, store_history=store_history, stop_on_error=stop_on_error)
        reply = self.get_non_kernel_info_reply(timeout=timeout)
        validate_message(reply, "execute_reply", msg_id)
        busy_msg = self.kc.get_iopub_msg(timeout=timeout)
        validate_message(busy_msg, "status", msg_id)
        self.assertEqual(busy_msg["content"]["execution_state"], "busy")
        output_msgs = []
        while True:
            try:
                msg = self.kc.get_iopub_msg(timeout=timeout)
            except Empty:
                self.fail(f"no idle status within {timeout} s of the last message; outputs so far {output_msgs!r}")
            validate_message(msg, msg["msg_type"], msg_id)
            if msg["msg_type"] == "status":
                self.assertEqual(msg["content"]["execution_state"], "idle")
                break
            elif msg["msg_type"] == "execute_input":
                self.assertEqual(msg["content"]["code"], code)
                continue
            output_msgs.append(msg)
        return reply, output_msgs

    # Exact sets: magic names, and JDK members whose overloads collapse to one
    # bare name (no trailing "(").  Members that every JDK from 17 on has, and
    # no more: "Math.flo" also completes floorDivExact from Java 18.
    completion_samples = [
        {"text": "%mav", "matches": {"%maven", "%mavenRepo"}},
        {"text": "%lsm", "matches": {"%lsmagic"}},
        {"text": "%%mark", "matches": {"%%markdown"}},
        {"text": "System.out.printl", "matches": {"println"}},
        {"text": "Math.floorM", "matches": {"floorMod"}},
        {"text": "Integer.MAX_", "matches": {"MAX_VALUE"}},
        {"text": '"abc".toUpperCa', "matches": {"toUpperCase"}},
        {"text": "int n = Math.ab", "matches": {"abs", "absExact"}},
    ]

    complete_code_samples = [
        "1+1",
        "int x = 1;",
        "int y = 2",
        'System.out.println("hi");',
        "void f() {}",
        "class Complete { int a; }",
        "for (int i = 0; i < 3; i++) { }",
        "%lsmagic",
    ]
    incomplete_code_samples = [
        "for (int i = 0; i < 3; i++) {",
        "class Incomplete {",
        "void g() {\n    System.out.println(1);",
        "int x = ",
        'String s = "a" +',
        "Math.max(1,",
    ]
    invalid_code_samples = [
        "int x = ;",
        "int 1x = 2;",
        'System.out.println("a"));',
    ]

    code_generate_error = 'throw new RuntimeException("boom");'

    # The history test executes all of these again and again; the search
    # pattern below must match exactly one of them (see code_history_pattern).
    code_execute_result = [
        {"code": "1+1", "result": "2"},
        {"code": '"hi"', "result": "hi"},
        {"code": "Math.max(3, 7)", "result": "7"},
        {"code": "Integer.toHexString(255)", "result": "ff"},
        {"code": 'String.join("-", List.of("a", "b", "c"))', "result": "a-b-c"},
        {"code": "html(\"<b>bold</b>\")", "mime": "text/html", "result": "<b>bold</b>"},
    ]

    code_display_data = [
        {"code": 'display(html("<i>italic</i>"));', "mime": "text/html"},
        {"code": 'display(markdown("# Title"));', "mime": "text/markdown"},
        {"code": f'display(svg("{SVG}"));', "mime": "image/svg+xml"},
        {
            "code": textwrap.dedent(
                """\
                var img = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);
                display(img);"""
            ),
            "mime": "image/png",
        },
        {
            "code": textwrap.dedent(
                """\
                var pngImg = new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_ARGB);
                var pngBytes = new java.io.ByteArrayOutputStream();
                javax.imageio.ImageIO.write(pngImg, "png", pngBytes);
                display(png(pngBytes.toByteArray()));"""
            ),
            "mime": "image/png",
        },
        {
            "code": 'display(table(List.of("k", "v"), List.of(List.of("a", 1), List.of("b", 2))));',
            "mime": "text/html",
        },
        {
            # a type that says how it displays (the runtime's Renderable), as it would in an image
            "code": textwrap.dedent(
                """\
                record Dot(int x) implements io.jfairing.runtime.display.Renderable {
                    public io.jfairing.runtime.display.MimeBundle toMimeBundle() {
                        return io.jfairing.runtime.display.MimeBundle.of("text/latex", "$x_" + x + "$", "dot " + x);
                    }
                }
                display(new Dot(1));"""
            ),
            "mime": "text/latex",
        },
    ]

    supported_history_operations = ("tail", "range", "search")
    # IPython's history search (HistoryAccessor.search, used by ipykernel's
    # do_history) is a SQLite GLOB over the whole input: `*` and `?`, no
    # implicit wrapping.  The test's "unique" subtest wants exactly one distinct
    # matching input in the whole session and its "n" subtest three matches;
    # this pattern matches only `Integer.toHexString(255)`, whether the kernel
    # matches the glob against the whole input or against a substring.
    code_history_pattern = "Integer.toHex?tring(*"

    code_inspect_sample = "Math.max"
    code_clear_output = 'System.out.println("soon gone"); clearOutput();'
    code_page_something = "String?"


# ---------------------------------------------------------------------------
# Our own checks
# ---------------------------------------------------------------------------


class KernelTestCase(unittest.TestCase):
    """A kernel of its own per test class, and helpers that read replies."""

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name=KERNEL_NAME, startup_timeout=STARTUP_TIMEOUT)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def setUp(self):
        self.flush()

    def flush(self):
        for get in (self.kc.get_shell_msg, self.kc.get_iopub_msg, self.kc.get_control_msg):
            while True:
                try:
                    get(timeout=0.05)
                except Empty:
                    break

    def shell_reply(self, msg_id, msg_type, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.fail(f"no {msg_type} to {msg_id} within {timeout} s")
            try:
                msg = self.kc.get_shell_msg(timeout=remaining)
            except Empty:
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                self.assert_valid_reply(msg, msg_type, msg_id)
                return msg

    def control_reply(self, msg_id, msg_type, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.fail(f"no {msg_type} to {msg_id} on the control channel within {timeout} s")
            try:
                msg = self.kc.get_control_msg(timeout=remaining)
            except Empty:
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                self.assert_valid_reply(msg, msg_type, msg_id)
                return msg

    def assert_valid_reply(self, msg, msg_type, msg_id):
        # validate_message only says "ValidationError: 'status'" when the status is missing
        self.assertIn(
            "status",
            msg["content"],
            f"{msg['msg_type']} without the `status` that every reply must carry: {msg['content']!r}",
        )
        validate_message(msg, msg_type, msg_id)

    def iopub_until_idle(self, msg_id, timeout=TIMEOUT):
        """The iopub messages of one request, up to (not including) its idle status."""
        outputs = []
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                last = [(o["msg_type"], o["content"]) for o in outputs[-3:]]
                self.fail(
                    f"no idle status for {msg_id} within {timeout} s; "
                    f"got {len(outputs)} messages, the last ones: {last!r}"
                )
            try:
                msg = self.kc.get_iopub_msg(timeout=remaining)
            except Empty:
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if not msg["msg_type"].startswith("comm_"):  # jupyter_kernel_test 0.4.5 has no comm schemas
                validate_message(msg)
            if msg["msg_type"] == "status":
                if msg["content"]["execution_state"] == "idle":
                    return outputs
                continue
            if msg["msg_type"] == "execute_input":
                continue
            outputs.append(msg)

    def execute(self, code, timeout=TIMEOUT, **kwargs):
        msg_id = self.kc.execute(code, **kwargs)
        reply = self.shell_reply(msg_id, "execute_reply", timeout)
        outputs = self.iopub_until_idle(msg_id, timeout)
        return reply, outputs

    # -- assertions over outputs --------------------------------------------

    def assert_ok(self, reply, outputs):
        errors = [o for o in outputs if o["msg_type"] == "error"]
        self.assertEqual(
            reply["content"]["status"], "ok", f"reply {reply['content']!r}, outputs {outputs!r}"
        )
        self.assertEqual(errors, [], "error output in a successful cell")

    def assert_error(self, reply, outputs):
        """An error reply and exactly one `error` output; returns all error text."""
        content = reply["content"]
        self.assertEqual(content["status"], "error", f"expected an error, got {content!r}")
        errors = [o for o in outputs if o["msg_type"] == "error"]
        self.assertEqual(len(errors), 1, f"expected exactly one error message, got {outputs!r}")
        err = errors[0]["content"]
        self.assertEqual(err["ename"], content["ename"])
        self.assertEqual(err["evalue"], content["evalue"])
        text = strip_ansi("\n".join([err["ename"], err["evalue"], *err["traceback"]]))
        self.assertTrue(err["ename"].strip(), f"empty ename: {err!r}")
        return text

    def result_data(self, outputs):
        results = [o for o in outputs if o["msg_type"] == "execute_result"]
        self.assertEqual(len(results), 1, f"expected one execute_result, got {outputs!r}")
        return results[0]["content"]["data"]

    def eval_plain(self, code, timeout=TIMEOUT):
        reply, outputs = self.execute(code, timeout=timeout)
        self.assert_ok(reply, outputs)
        return self.result_data(outputs)["text/plain"]

    def stream_text(self, outputs, name="stdout"):
        return "".join(
            o["content"]["text"]
            for o in outputs
            if o["msg_type"] == "stream" and o["content"]["name"] == name
        )

    def all_text(self, outputs):
        """Everything a user would read: streams and every textual MIME type."""
        parts = []
        for o in outputs:
            c = o["content"]
            if o["msg_type"] == "stream":
                parts.append(c["text"])
            elif "data" in c:
                for mime, value in c["data"].items():
                    if isinstance(value, str) and (mime.startswith("text/")):
                        parts.append(value)
            elif o["msg_type"] == "error":
                parts.extend([c["ename"], c["evalue"], *c["traceback"]])
        return strip_ansi("\n".join(parts))


class KernelInfoTests(KernelTestCase):
    def test_kernelspec(self):
        spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
        self.assertEqual(spec.language, "java")
        self.assertTrue(spec.display_name)
        # interrupt_request on the control channel is how the kernel is stopped;
        # "signal" would send SIGINT, which ends a JVM.
        self.assertEqual(spec.interrupt_mode, "message")
        self.assertIn("{connection_file}", spec.argv)

    def test_kernel_info_reply(self):
        msg_id = self.kc.kernel_info()
        reply = self.shell_reply(msg_id, "kernel_info_reply")
        content = reply["content"]
        self.assertEqual(content["status"], "ok")
        self.assertRegex(content["protocol_version"], r"^5\.\d+")
        self.assertTrue(content["implementation"])
        info = content["language_info"]
        self.assertEqual(info["name"], "java")
        self.assertEqual(info["file_extension"], ".jshell")
        self.assertTrue(info.get("version"), f"language_info without a version: {info!r}")
        self.assertTrue(info.get("mimetype"), f"language_info without a mimetype: {info!r}")

    def test_message_dates_are_iso8601_with_seconds(self):
        # jupyter_client turns header dates into datetimes only when they carry seconds
        # (jsonutil.ISO8601_PAT); nbclient's timing metadata and frontends rely on them.
        msg_id = self.kc.execute("1+1")
        reply = self.shell_reply(msg_id, "execute_reply")
        outputs = self.iopub_until_idle(msg_id)
        for msg in [reply, *outputs]:
            date = msg["header"]["date"]
            self.assertIsInstance(
                date, datetime.datetime, f"{msg['msg_type']} header date {date!r} is not ISO 8601 with seconds"
            )
            self.assertIsNotNone(date.tzinfo)
            self.assertLess(abs((date - datetime.datetime.now(datetime.timezone.utc)).total_seconds()), 60)

    def test_comm_info_reply(self):
        msg_id = self.kc.comm_info()
        reply = self.shell_reply(msg_id, "comm_info_reply")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertIsInstance(reply["content"]["comms"], dict)

    def test_comm_info_reply_with_target(self):
        msg_id = self.kc.comm_info(target_name="jupyter.widget")
        reply = self.shell_reply(msg_id, "comm_info_reply")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(reply["content"]["comms"], {})

    def test_widget_comms_follow_the_ipywidgets_protocol(self):
        # a slider opens its layout, style and model comms (target jupyter.widget, protocol 2.1.0 in the metadata)
        reply, outputs = self.execute('var wSlider = intSlider("n", 0, 10, 3);\nwSlider')
        self.assert_ok(reply, outputs)
        opens = [o for o in outputs if o["msg_type"] == "comm_open"]
        self.assertEqual(len(opens), 3, outputs)
        for o in opens:
            self.assertEqual(o["content"]["target_name"], "jupyter.widget")
            self.assertEqual(o["metadata"].get("version"), "2.1.0")
        model = opens[-1]["content"]
        self.assertEqual(model["data"]["state"]["_model_name"], "IntSliderModel")
        self.assertEqual(model["data"]["state"]["value"], 3)
        self.assertEqual(model["data"]["state"]["layout"], "IPY_MODEL_" + opens[0]["content"]["comm_id"])
        view = self.result_data(outputs)["application/vnd.jupyter.widget-view+json"]
        self.assertEqual(view["model_id"], model["comm_id"])  # JSON, not a string of JSON
        # comm_info lists them by target
        msg_id = self.kc.comm_info(target_name="jupyter.widget")
        comms = self.shell_reply(msg_id, "comm_info_reply")["content"]["comms"]
        self.assertTrue({o["content"]["comm_id"] for o in opens} <= set(comms), comms)
        # the frontend moves the slider: the kernel's state follows
        update = self.kc.session.msg(
            "comm_msg",
            {"comm_id": model["comm_id"], "data": {"method": "update", "state": {"value": 7}, "buffer_paths": []}},
        )
        self.kc.shell_channel.send(update)
        self.iopub_until_idle(update["header"]["msg_id"])
        self.assertEqual(self.eval_plain("wSlider.getValue()"), "7")

    def test_is_complete_incomplete_has_indent(self):
        msg_id = self.kc.is_complete("for (int i = 0; i < 3; i++) {")
        reply = self.shell_reply(msg_id, "is_complete_reply")
        self.assertEqual(reply["content"]["status"], "incomplete")
        self.assertIsInstance(reply["content"].get("indent"), str)

    def test_complete_reply_cursor_range(self):
        code = "System.out.printl"
        msg_id = self.kc.complete(code)
        content = self.shell_reply(msg_id, "complete_reply")["content"]
        self.assertEqual(content["status"], "ok")
        self.assertEqual(content["cursor_end"], len(code))
        self.assertEqual(content["cursor_start"], len("System.out."))

    def test_complete_magic_cursor_range(self):
        msg_id = self.kc.complete("%mav")
        content = self.shell_reply(msg_id, "complete_reply")["content"]
        self.assertEqual(set(content["matches"]), {"%maven", "%mavenRepo"})
        self.assertEqual(content["cursor_start"], 0)
        self.assertEqual(content["cursor_end"], 4)

    def test_inspect_with_cursor_inside_a_word(self):
        code = "Math.max(1, 2)"
        msg_id = self.kc.inspect(code, cursor_pos=code.index("max") + 1)
        content = self.shell_reply(msg_id, "inspect_reply")["content"]
        self.assertEqual(content["status"], "ok")
        self.assertTrue(content["found"])
        self.assertIn("max", content["data"]["text/plain"])

    def test_inspect_unknown_name_is_not_found(self):
        msg_id = self.kc.inspect("noSuchThingAnywhere42")
        content = self.shell_reply(msg_id, "inspect_reply")["content"]
        self.assertEqual(content["status"], "ok")
        self.assertFalse(content["found"])


class LanguageLevelTests(KernelTestCase):
    """Cells get the language level of the JDK the kernel runs on (JFAIRING_EXPECTED_JAVA: its feature version)."""

    def feature(self):
        msg_id = self.kc.kernel_info()
        version = self.shell_reply(msg_id, "kernel_info_reply")["content"]["language_info"]["version"]
        feature = int(re.match(r"(\d+)", version).group(1))
        expected = os.environ.get("JFAIRING_EXPECTED_JAVA")
        if expected:
            self.assertEqual(feature, int(expected), f"language_info.version {version}")
        return feature

    def test_unnamed_lambda_parameter_final_in_java_22(self):
        code = 'java.util.stream.Stream.of(1, 2).map(_ -> "x").toList()'
        if self.feature() >= 22:
            self.assertEqual(self.eval_plain(code), "[x, x]")
        else:
            reply, outputs = self.execute(code)
            self.assertIn("'_'", self.assert_error(reply, outputs))

    def test_statements_before_super_final_in_java_25(self):
        code = textwrap.dedent(
            """\
            class Base { final int v; Base(int v) { this.v = v; } }
            class Checked extends Base {
                Checked(int v) { if (v < 0) throw new IllegalArgumentException("negative"); super(v); }
            }
            new Checked(3).v"""
        )
        if self.feature() >= 25:
            self.assertEqual(self.eval_plain(code), "3")
        else:
            reply, outputs = self.execute(code)
            self.assertIn("call to super must be first statement", self.assert_error(reply, outputs))

    def test_module_import_final_in_java_25(self):
        code = "import module java.sql;\nConnection.class.getName()"
        if self.feature() >= 25:
            self.assertEqual(self.eval_plain(code), "java.sql.Connection")
        else:
            reply, outputs = self.execute(code)
            self.assert_error(reply, outputs)


class ExecutionTests(KernelTestCase):
    def test_syntax_error_then_next_cell_runs(self):
        reply, outputs = self.execute("int x = ;")
        text = self.assert_error(reply, outputs)
        self.assertIn("illegal start of expression", text)
        self.assertEqual(self.eval_plain("1+1"), "2")

    def test_unknown_symbol_is_a_clear_compile_error(self):
        reply, outputs = self.execute("undefinedThing42 + 1")
        text = self.assert_error(reply, outputs)
        self.assertIn("cannot find symbol", text)
        self.assertIn("undefinedThing42", text)
        self.assertEqual(self.eval_plain("2+2"), "4")

    def test_exception_is_one_error_message(self):
        reply, outputs = self.execute('throw new IllegalStateException("kaputt");')
        text = self.assert_error(reply, outputs)
        self.assertIn("IllegalStateException", reply["content"]["ename"])
        self.assertIn("kaputt", reply["content"]["evalue"])
        self.assertIn("kaputt", text)

    def test_error_in_a_later_snippet_keeps_earlier_output(self):
        reply, outputs = self.execute(
            'System.out.println("first");\nint z = 1 / 0;\nSystem.out.println("never");'
        )
        self.assert_error(reply, outputs)
        self.assertIn("ArithmeticException", reply["content"]["ename"])
        stdout = self.stream_text(outputs)
        self.assertIn("first", stdout)
        self.assertNotIn("never", stdout)

    def test_multi_snippet_cell_shows_last_expression(self):
        self.assertEqual(self.eval_plain("int a = 20;\nint b = 22;\na + b"), "42")

    def test_state_survives_between_cells(self):
        reply, outputs = self.execute("int persistentCounter = 41;")
        self.assert_ok(reply, outputs)
        self.assertEqual(self.eval_plain("persistentCounter + 1"), "42")

    def test_statement_cell_has_no_result(self):
        reply, outputs = self.execute("int quiet = 5;")
        self.assert_ok(reply, outputs)
        self.assertEqual([o for o in outputs if o["msg_type"] == "execute_result"], [])

    def test_printf_as_last_expression_prints_without_a_result(self):
        reply, outputs = self.execute('System.out.printf("%d apples%n", 3)')
        self.assert_ok(reply, outputs)
        self.assertIn("3 apples", self.stream_text(outputs, "stdout"))
        self.assertEqual([o for o in outputs if o["msg_type"] == "execute_result"], [])

    def test_method_and_class_definitions(self):
        reply, outputs = self.execute(
            "record Point(int x, int y) { int sum() { return x + y; } }\n"
            "int twice(int v) { return 2 * v; }"
        )
        self.assert_ok(reply, outputs)
        self.assertEqual(self.eval_plain("twice(new Point(1, 2).sum())"), "6")

    def test_execution_count_and_silent(self):
        reply, _ = self.execute("1+1")
        count = reply["content"]["execution_count"]
        reply, outputs = self.execute("2+2", silent=True)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(
            [o for o in outputs if o["msg_type"] in ("execute_result", "execute_input")],
            [],
            "silent execution must not publish execute_input or execute_result",
        )
        reply, _ = self.execute("3+3")
        self.assertEqual(reply["content"]["execution_count"], count + 1)

    def test_execute_result_carries_execution_count(self):
        reply, outputs = self.execute("6*7")
        self.assert_ok(reply, outputs)
        results = [o for o in outputs if o["msg_type"] == "execute_result"]
        self.assertEqual(len(results), 1)
        self.assertEqual(results[0]["content"]["execution_count"], reply["content"]["execution_count"])
        self.assertEqual(results[0]["content"]["data"]["text/plain"], "42")

    def test_output_streams_before_the_reply(self):
        # print() without a newline must reach the client while the cell runs: after each tick the
        # cell waits until the client has seen it (the test then creates a file the cell waits for),
        # so output held back until the cell ends never releases the cell, which gives up with an error.
        go = tempfile.mkdtemp(prefix="jfairing-stream-")
        self.addCleanup(shutil.rmtree, go, True)
        code = textwrap.dedent(
            """\
            for (int i = 0; i < 5; i++) {
                System.out.print("tick" + i + " ");
                java.nio.file.Path go = java.nio.file.Path.of("%s", "go" + i);
                long until = System.currentTimeMillis() + 60_000;
                while (!java.nio.file.Files.exists(go)) {
                    if (System.currentTimeMillis() > until) throw new IllegalStateException("the client never saw tick" + i);
                    Thread.sleep(5);
                }
            }"""
            % go
        )
        msg_id = self.kc.execute(code)
        streams = []
        released = 0
        reply = None
        idle = False
        deadline = time.monotonic() + 120
        while (reply is None or not idle) and time.monotonic() < deadline:
            try:
                msg = self.kc.get_iopub_msg(timeout=0.02)
            except Empty:
                pass
            else:
                if msg["parent_header"].get("msg_id") == msg_id:
                    validate_message(msg)
                    if msg["msg_type"] == "stream":
                        streams.append(msg["content"]["text"])
                        while released < 5 and f"tick{released} " in "".join(streams):
                            self.assertIsNone(reply, f"the reply came before tick{released} was released")
                            open(os.path.join(go, f"go{released}"), "w").close()
                            released += 1
                    elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                        idle = True
            if reply is None:
                try:
                    msg = self.kc.get_shell_msg(timeout=0.02)
                except Empty:
                    pass
                else:
                    if msg["parent_header"].get("msg_id") == msg_id:
                        reply = msg
        self.assertIsNotNone(reply, f"no execute_reply within 120 s; streams so far {streams!r}")
        self.assertTrue(idle, "no idle status within 120 s")
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        self.assertEqual(released, 5, f"ticks seen while the cell ran: {streams!r}")
        self.assertEqual("".join(streams), "tick0 tick1 tick2 tick3 tick4 ")
        # each tick reached the client on its own while the cell waited: not one burst at the end
        self.assertGreaterEqual(len(streams), 5, f"output came in too few messages: {streams!r}")

    def test_large_output_is_complete_and_coalesced(self):
        # 20000 println calls: every line must arrive, and so must the idle status.
        # One iopub message per line overflows the PUB socket's high-water mark
        # (1000 by default), which silently drops messages, idle included.
        lines = 20000
        msg_id = self.kc.execute(f"for (int i = 0; i < {lines}; i++) System.out.println(i);")
        reply = self.shell_reply(msg_id, "execute_reply", timeout=60)
        self.assertEqual(reply["content"]["status"], "ok")
        outputs = self.iopub_until_idle(msg_id, timeout=60)
        streams = [o for o in outputs if o["msg_type"] == "stream"]
        received = self.stream_text(outputs).splitlines()
        self.assertEqual(len(received), lines, f"lines lost; last one received: {received[-1:]!r}")
        self.assertEqual(received[-1], str(lines - 1))
        self.assertLess(len(streams), 1000, "stream output is not coalesced: one message per write")

    def test_stop_on_error_aborts_queued_cells(self):
        # "Run all" sends every cell at once with stop_on_error=True; after a failing
        # cell the kernel must abort the queued ones (ipykernel replies status "aborted").
        first = self.kc.execute('Thread.sleep(500); throw new RuntimeException("stop here");')
        second = self.kc.execute('System.out.println("queued cell ran");')
        replies = {}
        deadline = time.monotonic() + TIMEOUT
        while len(replies) < 2 and time.monotonic() < deadline:
            try:
                msg = self.kc.get_shell_msg(timeout=1)
            except Empty:
                continue
            replies[msg["parent_header"].get("msg_id")] = msg
        self.assertEqual(replies[first]["content"]["status"], "error")
        self.assertIn(
            replies[second]["content"]["status"],
            ("aborted", "abort"),
            f"a cell queued behind a failed one ran: {replies[second]['content']!r}",
        )
        first_outputs = self.iopub_until_idle(first)
        self.assertEqual(len([o for o in first_outputs if o["msg_type"] == "error"]), 1)
        # an aborted request need not publish busy/idle: collect what comes for a moment
        second_outputs = []
        settle = time.monotonic() + 1.0
        while time.monotonic() < settle:
            try:
                msg = self.kc.get_iopub_msg(timeout=0.1)
            except Empty:
                continue
            if msg["parent_header"].get("msg_id") == second:
                second_outputs.append(msg)
        self.assertNotIn("queued cell ran", self.stream_text(second_outputs))
        # and the kernel accepts work again afterwards
        self.assertEqual(self.eval_plain("1+1"), "2")

    def test_stop_on_error_false_runs_queued_cells(self):
        first = self.kc.execute(
            'Thread.sleep(300); throw new RuntimeException("keep going");', stop_on_error=False
        )
        second = self.kc.execute("40 + 2")
        reply = self.shell_reply(first, "execute_reply")
        self.assertEqual(reply["content"]["status"], "error")
        reply = self.shell_reply(second, "execute_reply")
        self.assertEqual(reply["content"]["status"], "ok")
        self.iopub_until_idle(first)
        self.assertEqual(self.result_data(self.iopub_until_idle(second))["text/plain"], "42")

    def test_stdout_and_stderr_are_separate_streams(self):
        reply, outputs = self.execute('System.out.println("to-out"); System.err.println("to-err");')
        self.assert_ok(reply, outputs)
        self.assertIn("to-out", self.stream_text(outputs, "stdout"))
        self.assertNotIn("to-err", self.stream_text(outputs, "stdout"))
        self.assertIn("to-err", self.stream_text(outputs, "stderr"))

    def test_string_result_has_no_quotes(self):
        self.assertEqual(self.eval_plain('"plain " + "text"'), "plain text")

    def test_store_history_false_is_not_in_history(self):
        self.execute("int notStored = 99;", store_history=False)
        self.execute("int stored = 98;")
        msg_id = self.kc.history(hist_access_type="tail", n=5, raw=True, output=False)
        reply = self.shell_reply(msg_id, "history_reply")
        inputs = [h[2] for h in reply["content"]["history"]]
        self.assertIn("int stored = 98;", inputs)
        self.assertNotIn("int notStored = 99;", inputs)

    def test_history_search_glob_semantics(self):
        self.execute('String globProbe = "alpha";')
        self.execute('String globProbe2 = "beta";')
        def search(pattern):
            # unique=True: a kernel may keep history across sessions, as IPython does
            msg_id = self.kc.history(
                hist_access_type="search", pattern=pattern, unique=True, raw=True, output=False
            )
            return {h[2] for h in self.shell_reply(msg_id, "history_reply")["content"]["history"]}

        self.assertEqual(search('String globProbe = "alpha";'), {'String globProbe = "alpha";'})
        self.assertEqual(
            search("String globProbe*"),
            {'String globProbe = "alpha";', 'String globProbe2 = "beta";'},
        )
        self.assertEqual(search("String globProbe? = *"), {'String globProbe2 = "beta";'})
        # a glob, not a substring search: no implicit leading `*`
        self.assertEqual(search("globProbe*"), set())

class DisplayTests(KernelTestCase):

    def test_widgets_render_once_a_widget_manager_asked_for_their_comms(self):
        # this client has no widget manager: widgets are not rendered (%fairing's progress falls back to HTML)
        self.assertEqual(self.eval_plain("io.jfairing.runtime.widgets.Widgets.rendered()"), "false")
        # ipywidgets' manager asks for the jupyter.widget comms when it connects to a kernel
        msg_id = self.kc.comm_info(target_name="jupyter.widget")
        self.shell_reply(msg_id, "comm_info_reply")
        self.assertEqual(self.eval_plain("io.jfairing.runtime.widgets.Widgets.rendered()"), "true")

    def outputs_with(self, outputs, mime):
        return [o for o in outputs if mime in o["content"].get("data", {})]

    def test_display_and_update_display(self):
        reply, outputs = self.execute('String id = display("first");\nupdateDisplay(id, "second");\nid')
        self.assert_ok(reply, outputs)
        display_id = self.result_data(outputs)["text/plain"]
        shown = [o for o in outputs if o["msg_type"] == "display_data"]
        self.assertEqual(len(shown), 1, outputs)
        self.assertEqual(shown[0]["content"]["data"]["text/plain"], "first")
        self.assertEqual(shown[0]["content"].get("transient", {}).get("display_id"), display_id)
        updates = [o for o in outputs if o["msg_type"] == "update_display_data"]
        self.assertEqual(len(updates), 1, outputs)
        self.assertEqual(updates[0]["content"]["data"]["text/plain"], "second")
        self.assertEqual(updates[0]["content"]["transient"]["display_id"], display_id)

    def test_update_display_from_a_later_cell(self):
        reply, outputs = self.execute('String laterId = display("v1");')
        self.assert_ok(reply, outputs)
        first = [o for o in outputs if o["msg_type"] == "display_data"][0]
        display_id = first["content"]["transient"]["display_id"]
        reply, outputs = self.execute('updateDisplay(laterId, html("<b>v2</b>"));')
        self.assert_ok(reply, outputs)
        updates = [o for o in outputs if o["msg_type"] == "update_display_data"]
        self.assertEqual(len(updates), 1, outputs)
        self.assertEqual(updates[0]["content"]["transient"]["display_id"], display_id)
        self.assertEqual(updates[0]["content"]["data"]["text/html"], "<b>v2</b>")

    def test_clear_output_wait(self):
        reply, outputs = self.execute("clearOutput(true);")
        self.assert_ok(reply, outputs)
        clears = [o for o in outputs if o["msg_type"] == "clear_output"]
        self.assertEqual(len(clears), 1)
        self.assertIs(clears[0]["content"]["wait"], True)

    def test_html_result(self):
        reply, outputs = self.execute('html("<p>para</p>")')
        self.assert_ok(reply, outputs)
        self.assertEqual(self.result_data(outputs)["text/html"], "<p>para</p>")

    def test_markdown_and_svg_results(self):
        reply, outputs = self.execute('markdown("**strong**")')
        self.assert_ok(reply, outputs)
        self.assertEqual(self.result_data(outputs)["text/markdown"], "**strong**")
        reply, outputs = self.execute(f'svg("{SVG}")')
        self.assert_ok(reply, outputs)
        self.assertIn("<svg", self.result_data(outputs)["image/svg+xml"])

    def test_table_result(self):
        reply, outputs = self.execute(
            'table(List.of("name", "qty"), List.of(List.of("apple", 3), List.of("pear <b>", 5)))'
        )
        self.assert_ok(reply, outputs)
        data = self.result_data(outputs)
        html, plain = data["text/html"], data["text/plain"]
        for cell in ("name", "qty"):
            self.assertRegex(html, rf"<th[^>]*>\s*{cell}\s*</th>")
        for cell in ("apple", "3", "5"):
            self.assertRegex(html, rf"<td[^>]*>\s*{cell}\s*</td>")
        # cell text is escaped, not interpreted as markup
        self.assertRegex(html, r"<td[^>]*>\s*pear &lt;b&gt;\s*</td>")
        for cell in ("name", "qty", "apple", "pear", "3", "5"):
            self.assertIn(cell, plain)

    def test_buffered_image_result_is_png(self):
        reply, outputs = self.execute(
            "var bi = new java.awt.image.BufferedImage(16, 9, java.awt.image.BufferedImage.TYPE_INT_RGB);\nbi"
        )
        self.assert_ok(reply, outputs)
        data = self.result_data(outputs)
        raw = base64.b64decode(data["image/png"])
        self.assertTrue(raw.startswith(PNG_MAGIC), raw[:16])
        # IHDR: width and height as big-endian ints at bytes 16..24
        self.assertEqual(int.from_bytes(raw[16:20], "big"), 16)
        self.assertEqual(int.from_bytes(raw[20:24], "big"), 9)

    def test_page_payload(self):
        reply, outputs = self.execute('page("paged text");')
        self.assert_ok(reply, outputs)
        payloads = reply["content"]["payload"]
        self.assertEqual(len(payloads), 1)
        self.assertEqual(payloads[0]["source"], "page")
        self.assertIn("paged text", payloads[0]["data"]["text/plain"])

    def test_question_mark_inspection_pages(self):
        reply, outputs = self.execute("Math.max?")
        self.assert_ok(reply, outputs)
        payloads = reply["content"]["payload"]
        self.assertEqual(len(payloads), 1)
        self.assertEqual(payloads[0]["source"], "page")
        self.assertIn("max", payloads[0]["data"]["text/plain"])


class MagicTests(KernelTestCase):
    def test_lsmagic_lists_the_magics(self):
        reply, outputs = self.execute("%lsmagic")
        self.assert_ok(reply, outputs)
        text = self.all_text(outputs)
        for name in (
            "maven",
            "mavenRepo",
            "jars",
            "classpath",
            "load",
            "loadFromPOM",
            "time",
            "html",
            "markdown",
            "sh",
            "lsmagic",
        ):
            self.assertRegex(text, rf"%{{1,2}}{name}\b")

    def test_unknown_magic_is_an_error(self):
        reply, outputs = self.execute("%noSuchMagic42 x")
        text = self.assert_error(reply, outputs)
        self.assertIn("noSuchMagic42", text)

    def test_maven_without_arguments_shows_usage(self):
        reply, outputs = self.execute("%maven")
        text = self.assert_error(reply, outputs)
        self.assertIn("usage", text.lower())

    def test_maven_with_malformed_coordinate_shows_usage(self):
        reply, outputs = self.execute("%maven not-a-coordinate")
        text = self.assert_error(reply, outputs)
        self.assertIn("usage", text.lower())
        self.assertIn("not-a-coordinate", text)

    def test_maven_unresolvable_artifact_is_a_clear_error(self):
        reply, outputs = self.execute("%maven org.example.nonexistent:nope:1.0", timeout=MAVEN_TIMEOUT)
        text = self.assert_error(reply, outputs)
        self.assertIn("org.example.nonexistent:nope", text)
        self.assertEqual(self.eval_plain("1+1"), "2")

    def test_maven_resolves_and_classes_are_usable(self):
        reply, outputs = self.execute(
            "%maven org.apache.commons:commons-math3:3.6.1", timeout=MAVEN_TIMEOUT
        )
        self.assert_ok(reply, outputs)
        self.assertEqual(
            self.eval_plain("org.apache.commons.math3.util.ArithmeticUtils.gcd(12, 18)"), "6"
        )

    def test_load_from_pom_dependency_snippet(self):
        code = textwrap.dedent(
            """\
            %%loadFromPOM
            <dependency>
              <groupId>org.apache.commons</groupId>
              <artifactId>commons-text</artifactId>
              <version>1.12.0</version>
            </dependency>"""
        )
        reply, outputs = self.execute(code, timeout=MAVEN_TIMEOUT)
        self.assert_ok(reply, outputs)
        self.assertEqual(
            self.eval_plain('org.apache.commons.text.WordUtils.capitalize("hello world")'),
            "Hello World",
        )
        # commons-lang3 arrives as a transitive dependency
        self.assertEqual(self.eval_plain('org.apache.commons.lang3.StringUtils.reverse("abc")'), "cba")

    def test_jars_and_classpath(self):
        javac = shutil.which("javac") or os.path.join(os.environ.get("JAVA_HOME", ""), "bin", "javac")
        jar = shutil.which("jar") or os.path.join(os.environ.get("JAVA_HOME", ""), "bin", "jar")
        with tempfile.TemporaryDirectory() as tmp:
            for pkg, cls in (("jarsdemo", "Hello"), ("cpdemo", "Other")):
                src = os.path.join(tmp, "src", pkg)
                os.makedirs(src)
                with open(os.path.join(src, cls + ".java"), "w") as f:
                    f.write(
                        f"package {pkg};\npublic class {cls} {{\n"
                        f'  public static String greet() {{ return "{cls} from {pkg}"; }}\n}}\n'
                    )
                classes = os.path.join(tmp, "classes-" + pkg)
                subprocess.run(
                    [javac, "-d", classes, os.path.join(src, cls + ".java")], check=True
                )
            os.makedirs(os.path.join(tmp, "libs"))
            subprocess.run(
                [jar, "cf", os.path.join(tmp, "libs", "hello.jar"), "-C", os.path.join(tmp, "classes-jarsdemo"), "."],
                check=True,
            )
            reply, outputs = self.execute(f"%jars {tmp}/libs/*.jar")
            self.assert_ok(reply, outputs)
            self.assertEqual(self.eval_plain("jarsdemo.Hello.greet()"), "Hello from jarsdemo")
            reply, outputs = self.execute(f"%classpath {tmp}/classes-cpdemo")
            self.assert_ok(reply, outputs)
            self.assertEqual(self.eval_plain("cpdemo.Other.greet()"), "Other from cpdemo")

    def test_load_jshell_file(self):
        with tempfile.NamedTemporaryFile("w", suffix=".jsh", delete=False) as f:
            f.write("int loadedValue = 41;\nint loadedPlusOne() { return loadedValue + 1; }\n")
        try:
            reply, outputs = self.execute(f"%load {f.name}")
            self.assert_ok(reply, outputs)
            self.assertEqual(self.eval_plain("loadedPlusOne()"), "42")
        finally:
            os.unlink(f.name)

    def test_load_missing_file_is_an_error(self):
        reply, outputs = self.execute("%load /nonexistent/dir/nothing-here.jsh")
        text = self.assert_error(reply, outputs)
        self.assertIn("nothing-here.jsh", text)

    def test_cell_magic_html(self):
        reply, outputs = self.execute("%%html\n<b>from a cell magic</b>")
        self.assert_ok(reply, outputs)
        html = [o["content"]["data"]["text/html"] for o in outputs if "text/html" in o["content"].get("data", {})]
        self.assertEqual(len(html), 1, outputs)
        self.assertIn("<b>from a cell magic</b>", html[0])

    def test_cell_magic_markdown(self):
        reply, outputs = self.execute("%%markdown\n## Heading\n\n*emphasis*")
        self.assert_ok(reply, outputs)
        md = [o["content"]["data"]["text/markdown"] for o in outputs if "text/markdown" in o["content"].get("data", {})]
        self.assertEqual(len(md), 1, outputs)
        self.assertIn("## Heading", md[0])

    def test_time_line_and_cell_magic(self):
        reply, outputs = self.execute("%time Thread.sleep(100)")
        self.assert_ok(reply, outputs)
        self.assertRegex(self.all_text(outputs).lower(), r"time.*\d")
        reply, outputs = self.execute("%%time\nThread.sleep(50);\n40 + 2")
        self.assert_ok(reply, outputs)
        self.assertRegex(self.all_text(outputs).lower(), r"time.*\d")
        self.assertEqual(self.result_data(outputs)["text/plain"], "42")

    def test_sh_magic_streams_stdout(self):
        reply, outputs = self.execute("%sh echo hello-from-sh")
        self.assert_ok(reply, outputs)
        self.assertIn("hello-from-sh", self.stream_text(outputs))

    def test_sh_magic_failure_is_reported(self):
        reply, outputs = self.execute("%sh exit 3")
        self.assertEqual(reply["content"]["status"], "error", outputs)
        self.assertIn("3", self.all_text(outputs))


class InterruptTests(KernelTestCase):
    def run_and_interrupt(self, code, interrupt):
        msg_id = self.kc.execute(code)
        # let the loop get going
        busy = None
        deadline = time.monotonic() + TIMEOUT
        while busy is None and time.monotonic() < deadline:
            try:
                msg = self.kc.get_iopub_msg(timeout=1)
            except Empty:
                continue
            if (
                msg["parent_header"].get("msg_id") == msg_id
                and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "busy"
            ):
                busy = msg
        self.assertIsNotNone(busy, "no busy status")
        time.sleep(1.5)
        interrupt()
        reply = self.shell_reply(msg_id, "execute_reply", timeout=TIMEOUT)
        outputs = self.iopub_until_idle(msg_id)
        return reply, outputs

    def test_interrupt_busy_loop_with_kernel_manager(self):
        reply, outputs = self.run_and_interrupt("while (true) {}", self.km.interrupt_kernel)
        text = self.assert_error(reply, outputs)
        self.assertIn("interrupt", text.lower())
        self.assertEqual(self.eval_plain("1+1"), "2")

    def test_interrupt_sleep_with_control_message(self):
        replies = []

        def interrupt():
            msg = self.kc.session.msg("interrupt_request", {})
            self.kc.control_channel.send(msg)
            replies.append(self.control_reply(msg["header"]["msg_id"], "interrupt_reply"))

        reply, outputs = self.run_and_interrupt("Thread.sleep(600_000);", interrupt)
        self.assertEqual(replies[0]["content"]["status"], "ok")
        self.assert_error(reply, outputs)
        self.assertEqual(self.eval_plain("2+3"), "5")

    def test_state_survives_an_interrupt(self):
        reply, outputs = self.execute("int beforeInterrupt = 7;")
        self.assert_ok(reply, outputs)
        reply, outputs = self.run_and_interrupt(
            "long spins = 0; while (true) { spins++; }", self.km.interrupt_kernel
        )
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(self.eval_plain("beforeInterrupt * 6"), "42")

    def test_interrupt_while_idle_does_not_break_the_next_cell(self):
        self.km.interrupt_kernel()
        time.sleep(0.5)
        self.assertEqual(self.eval_plain("1+1"), "2")
        self.assertEqual(self.eval_plain("2+2"), "4")


class HandlerFailureTests(KernelTestCase):
    """A kernel of its own: the widget this test opens stays open."""

    def test_an_error_thrown_while_handling_a_message_does_not_stop_the_kernel(self):
        # a widget listener that throws an Error (not an Exception) runs on the kernel's shell thread, which
        # must keep serving: the next request is answered
        reply, outputs = self.execute(
            'var wBroken = intSlider("n", 0, 10, 3);\n'
            'wBroken.onChange(v -> { throw new AssertionError("listener broke"); });\n'
            "wBroken"
        )
        self.assert_ok(reply, outputs)
        model = [o for o in outputs if o["msg_type"] == "comm_open"][-1]["content"]
        update = self.kc.session.msg(
            "comm_msg",
            {"comm_id": model["comm_id"], "data": {"method": "update", "state": {"value": 5}, "buffer_paths": []}},
        )
        self.kc.shell_channel.send(update)
        self.iopub_until_idle(update["header"]["msg_id"])
        self.assertEqual(self.eval_plain("40 + 2"), "42")
        msg_id = self.kc.kernel_info()
        self.assertEqual(self.shell_reply(msg_id, "kernel_info_reply")["content"]["status"], "ok")


class EarlyInterruptTests(KernelTestCase):
    """An interrupt sent as the kernel starts, before its start-up (JShell) has finished."""

    @classmethod
    def setUpClass(cls):
        cls.km = KernelManager(kernel_name=KERNEL_NAME)
        cls.km.start_kernel()
        cls.kc = cls.km.client()
        cls.kc.start_channels()
        # sent at once, not after kernel_info: ZeroMQ delivers it as soon as the kernel binds its control socket,
        # while JShell is still starting
        cls.early_interrupt = cls.kc.session.msg("interrupt_request", {})
        cls.kc.control_channel.send(cls.early_interrupt)

    def setUp(self):
        pass  # the interrupt_reply is read by the test

    def test_an_interrupt_before_start_up_finished_stops_the_first_cell(self):
        reply = self.control_reply(self.early_interrupt["header"]["msg_id"], "interrupt_reply", timeout=STARTUP_TIMEOUT)
        self.assertEqual(reply["content"]["status"], "ok")
        # without the remembered interrupt this busy loop would never end
        reply, outputs = self.execute("while (true) {}", timeout=STARTUP_TIMEOUT)
        text = self.assert_error(reply, outputs)
        self.assertIn("interrupt", text.lower())
        self.assertEqual(self.eval_plain("1+1"), "2")


class RestartTests(KernelTestCase):
    def new_client(self):
        self.kc.stop_channels()
        kc = self.km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=STARTUP_TIMEOUT)
        type(self).kc = kc
        self.kc = kc
        self.flush()

    def test_shutdown_request_with_restart(self):
        reply, outputs = self.execute("int beforeRestart = 42;")
        self.assert_ok(reply, outputs)
        msg_id = self.kc.shutdown(restart=True)
        reply = self.control_reply(msg_id, "shutdown_reply")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertIs(reply["content"]["restart"], True)
        deadline = time.monotonic() + 10
        while self.km.is_alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        self.assertFalse(self.km.is_alive(), "kernel still alive 10 s after shutdown_request")
        self.km.restart_kernel(now=True)
        self.new_client()
        self.assertEqual(self.eval_plain("1+1"), "2")
        reply, outputs = self.execute("beforeRestart")
        text = self.assert_error(reply, outputs)
        self.assertIn("cannot find symbol", text)

    def test_kernel_manager_restart_is_graceful(self):
        reply, outputs = self.execute("int beforeGracefulRestart = 1;")
        self.assert_ok(reply, outputs)
        process = self.km.provisioner.process
        # jupyter_client sends shutdown_request, then SIGTERM after half of shutdown_wait_time and
        # SIGKILL after the other half: give the kernel long enough that only one ignoring the
        # request is ended by a signal, then check how its process ended.
        wait_time = self.km.shutdown_wait_time
        self.km.shutdown_wait_time = 120
        try:
            self.km.restart_kernel(now=False)
        finally:
            self.km.shutdown_wait_time = wait_time
        self.new_client()
        self.assertEqual(
            process.returncode,
            0,
            "the kernel did not exit by itself on shutdown_request: its process ended with "
            f"status {process.returncode} (negative: killed by that signal; 143: SIGTERM)",
        )
        self.assertEqual(self.eval_plain("40+2"), "42")
        reply, outputs = self.execute("beforeGracefulRestart")
        self.assert_error(reply, outputs)


if __name__ == "__main__":
    unittest.main(verbosity=2)
