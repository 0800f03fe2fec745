"""Starts the kernel named by JFAIRING_KERNEL_NAME with a real Jupyter client, runs a %fairing build (the project
configures no registry, so the build starts jfairing's local one in JFAIRING_HOME), shuts the kernel down the way
Jupyter does (a shutdown_request, not a kill) and prints what it saw as one JSON line for MagicsIT."""
import json
import os
import sys

from jupyter_client.manager import KernelManager

home = os.environ["JFAIRING_HOME"]
km = KernelManager(kernel_name=os.environ["JFAIRING_KERNEL_NAME"])
km.start_kernel(cwd=os.environ["JFAIRING_PROJECT"])
kc = km.client()
kc.start_channels()
kc.wait_for_ready(timeout=120)
errors = []
for code in ["int x = 1;", "%fairing build --image on-shutdown"]:
    reply = kc.execute_interactive(code, timeout=300, output_hook=lambda msg: None)
    if reply["content"]["status"] != "ok":
        errors.append(reply["content"].get("evalue", ""))
with open(os.path.join(home, "registry", "pid")) as f:
    pid = int(f.read().strip())
with open(os.path.join(home, "registry", "address")) as f:
    address = f.read().strip()
kc.stop_channels()
del kc
km.shutdown_kernel(now=False)
json.dump({"pid": pid, "address": address, "errors": errors, "kernelAlive": km.is_alive()}, sys.stdout)
print()
