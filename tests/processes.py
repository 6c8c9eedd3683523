"""Servers the tests start: a server is ready when it says so on its output (read
line by line, no clock), and the rest of its output is drained so it never blocks."""

import subprocess
import threading


def start_and_wait(command, ready, *, env=None, cwd=None):
    """Start `command` and return once a line of its output contains `ready`."""
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        cwd=cwd,
    )
    seen = []
    for line in process.stdout:
        seen.append(line)
        if ready in line:
            break
    else:
        process.wait()
        raise RuntimeError(f"{command[0]} did not start:\n{''.join(seen[-20:])}")
    threading.Thread(target=process.stdout.read, daemon=True).start()
    return process
