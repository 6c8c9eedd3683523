"""An S3-compatible server for the tests: moto's server mode on loopback, started
once per session by the first test that needs it (never a mock inside the process:
the portal talks HTTP to it through boto3, as to any bucket)."""

import os
import socket
import sys
import uuid
from pathlib import Path

import boto3

from tests.processes import start_and_wait

ACCESS_KEY, SECRET_KEY, REGION = "portal-test", "portal-test-secret", "us-east-1"
BUCKET = "portal-test"


class Server:
    def __init__(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        moto = Path(sys.executable).with_name("moto_server")
        self.process = start_and_wait(
            [str(moto), "-H", "127.0.0.1", "-p", str(self.port)],
            "Running on",
            env={
                **os.environ,
                "MOTO_ALLOW_NONEXISTENT_REGION": "1",
                "PYTHONUNBUFFERED": "1",
            },
        )
        self.client().create_bucket(Bucket=BUCKET)

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.url,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )

    def storage(self, prefix=None):
        """STORAGES['default'] for a test: its own prefix in the one bucket."""
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": self.url,
                "region_name": REGION,
                "access_key": ACCESS_KEY,
                "secret_key": SECRET_KEY,
                "location": prefix or f"t-{uuid.uuid4().hex}",
                "addressing_style": "path",
                "default_acl": None,
                "file_overwrite": False,
                "querystring_auth": True,
                "querystring_expire": 60,
            },
        }

    def keys(self, prefix):
        listing = self.client().list_objects_v2(Bucket=BUCKET, Prefix=prefix + "/")
        return [item["Key"][len(prefix) + 1 :] for item in listing.get("Contents", [])]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
