#!/usr/bin/env python3
"""Back up and restore Helseinfo: the PostgreSQL database (pg_dump) and the media (every object of
the bucket, or the MEDIA_ROOT folder), configured by the same environment as the app servers.

    deploy/backup.py backup [--to DIR]    # default: var/backups/<UTC time>/
    deploy/backup.py restore DIR          # into DATABASE_URL (new and empty) and the media storage

The database is dumped first and the media copied after it: every file a row names was written
before the row (news/images.py), so the copy holds every file the dump refers to. Files are never
changed once written, so copying a live bucket is safe. A restore refuses a database that already
has tables, and creates the bucket if it does not exist. Objects keep their Content-Type and
Cache-Control.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helseinfo.media_storage import S3_BACKEND, media_storage  # noqa: E402


def database_url():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("backup: DATABASE_URL must name a PostgreSQL database (postgres://...)")
    return url


def storage_options():
    """The S3 storage's options, or None when media are on the file system."""
    storage, _origin = media_storage(os.environ, https=False)
    return storage["OPTIONS"] if storage["BACKEND"] == S3_BACKEND else None


def media_root():
    return Path(os.environ.get("MEDIA_ROOT", ROOT / "media"))


def s3_client(options):
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        endpoint_url=options["endpoint_url"],
        region_name=options["region_name"],
        aws_access_key_id=options["access_key"],
        aws_secret_access_key=options["secret_key"],
        config=options["client_config"].merge(Config(retries={"mode": "standard", "total_max_attempts": 5})),
    )


def backup(target):
    started = time.monotonic()
    target.mkdir(parents=True)
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target / 'database.dump'}"]
        + [database_url()],
        check=True,
    )
    media = target / "media"
    options = storage_options()
    if options:
        s3, bucket, manifest = s3_client(options), options["bucket_name"], []
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for item in page.get("Contents", []):
                key = item["Key"]
                path = media / key
                path.parent.mkdir(parents=True, exist_ok=True)
                response = s3.get_object(Bucket=bucket, Key=key)
                path.write_bytes(response["Body"].read())
                manifest.append(
                    {
                        "key": key,
                        "size": item["Size"],
                        "content_type": response.get("ContentType"),
                        "cache_control": response.get("CacheControl"),
                    }
                )
        (target / "media.json").write_text(json.dumps({"bucket": bucket, "objects": manifest}, indent=1))
        count = len(manifest)
    else:
        shutil.copytree(media_root(), media) if media_root().exists() else media.mkdir()
        count = sum(1 for p in media.rglob("*") if p.is_file())
    print(f"backup: database and {count} media files in {target} ({time.monotonic() - started:.1f} s)")


def restore(source):
    started = time.monotonic()
    if not (source / "database.dump").exists():
        raise SystemExit(f"restore: {source} holds no database.dump")
    url = database_url()
    tables = subprocess.run(
        ["psql", url, "-Atqc", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if tables != "0":
        raise SystemExit("restore: the database in DATABASE_URL has tables: restore into a new, empty one")
    subprocess.run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", f"--dbname={url}"]
        + [str(source / "database.dump")],
        check=True,
    )
    subprocess.run(["psql", url, "-qc", "ANALYZE"], check=True)
    options = storage_options()
    media = source / "media"
    if options:
        if not (source / "media.json").exists():
            raise SystemExit("restore: this backup's media are files, not objects: restore with MEDIA_ROOT")
        manifest = json.loads((source / "media.json").read_text())["objects"]
        s3, bucket = s3_client(options), options["bucket_name"]
        try:
            s3.create_bucket(Bucket=bucket)
        except (s3.exceptions.BucketAlreadyOwnedByYou, s3.exceptions.BucketAlreadyExists):
            pass
        for item in manifest:
            extra = {"ContentType": item["content_type"] or "application/octet-stream"}
            extra |= {"CacheControl": item["cache_control"]} if item["cache_control"] else {}
            extra |= {"ACL": options["default_acl"]} if options["default_acl"] else {}
            with open(media / item["key"], "rb") as f:
                s3.put_object(Bucket=bucket, Key=item["key"], Body=f, **extra)
        count = len(manifest)
    else:
        shutil.copytree(media, media_root(), dirs_exist_ok=True)
        count = sum(1 for p in media.rglob("*") if p.is_file())
    print(f"restore: database and {count} media files from {source} ({time.monotonic() - started:.1f} s)")


def main(argv=None):
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("backup")
    make.add_argument("--to", type=Path, help="a new folder (default var/backups/<UTC time>)")
    back = commands.add_parser("restore")
    back.add_argument("source", type=Path)
    args = parser.parse_args(argv)
    if args.command == "backup":
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        backup(args.to or ROOT / "var" / "backups" / stamp)
    else:
        restore(args.source)


if __name__ == "__main__":
    main()
