"""%fairing and %metadata in a stock IJava kernel, loaded with the two cells the README gives. Run by MagicsInIJavaIT."""
import os
import unittest

from jupyter_client.manager import start_new_kernel

from test_magics import text_of

KERNEL = os.environ["JFAIRING_KERNEL_NAME"]
PROJECT = os.environ["JFAIRING_PROJECT"]
KERNEL_JAR = os.environ["JFAIRING_KERNEL_JAR"]
EXTENSION = os.environ["JFAIRING_EXTENSION_DIR"]


class IJavaTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name=KERNEL, cwd=PROJECT, startup_timeout=120)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def run_cell(self, code):
        messages = []
        reply = self.kc.execute_interactive(code, timeout=240, output_hook=messages.append)
        return reply["content"], messages

    def test_the_magics_load_into_ijava_and_train_its_cells(self):
        reply, messages = self.run_cell("%%jars %s %s/*.jar" % (KERNEL_JAR, EXTENSION))
        self.assertEqual(reply["status"], "ok", text_of(messages))
        reply, messages = self.run_cell("io.jfairing.extensions.IJavaMagics.load()")
        self.assertEqual(reply["status"], "ok", text_of(messages))
        self.assertIn("%fairing and %metadata are loaded", text_of(messages))

        reply, messages = self.run_cell("%fairing config experiment=ijava")
        self.assertEqual(reply["status"], "ok", text_of(messages))
        self.assertIn("ijava", text_of(messages))

        reply, messages = self.run_cell("%fairing train --kind nope")
        self.assertEqual(reply["status"], "error")
        self.assertIn("unknown job kind 'nope'", text_of(messages))
        self.assertNotIn("at io.jfairing", text_of(messages), "no jfairing stack trace for a user error")

        self.run_cell("int n = 4;")
        reply, messages = self.run_cell('System.out.println("sum " + (n * (n + 1) / 2));')
        self.assertIn("sum 10", text_of(messages))
        reply, messages = self.run_cell("%fairing train --backend local --name in-ijava")
        self.assertEqual(reply["status"], "ok", text_of(messages))
        self.assertIn("[worker-0] sum 10", text_of(messages), "the job replays IJava's cells, not its magics")
        self.assertIn("SUCCEEDED", text_of(messages))

        reply, messages = self.run_cell("%metadata runs --experiment ijava")
        self.assertEqual(reply["status"], "ok", text_of(messages))
        self.assertIn("in-ijava", text_of(messages))
        reply, messages = self.run_cell("%fairing delete in-ijava --backend local")
        self.assertEqual(reply["status"], "ok", text_of(messages))


if __name__ == "__main__":
    unittest.main()
