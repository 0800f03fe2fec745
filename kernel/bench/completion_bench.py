"""Round-trip time of complete_request and inspect_request, with and without the cell's own declarations.

Completion and inspection analyse the whole cell up to the cursor (CodeAnalyzer, CellContext): the earlier
snippets of the cell are classified and handed to JShell's analysis with the cursor's. This measures what that
costs per Tab press. Run from the repository root after `mvn -pl kernel -am package -DskipTests` and installing
the kernel (`java -jar kernel/target/jfairing-kernel.jar install --prefix P --name NAME`):

    JUPYTER_PATH=P/share/jupyter /usr/bin/python3 kernel/bench/completion_bench.py NAME [ROUNDS]
"""

import statistics
import sys
import time

from jupyter_client.manager import start_new_kernel

CASES = {
    "complete, one snippet (`var n = Math.ab`)": ("complete", "var n = Math.ab"),
    "complete, 3 earlier declarations (`var s = gre`)": (
        "complete",
        "record Point(int x, int y) {}\n"
        'String greet(String who) {\n    return "Hello, " + who;\n}\n'
        "int count = 3;\n"
        "var s = gre",
    ),
    "complete, record member two lines up (`p.`)": (
        "complete",
        "record Point(int x, int y) {}\nPoint p = new Point(3, 4);\np.",
    ),
    "inspect, one snippet (`Math.max`)": ("inspect", "Math.max"),
    "inspect, method declared above (`greet`)": (
        "inspect",
        'String greet(String who) { return "Hello, " + who; }\nvar s = greet',
    ),
}


def main():
    name = sys.argv[1] if len(sys.argv) > 1 else "java"
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    km, kc = start_new_kernel(kernel_name=name, startup_timeout=60)
    try:
        kc.execute_interactive("1+1", timeout=60, output_hook=lambda msg: None)
        times = {label: [] for label in CASES}
        for i in range(rounds + 5):  # the cases alternate, so that the machine's load weighs on each alike
            for label, (kind, code) in CASES.items():
                start = time.perf_counter()
                msg_id = kc.complete(code, len(code)) if kind == "complete" else kc.inspect(code, len(code))
                while True:
                    reply = kc.get_shell_msg(timeout=30)
                    if reply["parent_header"].get("msg_id") == msg_id:
                        break
                if i >= 5:
                    times[label].append((time.perf_counter() - start) * 1000)
        print(f"| request | median ms | p90 ms |  ({rounds} alternating rounds after 5 warm-up)")
        print("|---|---:|---:|")
        for label, values in times.items():
            values.sort()
            p90 = values[int(len(values) * 0.9) - 1]
            print(f"| {label} | {statistics.median(values):.1f} | {p90:.1f} |", flush=True)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
