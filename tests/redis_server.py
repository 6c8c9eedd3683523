"""A Redis server for the shared-cache tests: Debian's redis-server on a loopback
port of its own, nothing kept on disk, started once per session when needed."""

import shutil
import socket

import redis

from tests.processes import start_and_wait


class Server:
    def __init__(self):
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError(
                "redis-server is not installed (Debian: apt-get install redis-server); "
                "make test installs it"
            )
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = start_and_wait(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            "Ready to accept connections",
        )
        self.client = redis.Redis.from_url(self.url)
        self.client.ping()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
