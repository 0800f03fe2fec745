#!/usr/bin/python3
"""Latency benchmark for Jupyter kernels: cold start and warm round trip.

Not a test: it measures and prints a Markdown table, it asserts nothing.

    JUPYTER_PATH=PREFIX/share/jupyter /usr/bin/python3 kernel/bench/kernel_bench.py java python3

(a) cold start: start the kernel process -> wait_for_ready -> execute `1+1` ->
    execute_reply; wall time from just before the process is launched to the
    reply (wait_for_ready time reported too).  Runs alternate between the
    kernels given, so that machine noise hits all of them alike.
(b) warm round trip: after --warmup executions of the cell, --runs more,
    each timed from sending execute_request to receiving its execute_reply
    (and, separately, to the iopub idle status that ends the request).
    The kernel's CPU seconds (user + system, its child processes' added) to
    the first reply of a cold start, and per warm cell (over the --runs
    cells), are reported too: on a loaded machine they move much less than
    wall time.
(c) peak RSS: after the warm runs, a small session (SESSION_CELLS: a list,
    a stream, a record, a map, string formatting), then the kernel process's
    peak resident set (VmHWM, its child processes' added).

Use the Debian Python (/usr/bin/python3): it has jupyter_client.
"""

import argparse
import json
import os
import statistics
import sys
import time
from queue import Empty

import zmq
from jupyter_client.manager import KernelManager

os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")


