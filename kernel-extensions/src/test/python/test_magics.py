"""The %fairing and %metadata magics through a real Jupyter client: argument errors, and interrupting a build or a
wait (the work stops or is left running as said, and the kernel goes on). Run by MagicsIT."""
import os
import sys
import time
import unittest
from queue import Empty

from jupyter_client.manager import start_new_kernel

KERNEL = os.environ["JFAIRING_KERNEL_NAME"]
PROJECT = os.environ["JFAIRING_PROJECT"]


def text_of(messages):
    parts = []
    for m in messages:
        c = m["content"]
        if m["msg_type"] == "stream":
            parts.append(c["text"])
        elif m["msg_type"] in ("execute_result", "display_data", "update_display_data"):
            parts.append(c["data"].get("text/plain", ""))
        elif m["msg_type"] == "error":
            parts.append(c["ename"] + ": " + c["evalue"] + "\n" + "\n".join(c["traceback"]))
    return "\n".join(parts)


class MagicsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name=KERNEL, cwd=PROJECT, startup_timeout=120)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def run_cell(self, code, interrupt_when=None, timeout=240, after_interrupt=120):
        """Runs a cell; with interrupt_when, interrupts the kernel once that text is shown. Returns the reply's
        content, the cell's iopub messages and the seconds from the interrupt to the idle status. A cell that does
        not end within timeout, or within after_interrupt of its interrupt, fails the test (a hang guard)."""
        msg_id = self.kc.execute(code)
        messages = []
        interrupted_at = None
        deadline = time.time() + timeout
        while True:
            limit = deadline if interrupted_at is None else min(deadline, interrupted_at + after_interrupt)
            if time.time() >= limit:
                self.fail("the cell did not end %s:\n%s" % (
                    "within %d s" % timeout if interrupted_at is None else "within %d s of its interrupt" % after_interrupt,
                    text_of(messages)))
            try:
                msg = self.kc.get_iopub_msg(timeout=max(0.1, limit - time.time()))
            except Empty:
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            messages.append(msg)
            if interrupt_when and interrupted_at is None and interrupt_when in text_of(messages):
                self.km.interrupt_kernel()
                interrupted_at = time.time()
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                ended_at = time.time()
                break
        reply = self.kc.get_shell_msg(timeout=30)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=30)
        if interrupt_when:
            self.assertIsNotNone(interrupted_at, "never saw %r in:\n%s" % (interrupt_when, text_of(messages)))
            # for the record (docs/benchmarks.md), not asserted: how long the cell took to end after the interrupt
            print("\n%s: interrupt -> idle %.2f s" % (self.id(), ended_at - interrupted_at), file=sys.stderr)
        return reply["content"], messages, (ended_at - interrupted_at if interrupted_at else None)

    def error(self, messages):
        errors = [m["content"] for m in messages if m["msg_type"] == "error"]
        self.assertEqual(len(errors), 1, text_of(messages))
        return errors[0]

    def test_a_bad_argument_names_it_shows_usage_and_no_stack_trace(self):
        cases = {
            "%fairing train --kind nope": "unknown job kind 'nope'",
            "%fairing train --replicas -1": "replicas must be 0 or more",
            "%fairing train --cpu lots": "invalid resource quantity",
            "%fairing config backend=mainframe": "'mainframe' is not one of local, podman, kubernetes",
            "%fairing tune --maximize acc": "no parameter to search",
            "%fairing confg": "did you mean config",
            "%metadata compare 1": "comparing needs two runs or more",
        }
        for code, expected in cases.items():
            with self.subTest(code=code):
                reply, messages, _ = self.run_cell(code)
                self.assertEqual(reply["status"], "error")
                error = self.error(messages)
                self.assertEqual(error["ename"], "MagicUsageException")
                self.assertIn(expected, error["evalue"])
                self.assertIn("Usage:", "\n".join(error["traceback"]))
                self.assertNotIn("\tat ", "\n".join(error["traceback"]), "no Java stack trace for a user error")
        reply, _, _ = self.run_cell("1 + 1")
        self.assertEqual(reply["status"], "ok")

    def test_interrupting_a_wait_leaves_the_job_running_and_says_how_to_remove_it(self):
        reply, messages, _ = self.run_cell(
            "%%fairing train --backend local --name sleeper\n"
            "System.out.println(\"started\");\nThread.sleep(300_000);", interrupt_when="[worker-0] started")
        self.assertEqual(reply["status"], "error")
        error = self.error(messages)
        self.assertEqual(error["ename"], "Interrupted")
        self.assertIn("sleeper is still running on local", error["evalue"])
        self.assertIn("%fairing delete sleeper", error["evalue"])
        # the cell ended (within run_cell's hang guard) while the job's 300 s sleep goes on: the wait was stopped

        reply, messages, _ = self.run_cell("%fairing status sleeper --backend local")
        self.assertEqual(reply["status"], "ok", text_of(messages))
        self.assertIn("RUNNING", text_of(messages))
        reply, messages, _ = self.run_cell("%fairing delete sleeper --backend local")
        self.assertEqual(reply["status"], "ok", text_of(messages))
        reply, messages, _ = self.run_cell("%fairing status sleeper --backend local")
        self.assertEqual(reply["status"], "error")
        self.assertIn("no local job named sleeper", text_of(messages))

    def test_interrupting_a_build_stops_it_and_the_kernel_goes_on(self):
        self.run_cell("int answer = 42;")
        # the first build in a fresh JFAIRING_HOME makes the base image with jlink: interrupt it there
        reply, messages, _ = self.run_cell("%fairing build --image interrupted", interrupt_when="jlink")
        self.assertEqual(reply["status"], "error")
        error = self.error(messages)
        self.assertEqual(error["ename"], "Interrupted")
        self.assertIn("nothing was tagged", error["evalue"])
        reply, messages, _ = self.run_cell("answer + 1")
        self.assertEqual(reply["status"], "ok")
        self.assertIn("43", text_of(messages))


if __name__ == "__main__":
    unittest.main()
