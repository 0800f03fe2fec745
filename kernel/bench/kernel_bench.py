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
    """Seconds from launch to ready and from launch to the first execute_reply."""
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
        status = reply["content"]["status"]
        if status != "ok":
            print(f"warning: {kernel_name}: first execute returned {status}", file=sys.stderr)
        return t_ready - t0, t_reply - t0
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


def warm_round_trips(kernel_name, code, warmup, runs, timeout):
    """Lists of seconds: request -> execute_reply and request -> idle."""
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
        for i in range(warmup + runs):
            t0 = time.perf_counter()
            msg_id = client.execute(code)
            client.wait_reply(msg_id, timeout)
            t_reply = time.perf_counter()
            client.wait_idle(msg_id, timeout)
            t_idle = time.perf_counter()
            if i >= warmup:
                to_reply.append(t_reply - t0)
                to_idle.append(t_idle - t0)
        return to_reply, to_idle
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
    args = parser.parse_args()

    cold = {k: [] for k in args.kernels}
    for run in range(args.cold_runs):
        for k in args.kernels:
            ready, reply = cold_start(k, args.code, args.timeout)
            cold[k].append((ready, reply))
            print(f"cold {k} #{run + 1}: ready {ms(ready)} ms, first reply {ms(reply)} ms", file=sys.stderr)

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
    print(
        "| kernel | cold: launch -> ready (median) | cold: launch -> first reply (median / min / max) "
        "| warm -> reply (median / p90 / p99) | warm -> idle (median / p90 / p99) |"
    )
    print("|---|---|---|---|---|")
    for k in args.kernels:
        readies = [r for r, _ in cold[k]]
        replies = [r for _, r in cold[k]]
        to_reply, to_idle = warm[k]
        print(
            f"| {k} | {statistics.median(readies):.2f} s "
            f"| {statistics.median(replies):.2f} s / {min(replies):.2f} s / {max(replies):.2f} s "
            f"| {ms(statistics.median(to_reply))} / {ms(percentile(to_reply, 90))} / {ms(percentile(to_reply, 99))} ms "
            f"| {ms(statistics.median(to_idle))} / {ms(percentile(to_idle, 90))} / {ms(percentile(to_idle, 99))} ms |"
        )

    if args.json:
        with open(args.json, "w") as f:
            json.dump(
                {
                    k: {
                        "cold_ready_s": [r for r, _ in cold[k]],
                        "cold_first_reply_s": [r for _, r in cold[k]],
                        "warm_reply_s": warm[k][0],
                        "warm_idle_s": warm[k][1],
                    }
                    for k in args.kernels
                },
                f,
                indent=1,
            )


if __name__ == "__main__":
    main()
