#!/usr/bin/env python3
"""Write nginx.conf for Helseinfo from deploy/nginx.conf.template into an nginx prefix folder.

    deploy/render_nginx.py --prefix var/nginx --listen 127.0.0.1:8080 \\
        --upstream 127.0.0.1:8001 --upstream 127.0.0.1:8002 --static-root staticfiles \\
        [--media-root media | --s3-endpoint http://127.0.0.1:8333 --s3-bucket helseinfo-media] [--cache]
    nginx -c $PWD/var/nginx/nginx.conf -p $PWD/var/nginx/ -g 'daemon off;'

Only the standard library: it runs before any virtualenv exists.
"""

import argparse
import math
import os
import pwd
from pathlib import Path
from urllib.parse import urlsplit

TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
TEMP_DIRS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
MIB = 1024 * 1024


def body_size_limit(photo_max_bytes):
    """PHOTO_MAX_BYTES plus one MiB for the form around the file, in whole MiB."""
    return f"{math.ceil((photo_max_bytes + MIB) / MIB)}m"


def render(
    *,
    listen,
    upstreams,
    static_root,
    media_root=None,
    s3_endpoint=None,
    s3_bucket=None,
    cache=False,
    server_name="_",
    photo_max_bytes=20 * MIB,
    user=None,
):
    """The configuration text. Exactly one of `media_root` (local media) and `s3_endpoint` (media
    proxied from the bucket, as a CDN would) is given."""
    if bool(media_root) == bool(s3_endpoint):
        raise ValueError("give either media_root or s3_endpoint (with s3_bucket)")
    if s3_endpoint and not s3_bucket:
        raise ValueError("s3_endpoint needs s3_bucket")
    sections = {"media-local": bool(media_root), "media-s3": bool(s3_endpoint), "cache": cache}
    lines = []
    for line in TEMPLATE.read_text().splitlines():
        for name, enabled in sections.items():
            marker = f"#[{name}]"
            if line.startswith(marker):
                line = line[len(marker) :] if enabled else None
                break
        if line is not None:
            lines.append(line)
    values = {
        "USER": f"user {user};" if user else "# (not started as root: nginx runs as the current user)",
        "LISTEN": listen,
        "SERVER_NAME": server_name,
        "CLIENT_MAX_BODY_SIZE": body_size_limit(photo_max_bytes),
        "UPSTREAM_SERVERS": "\n".join(
            f"        server {address} max_fails=1 fail_timeout=5s;" for address in upstreams
        ),
        "STATIC_ROOT": str(Path(static_root).resolve()),
        "MEDIA_ROOT": str(Path(media_root).resolve()) if media_root else "",
        "S3_HOST": urlsplit(s3_endpoint).netloc if s3_endpoint else "",
        "S3_BUCKET": s3_bucket or "",
    }
    text = "\n".join(lines) + "\n"
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    return text


def write(prefix, text, *, worker_user=None):
    """nginx.conf and the folders nginx writes to, under `prefix`."""
    prefix = Path(prefix)
    for folder in ["logs", "cache", *(f"tmp/{name}" for name in TEMP_DIRS)]:
        (prefix / folder).mkdir(parents=True, exist_ok=True)
    if worker_user:  # started as root: the workers (as this user) write the temporary files
        entry = pwd.getpwnam(worker_user.split()[0])
        for folder in ["cache", "tmp", *(f"tmp/{name}" for name in TEMP_DIRS)]:
            os.chown(prefix / folder, entry.pw_uid, entry.pw_gid)
    (prefix / "nginx.conf").write_text(text)
    return prefix / "nginx.conf"


def main(argv=None):
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--prefix", required=True, help="nginx's prefix folder (config, logs, temp files)")
    parser.add_argument("--listen", default="127.0.0.1:8080")
    parser.add_argument("--server-name", default="_")
    parser.add_argument("--upstream", action="append", required=True, help="an app server, host:port")
    parser.add_argument("--static-root", required=True, help="STATIC_ROOT, after collectstatic")
    media = parser.add_mutually_exclusive_group(required=True)
    media.add_argument("--media-root", help="MEDIA_ROOT, for media on the local file system")
    media.add_argument("--s3-endpoint", help="the object storage's address, for media in a bucket")
    parser.add_argument("--s3-bucket")
    parser.add_argument("--cache", action="store_true", help="cache anonymous pages per their Cache-Control")
    args = parser.parse_args(argv)
    user = "nobody nogroup" if os.geteuid() == 0 else None
    text = render(
        listen=args.listen,
        upstreams=args.upstream,
        static_root=args.static_root,
        media_root=args.media_root,
        s3_endpoint=args.s3_endpoint,
        s3_bucket=args.s3_bucket,
        cache=args.cache,
        server_name=args.server_name,
        photo_max_bytes=int(os.environ.get("PHOTO_MAX_BYTES", 20 * MIB)),
        user=user,
    )
    print(write(args.prefix, text, worker_user=user))


if __name__ == "__main__":
    main()
