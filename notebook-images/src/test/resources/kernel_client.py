"""Drives a kernel from its connection file with jupyter_client, as Jupyter would; prints the replies as JSON.

usage: /usr/bin/python3 kernel_client.py CONNECTION_FILE CODE [CODE ...]
"""
import json
import sys

from jupyter_client import BlockingKernelClient


def execute(client, code):
    msg_id = client.execute(code)
    reply = client.get_shell_msg(timeout=60)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = client.get_shell_msg(timeout=60)
    outputs = []
    while True:
        msg = client.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "status" and msg["content"]["execution_state"] == "idle":
            break
        if kind in ("execute_result", "display_data"):
            outputs.append({"type": kind, "text": msg["content"]["data"].get("text/plain")})
        elif kind == "stream":
            outputs.append({"type": "stream", "text": msg["content"]["text"]})
        elif kind == "error":
            outputs.append({"type": "error", "text": msg["content"]["ename"] + ": " + msg["content"]["evalue"]})
    return {"status": reply["content"]["status"], "execution_count": reply["content"].get("execution_count"),
            "outputs": outputs}


def main():
    client = BlockingKernelClient()
    client.load_connection_file(sys.argv[1])
    client.start_channels(hb=False)  # no manager: wait_for_ready would take a heartbeat not yet beating for death
    try:
        client.wait_for_ready(timeout=90)
        info = client.kernel_info(reply=True, timeout=30)["content"]
        results = {"kernel_info": {"status": info.get("status"), "language": info["language_info"]["name"]},
                   "executions": [execute(client, code) for code in sys.argv[2:]]}
        client.shutdown()
        print(json.dumps(results))
    finally:
        client.stop_channels()


if __name__ == "__main__":
    main()