def wait_reply(kc, msg_id, timeout):
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_shell_msg(timeout=max(0.001, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg


def wait_idle(kc, msg_id, timeout):
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_iopub_msg(timeout=max(0.001, deadline - time.monotonic()))
        if (
            msg["parent_header"].get("msg_id") == msg_id
            and msg["msg_type"] == "status"
            and msg["content"]["execution_state"] == "idle"
        ):
            return msg


def drain(kc):
    for get in (kc.get_iopub_msg, kc.get_shell_msg):
        while True:
            try:
                get(timeout=0.05)
            except Empty:
                break


def cold_start(kernel_name, code, timeout):
    """Seconds from launch to ready and to the first execute_reply, and the kernel's CPU seconds until then."""
    km = KernelManager(kernel_name=kernel_name)
    kc = None
    try:
        t0 = time.perf_counter()
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=timeout)
        t_ready = time.perf_counter()
        msg_id = kc.execute(code)
        reply = wait_reply(kc, msg_id, timeout)
        t_reply = time.perf_counter()
        cpu = cpu_seconds(km.provisioner.pid)
        status = reply["content"]["status"]
        if status != "ok":
            print(f"warning: {kernel_name}: first execute returned {status}", file=sys.stderr)
        return t_ready - t0, t_reply - t0, cpu
    finally:
        if kc is not None:
            kc.stop_channels()
        km.shutdown_kernel(now=True)


class RawClient:
    """Plain synchronous zmq sockets: the blocking KernelClient of jupyter_client 7
    costs about 1 ms per get_msg call, which would swamp a fast kernel's figures."""

    def __init__(self, km):
        self.session = km.session
        self.shell = km.connect_shell()
        self.iopub = km.connect_iopub()
        self.poller = zmq.Poller()

    def close(self):
        self.shell.close(linger=0)
        self.iopub.close(linger=0)

    def send(self, msg_type, content):
        return self.session.send(self.shell, msg_type, content)["header"]["msg_id"]

    def recv(self, socket, timeout):
        if not socket.poll(timeout * 1000):
            raise TimeoutError(f"no message within {timeout} s")
        _, msg = self.session.recv(socket, mode=0)
        return msg

    def wait_reply(self, msg_id, timeout):
        deadline = time.monotonic() + timeout
        while True:
            msg = self.recv(self.shell, max(0.001, deadline - time.monotonic()))
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg

    def wait_idle(self, msg_id, timeout):
        deadline = time.monotonic() + timeout
        while True:
            msg = self.recv(self.iopub, max(0.001, deadline - time.monotonic()))
            if (
                msg["parent_header"].get("msg_id") == msg_id
                and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"
            ):
                return msg

    def wait_subscribed(self, timeout):
        """Ping with kernel_info until its idle status comes back on iopub (slow joiner)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            msg_id = self.send("kernel_info_request", {})
            self.wait_reply(msg_id, timeout)
            try:
                self.wait_idle(msg_id, 0.5)
                return
            except TimeoutError:
                continue
        raise TimeoutError("iopub subscription not confirmed")

    def execute(self, code):
        return self.send(
            "execute_request",
            {
                "code": code,
                "silent": False,
                "store_history": True,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": True,
            },
        )


SESSION_CELLS = [
    "var list = new ArrayList<Integer>(); for (int i = 0; i < 1000; i++) list.add(i * i);",
    "list.stream().filter(i -> i % 3 == 0).mapToLong(i -> i).sum()",
    "record Point(double x, double y) { double norm() { return Math.hypot(x, y); } }",
    "var points = java.util.stream.IntStream.range(0, 100).mapToObj(i -> new Point(i, 100 - i)).toList(); points.get(10).norm()",
    "Map<String, Integer> counts = new TreeMap<>(); for (String w : \"a b a c b a\".split(\" \")) counts.merge(w, 1, Integer::sum); counts",
    "String.format(\"%.3f and %s\", Math.PI, counts)",
]


def descendants_and_self(pid):
    found, pending = [], [pid]
    while pending:
        p = pending.pop()
        found.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    pending.extend(int(c) for c in f.read().split())
        except FileNotFoundError:
            continue
    return found


def cpu_seconds(pid):
    """User + system CPU seconds of the process and its descendants: less disturbed by other load than wall time."""
    total = 0
    for p in descendants_and_self(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except FileNotFoundError:
            continue
    return total / os.sysconf("SC_CLK_TCK")


def peak_rss_mib(pid):
    """VmHWM of the process and its descendants, in MiB."""
    total = 0
    for p in descendants_and_self(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total / 1024


def warm_round_trips(kernel_name, code, warmup, runs, timeout):
    """Lists of seconds (request -> execute_reply, request -> idle) and the peak RSS after a small session."""
    km = KernelManager(kernel_name=kernel_name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    client = None
    try:
        kc.wait_for_ready(timeout=timeout)
        kc.stop_channels()
        client = RawClient(km)
        client.wait_subscribed(timeout)
        to_reply, to_idle = [], []
        cpu_start = None
        for i in range(warmup + runs):
            if i == warmup:
                cpu_start = cpu_seconds(km.provisioner.pid)
            t0 = time.perf_counter()
            msg_id = client.execute(code)
            client.wait_reply(msg_id, timeout)
            t_reply = time.perf_counter()
            client.wait_idle(msg_id, timeout)
            t_idle = time.perf_counter()
            if i >= warmup:
                to_reply.append(t_reply - t0)
                to_idle.append(t_idle - t0)
        cpu_per_cell = (cpu_seconds(km.provisioner.pid) - cpu_start) / runs
        for cell in SESSION_CELLS:
            msg_id = client.execute(cell)
            reply = client.wait_reply(msg_id, timeout)
            if reply["content"]["status"] != "ok":
                print(f"warning: {kernel_name}: session cell failed: {cell}", file=sys.stderr)
            client.wait_idle(msg_id, timeout)
        return to_reply, to_idle, peak_rss_mib(km.provisioner.pid), cpu_per_cell
    finally:
        if client is not None:
            client.close()
        km.shutdown_kernel(now=True)


def percentile(values, p):
    """Nearest-rank percentile."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100 * len(s) + 0.5)) - 1))
    return s[k]


def ms(seconds):
    return f"{seconds * 1000:.1f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kernels", nargs="+", help="kernelspec names, e.g. java python3")
    parser.add_argument("--code", default="1+1", help="the trivial cell (default: 1+1)")
    parser.add_argument("--cold-runs", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--json", metavar="FILE", help="also write the raw figures as JSON")
    parser.add_argument("--reference", metavar="KERNEL", help="a kernel given above: cold medians relative to its")
    parser.add_argument(
        "--without",
        metavar="KERNEL=BARE",
        action="append",
        default=[],
        help="KERNEL's cold median minus BARE's (the same kernel without its extensions), both given above",
    )
    args = parser.parse_args()

    cold = {k: [] for k in args.kernels}
    for run in range(args.cold_runs):
        for k in args.kernels:
            ready, reply, cpu = cold_start(k, args.code, args.timeout)
            cold[k].append((ready, reply, cpu))
            print(
                f"cold {k} #{run + 1}: ready {ms(ready)} ms, first reply {ms(reply)} ms, CPU {ms(cpu)} ms",
                file=sys.stderr,
            )

    warm = {}
    for k in args.kernels:
        warm[k] = warm_round_trips(k, args.code, args.warmup, args.runs, args.timeout)
        print(f"warm {k}: done", file=sys.stderr)

    print()
    print(
        f"Cold start: {args.cold_runs} runs each (alternating), launch -> first `{args.code}` execute_reply. "
        f"Warm: {args.runs} executions of `{args.code}` after {args.warmup} warm-up ones."
    )
    print()
    reference = statistics.median([r for _, r, _ in cold[args.reference]]) if args.reference else None
    print(
        "| kernel | cold: launch -> ready (median) | cold: launch -> first reply (median / min / max) "
        + (f"| cold / {args.reference} " if reference else "")
        + "| cold: kernel CPU to first reply (median) "
        + "| warm -> reply (median / p90 / p99) | warm -> idle (median / p90 / p99) | warm: kernel CPU per cell "
        + "| peak RSS |"
    )
    print("|---|---|---|---|---|---|---|---|" + ("---|" if reference else ""))
    for k in args.kernels:
        readies = [r for r, _, _ in cold[k]]
        replies = [r for _, r, _ in cold[k]]
        cpus = [c for _, _, c in cold[k]]
        to_reply, to_idle, rss, cpu_per_cell = warm[k]
        print(
            f"| {k} | {statistics.median(readies):.2f} s "
            f"| {statistics.median(replies):.2f} s / {min(replies):.2f} s / {max(replies):.2f} s "
            + (f"| {statistics.median(replies) / reference:.2f} " if reference else "")
            + f"| {statistics.median(cpus):.2f} s "
            + f"| {ms(statistics.median(to_reply))} / {ms(percentile(to_reply, 90))} / {ms(percentile(to_reply, 99))} ms "
            f"| {ms(statistics.median(to_idle))} / {ms(percentile(to_idle, 90))} / {ms(percentile(to_idle, 99))} ms "
            f"| {ms(cpu_per_cell)} ms "
            f"| {rss:.0f} MiB |"
        )
    for pair in args.without:
        with_, bare = pair.split("=", 1)
        extra = statistics.median([r for _, r, _ in cold[with_]]) - statistics.median([r for _, r, _ in cold[bare]])
        extra_cpu = statistics.median([c for _, _, c in cold[with_]]) - statistics.median([c for _, _, c in cold[bare]])
        print(
            f"\nExtensions' share of {with_}'s cold start (its median minus {bare}'s): {extra * 1000:.0f} ms wall,"
            f" {extra_cpu * 1000:.0f} ms kernel CPU"
        )

    if args.json:
        with open(args.json, "w") as f:
            json.dump(
                {
                    k: {
                        "cold_ready_s": [r for r, _, _ in cold[k]],
                        "cold_first_reply_s": [r for _, r, _ in cold[k]],
                        "cold_cpu_s": [c for _, _, c in cold[k]],
                        "warm_reply_s": warm[k][0],
                        "warm_idle_s": warm[k][1],
                        "peak_rss_mib": warm[k][2],
                        "warm_cpu_per_cell_s": warm[k][3],
                    }
                    for k in args.kernels
                },
                f,
                indent=1,
            )


if __name__ == "__main__":
    main()
