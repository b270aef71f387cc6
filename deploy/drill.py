#!/usr/bin/env python3
"""The failure drill, against the cluster of deploy/cluster.py (started here if it is not running,
and then stopped at the end). Every check prints PASS or FAIL; the exit status is 1 if any failed.

1. A journalist publishes through app server 1 directly (log in, upload a photo, post the article
   form); a reader on app server 2 and through the proxy sees it at once, photo included.
2. App server 1 is killed (SIGKILL, the whole process group) during a read load and a publisher
   through the proxy, then started again: no read lost beyond those in flight, every publish that
   succeeded exists afterwards, the survivor carries on.
3. Redis stopped, then started: pages answer, saves succeed, invalidation works again at once.
4. Object storage stopped, then started: pages answer, an upload is a form error that keeps the
   journalist's text, a save without a photo succeeds, and uploads work again afterwards.
5. Backup (pg_dump and a copy of the bucket) restored into a new database and bucket: a third app
   server on them serves the same public pages, byte for byte.

DRILL_SECONDS (60) is the length of the load in step 2; DRILL_READERS (4) its concurrent readers.
Only 127.0.0.1 is ever contacted, and every loop is bounded in count and time.
"""

import io
import os
import re
import secrets
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import datetime
from html.parser import HTMLParser

import cluster
import requests

DRILL_SECONDS = float(os.environ.get("DRILL_SECONDS", "60"))
READERS = int(os.environ.get("DRILL_READERS", "4"))
MAX_REQUESTS = 100_000  # the bound on the read load, whatever the time
USERNAME = "drill-journalist"
PASSWORD = secrets.token_urlsafe(24)
RESTORE_DATABASE = f"{cluster.DATABASE}_restore"
RESTORE_BUCKET = f"{cluster.BUCKET}-restore"
HOST = f"127.0.0.1:{cluster.PROXY_PORT}"  # the Host every request carries, whichever server it reaches
APP1, APP2, APP3 = (f"http://127.0.0.1:{cluster.APP_PORTS[n]}" for n in (1, 2, 3))
PROXY = cluster.PROXY_URL
RUN = secrets.token_hex(3)

results = []


def check(name, passed, detail=""):
    results.append((name, bool(passed)))
    print(f"{'PASS' if passed else 'FAIL'}  {name}{f'  ({detail})' if detail else ''}", flush=True)
    return passed


steps = []  # (title, when it began)


def step(title):
    steps.append((title, time.monotonic()))
    print(f"\n== {title}", flush=True)


# A browser, as far as the admin is concerned


class FormFields(HTMLParser):
    """The fields of the page's form with id `form_id` (or of every form), as a browser would send
    them, and the options of each select."""

    def __init__(self):
        super().__init__()
        self.fields, self.options, self._select, self._textarea = {}, {}, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in {"submit", "button", "file", "image"}:
            if a.get("type") in {"checkbox", "radio"} and "checked" not in a:
                return
            self.fields[name] = a.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            self.options[name] = []
        elif tag == "option" and self._select:
            self.options[self._select].append(a.get("value", ""))
            if "selected" in a:
                self.fields[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def form_of(html):
    parser = FormFields()
    parser.feed(html)
    return parser


class Journalist:
    def __init__(self, base):
        self.base, self.http = base, requests.Session()
        self.http.headers["Host"] = HOST

    def url(self, path):
        return self.base + path

    def login(self):
        page = self.http.get(self.url("/admin/login/"), timeout=20)
        data = form_of(page.text).fields | {"username": USERNAME, "password": PASSWORD, "next": "/admin/"}
        response = self.http.post(self.url("/admin/login/"), data=data, allow_redirects=False, timeout=20)
        return response.status_code == 302 and "sessionid" in self.http.cookies

    def upload_photo(self, caption, color=(40, 90, 160)):
        """(the photo's id or None, the response)."""
        page = self.http.get(self.url("/admin/news/photo/add/"), timeout=20)
        data = form_of(page.text).fields | {
            "caption": caption,
            "credit": "Drill / Helseinfo",
            "alt_text": "Et ensfarget testbilde.",
            "_continue": "1",
        }
        files = {"image": ("drill.jpg", jpeg(color), "image/jpeg")}
        response = self.http.post(
            self.url("/admin/news/photo/add/"), data=data, files=files, allow_redirects=False, timeout=60
        )
        found = re.search(r"/admin/news/photo/(\d+)/change/", response.headers.get("Location", ""))
        return (int(found.group(1)) if found else None), response

    def publish(self, headline, photo=None):
        """(the article's slug or None, the response). Published at once, in the first category."""
        page = self.http.get(self.url("/admin/news/article/add/"), timeout=20)
        form = form_of(page.text)
        slug = re.sub(r"[^a-z0-9]+", "-", headline.lower()).strip("-")
        data = form.fields | {
            "headline": headline,
            "slug": slug,
            "lead": f"Ingress til {headline}.",
            "body": f"<p>Brødtekst til {headline}.</p>",
            "category": next(v for v in form.options.get("category", []) if v),
            "status": "published",
            "_continue": "1",
        }
        if photo:
            data |= {"lead_photo": str(photo), "photo_caption": ""}
        response = self.http.post(
            self.url("/admin/news/article/add/"), data=data, allow_redirects=False, timeout=60
        )
        ok = response.status_code == 302 and "/change/" in response.headers.get("Location", "")
        return (slug if ok else None), response


def jpeg(color):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1000, 600), color).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def reader():
    session = requests.Session()
    session.headers["Host"] = HOST
    return session


def get(session, url, **kwargs):
    try:
        return session.get(url, timeout=kwargs.pop("timeout", 20), **kwargs)
    except requests.RequestException:
        return None


def status(response):
    return response.status_code if response is not None else "no answer"


def photo_url(html):
    found = re.search(r'<img[^>]+src="([^"]+/media/renditions/[^"]+)"', html)
    return found.group(1) if found else None


def create_journalist():
    code = (
        "import os\n"
        "from django.contrib.auth import get_user_model\n"
        "from django.contrib.auth.models import Group\n"
        "user, _ = get_user_model().objects.get_or_create(username=os.environ['DRILL_USER'])\n"
        "user.is_staff, user.first_name, user.last_name = True, 'Drill', 'Journalist'\n"
        "user.set_password(os.environ['DRILL_PASSWORD'])\n"
        "user.save()\n"
        "user.groups.set(Group.objects.filter(name='Journalist'))\n"
    )
    env = cluster.app_env() | {"DRILL_USER": USERNAME, "DRILL_PASSWORD": PASSWORD}
    command = [cluster.PYTHON, "manage.py", "shell", "-v", "0", "-c", code]
    subprocess.run(command, cwd=cluster.ROOT, env=env, check=True)


# 1. Publish on one server, read on the other


def publish_and_read():
    step("1. A journalist publishes on app server 1; a reader on app server 2 sees it at once")
    http = reader()
    check("app server 2 serves the news list before", status(get(http, APP2 + "/nyheter/")) == 200)
    journalist = Journalist(APP1)
    check("the journalist logs in on app server 1", journalist.login())
    started = time.monotonic()
    photo, response = journalist.upload_photo(f"Drill {RUN}: bilde")
    check(
        "the photo upload succeeds", photo, f"HTTP {response.status_code}, {time.monotonic() - started:.1f} s"
    )
    headline = f"Drill {RUN} publisert med bilde"
    started = time.monotonic()
    slug, response = journalist.publish(headline, photo)
    check(
        "the article is published", slug, f"HTTP {response.status_code}, {time.monotonic() - started:.1f} s"
    )
    listed = get(http, APP2 + "/nyheter/")
    check("app server 2's news list shows it at once", listed is not None and headline in listed.text)
    page = get(http, f"{APP2}/nyheter/{slug}/")
    check("app server 2 serves the article", status(page) == 200, f"HTTP {status(page)}")
    via_proxy = get(http, f"{PROXY}/nyheter/{slug}/")
    check("the proxy serves the article", status(via_proxy) == 200, f"HTTP {status(via_proxy)}")
    home = get(http, PROXY + "/")
    check("the front page shows it", home is not None and headline in home.text)
    url = photo_url(page.text) if page is not None else None
    image = get(http, url) if url else None
    kind = image.headers.get("Content-Type", "") if image is not None else ""
    check(
        "its photo is served from object storage",
        status(image) == 200 and kind.startswith("image/"),
        f"{url} -> HTTP {status(image)} {kind}",
    )
    return slug, url


# 2. An app server dies under load


def kill_an_app_server(slug):
    seconds = DRILL_SECONDS
    step(f"2. App server 1 killed (SIGKILL) during {seconds:.0f} s of reads and publishing through the proxy")
    urls = ["/", "/nyheter/", "/klynger/", "/nyheter/rss/", f"/nyheter/{slug}/", "/sitemap.xml"]
    stop, reads, lock = threading.Event(), [], threading.Lock()
    deadline = time.monotonic() + seconds + 30

    def read_loop(n):
        http = reader()
        i = n
        while not stop.is_set() and time.monotonic() < deadline and len(reads) < MAX_REQUESTS:
            started = time.monotonic()
            response = get(http, PROXY + urls[i % len(urls)])
            with lock:
                reads.append((started, status(response)))
            i += 1

    publishes = []

    def publish_loop():
        journalist = Journalist(PROXY)
        if not journalist.login():
            publishes.append((time.monotonic(), None, "login failed"))
            return
        n = 0
        while not stop.is_set() and time.monotonic() < deadline and n < 500:
            n += 1
            started = time.monotonic()
            try:
                slug, response = journalist.publish(f"Drill {RUN} last {n}")
                publishes.append((started, slug, response.status_code))
            except requests.RequestException as error:
                publishes.append((started, None, type(error).__name__))
            stop.wait(0.5)

    threads = [threading.Thread(target=read_loop, args=(n,)) for n in range(READERS)]
    threads.append(threading.Thread(target=publish_loop))
    began = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(seconds * 0.3)
    killed = time.monotonic()
    cluster.stop_process("app1", kill=True)
    print(f"      app server 1 killed at {killed - began:.1f} s", flush=True)
    time.sleep(seconds * 0.4)
    restarted = time.monotonic()
    cluster.start_app(1)
    print(f"      app server 1 started again at {restarted - began:.1f} s", flush=True)
    time.sleep(max(0, began + seconds - time.monotonic()))
    stop.set()
    for thread in threads:
        thread.join(60)

    bad = [(t, s) for t, s in reads if not (isinstance(s, int) and 200 <= s < 400)]
    after = [s for t, s in reads if killed + 1 < t < restarted]
    counts = Counter(s for _, s in reads)
    rate = len(reads) / seconds
    print(f"      {len(reads)} reads ({rate:.0f}/s), statuses {dict(counts)}", flush=True)
    check(
        "no read lost beyond those in flight at the kill",
        len(bad) <= READERS,
        f"{len(bad)} failed of {len(reads)}; at most {READERS} were in flight",
    )
    check(
        "the survivor carried the load alone",
        after and all(s == 200 for s in after),
        f"{len(after)} reads while app server 1 was down, all 200" if after else "no reads in that window",
    )
    done = [slug for _, slug, _ in publishes if slug]
    failed = [(round(t - began, 1), s) for t, slug, s in publishes if not slug]
    print(f"      {len(publishes)} publishes: {len(done)} succeeded, failed: {failed}", flush=True)
    check(
        "the publisher carried on", len(done) >= 3 and len(failed) <= 1, f"{len(failed)} failed (in flight)"
    )
    http = reader()
    missing = [slug for slug in done if status(get(http, f"{PROXY}/nyheter/{slug}/")) != 200]
    check(
        "no write lost: every successful publish is there",
        not missing,
        f"{len(done)} checked, missing {missing}",
    )
    served_by = upstreams_since(killed)
    check(
        "app server 1 serves again after its restart",
        f"127.0.0.1:{cluster.APP_PORTS[1]}" in served_by,
        f"upstreams in the proxy's log since the kill: {dict(served_by)}",
    )


def upstreams_since(when):
    """How many requests each upstream answered since `when` (monotonic), from the proxy's log."""
    log = cluster.VAR / "nginx" / "logs" / "access.log"
    wall = time.time() - (time.monotonic() - when)
    found = Counter()
    for line in log.read_text(errors="replace").splitlines()[-20000:]:
        stamp = re.search(r"\[([^\]]+)\]", line)
        upstream = re.search(r"upstream=(.*?) upstream_status=", line)
        if not (stamp and upstream):
            continue
        if datetime.strptime(stamp.group(1), "%d/%b/%Y:%H:%M:%S %z").timestamp() >= wall - 1:
            tried = upstream.group(1).split(", ")
            found[tried[-1]] += 1
            found["retried on the other server"] += len(tried) > 1
    return found


# 3 and 4: the cache and the object storage go away and come back


def pages_answer(label):
    http = reader()
    urls = ["/", "/nyheter/", "/klynger/", "/nyheter/rss/"]
    started = time.monotonic()
    statuses = [status(get(http, PROXY + url)) for url in urls]
    elapsed = time.monotonic() - started
    return check(label, all(s == 200 for s in statuses), f"{statuses}, {elapsed:.1f} s for {len(urls)} pages")


def sees_at_once(headline):
    http = reader()
    return all(
        (r := get(http, base + "/nyheter/")) is not None and headline in r.text for base in (APP1, APP2)
    )


def redis_outage():
    step("3. Redis stopped, then started again")
    journalist = Journalist(PROXY)
    journalist.login()
    began = time.monotonic()
    cluster.stop_process("redis")
    print(f"      Redis stopped in {time.monotonic() - began:.1f} s", flush=True)
    pages_answer("pages answer without Redis")
    slug, response = journalist.publish(f"Drill {RUN} uten Redis")
    check("a save succeeds without Redis", slug, f"HTTP {response.status_code}")
    check("both app servers show it", sees_at_once(f"Drill {RUN} uten Redis"))
    cluster.start_redis()
    pages_answer("pages answer with Redis back")
    before = time.monotonic()
    slug, response = journalist.publish(f"Drill {RUN} Redis tilbake")
    check("a save succeeds with Redis back", slug, f"HTTP {response.status_code}")
    check(
        "both app servers show it at once (invalidation through Redis works again)",
        sees_at_once(f"Drill {RUN} Redis tilbake"),
        f"{time.monotonic() - before:.1f} s",
    )


def storage_outage(old_photo_url):
    step("4. Object storage (SeaweedFS) stopped, then started again")
    journalist = Journalist(PROXY)
    journalist.login()
    began = time.monotonic()
    cluster.stop_process("seaweedfs")
    print(f"      SeaweedFS stopped in {time.monotonic() - began:.1f} s", flush=True)
    pages_answer("pages answer without object storage")
    http = reader()
    print(f"      a photo meanwhile: HTTP {status(get(http, old_photo_url))} (expected to fail)", flush=True)
    caption = f"Drill {RUN}: teksten som ble skrevet"
    started = time.monotonic()
    photo, response = journalist.upload_photo(caption)
    check(
        "an upload is a form error, not a server error",
        photo is None and response.status_code == 200 and "bildelageret svarer ikke" in response.text,
        f"HTTP {response.status_code} in {time.monotonic() - started:.1f} s",
    )
    check("the form keeps what the journalist wrote", caption in response.text)
    slug, response = journalist.publish(f"Drill {RUN} uten bildelager")
    check("an article without a new photo is saved", slug, f"HTTP {response.status_code}")
    started = time.monotonic()
    cluster.start_s3()
    print(f"      SeaweedFS answering again after {time.monotonic() - started:.1f} s", flush=True)
    pages_answer("pages answer with object storage back")
    started, image = time.monotonic(), get(http, old_photo_url)
    while status(image) != 200 and time.monotonic() - started < 30:
        time.sleep(0.5)
        image = get(http, old_photo_url)
    waited = f"HTTP {status(image)} after {time.monotonic() - started:.1f} s"
    check("the earlier photo is served again", status(image) == 200, waited)
    photo, response = journalist.upload_photo(f"Drill {RUN}: etter", color=(160, 60, 40))
    check("an upload succeeds again, without restarting anything", photo, f"HTTP {response.status_code}")
    slug, response = journalist.publish(f"Drill {RUN} bildelager tilbake", photo)
    page = get(http, f"{PROXY}/nyheter/{slug}/") if slug else None
    url = photo_url(page.text) if status(page) == 200 else None
    image = get(http, url) if url else None
    check(
        "and its photo is served",
        status(image) == 200 and image.headers.get("Content-Type", "").startswith("image/"),
        f"{url} -> HTTP {status(image)}",
    )


# 5. Backup and restore


NONCE = re.compile(rb'nonce(?:=|-)"?[A-Za-z0-9+/=_-]+"?')


def backup_and_restore(slug):
    step("5. Backup, restore into a new database and bucket, and a third app server on them")
    target = cluster.VAR / "backups" / f"drill-{RUN}"
    backup = [cluster.PYTHON, str(cluster.ROOT / "deploy" / "backup.py")]
    started = time.monotonic()
    done = subprocess.run([*backup, "backup", f"--to={target}"], env=cluster.app_env())
    check("the backup is made", done.returncode == 0, f"{time.monotonic() - started:.1f} s")

    cluster.psql("postgres", f'DROP DATABASE IF EXISTS "{RESTORE_DATABASE}"')
    cluster.psql("postgres", f'CREATE DATABASE "{RESTORE_DATABASE}"')
    s3 = cluster.s3_client()
    try:  # the restore bucket of an earlier drill: emptied, so the restore is what fills it
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=RESTORE_BUCKET):
            for item in page.get("Contents", []):
                s3.delete_object(Bucket=RESTORE_BUCKET, Key=item["Key"])
    except s3.exceptions.NoSuchBucket:
        pass
    restored_env = cluster.app_env(database=RESTORE_DATABASE, bucket=RESTORE_BUCKET, redis_db=1)
    started = time.monotonic()
    done = subprocess.run([*backup, "restore", str(target)], env=restored_env)
    check("the backup is restored", done.returncode == 0, f"{time.monotonic() - started:.1f} s")

    import redis

    redis.Redis(port=cluster.REDIS_PORT, db=1).flushdb()  # the restored server's own, empty cache
    cluster.stop_process("app3")
    cluster.start_app(3, env=restored_env)
    try:
        compare_pages(slug)
        compare_buckets(s3)
    finally:
        cluster.stop_process("app3")


def compare_pages(slug):
    http = reader()
    paths = [
        "/",
        "/nyheter/",
        f"/nyheter/{slug}/",
        "/klynger/",
        "/nyheter/rss/",
        "/sitemap.xml",
        "/robots.txt",
    ]
    cluster_page = re.search(r'href="(/klynger/[^"/]+/)"', get(http, APP2 + "/klynger/").text)
    if cluster_page:
        paths.append(cluster_page.group(1))
    differ, nonces = [], 0
    for path in paths:
        original, restored = get(http, APP2 + path), get(http, APP3 + path)
        if status(original) != 200 or status(restored) != 200:
            differ.append(f"{path}: HTTP {status(original)} / {status(restored)}")
            continue
        nonces += len(NONCE.findall(original.content))
        if NONCE.sub(b"nonce", original.content) != NONCE.sub(b"nonce", restored.content):
            differ.append(path)
    check(
        "the restored site serves the same pages, byte for byte",
        not differ,
        f"{len(paths)} pages compared ({nonces} CSP nonces found and ignored); differ: {differ}",
    )


def compare_buckets(s3):
    def objects(bucket):
        found = {}
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            found |= {item["Key"]: item["Size"] for item in page.get("Contents", [])}
        return found

    original, restored = objects(cluster.BUCKET), objects(RESTORE_BUCKET)
    same = all(
        s3.get_object(Bucket=cluster.BUCKET, Key=key)["Body"].read()
        == s3.get_object(Bucket=RESTORE_BUCKET, Key=key)["Body"].read()
        for key in list(original)[:20]
    )
    check(
        "the restored bucket holds every object",
        original == restored and same,
        f"{len(original)} objects, sizes equal, first 20 compared byte for byte",
    )


def main():
    began = time.monotonic()
    started_here = not cluster.status()
    if started_here:
        cluster.start()
    try:
        create_journalist()
        slug, url = publish_and_read()
        kill_an_app_server(slug)
        redis_outage()
        storage_outage(url)
        backup_and_restore(slug)
    except Exception as error:  # a step that cannot even run is a failure, with the reason
        check("the drill ran to the end", False, f"{type(error).__name__}: {error}")
        import traceback

        traceback.print_exc()
    finally:
        if started_here and not os.environ.get("DRILL_KEEP_CLUSTER"):
            cluster.stop()
    failed = [name for name, passed in results if not passed]
    ends = [when for _, when in steps[1:]] + [time.monotonic()]
    for (title, when), end in zip(steps, ends, strict=True):
        print(f"{end - when:6.1f} s  {title.split(' ', 1)[0]} {title.split(' ', 1)[1][:70]}")
    took = time.monotonic() - began
    print(f"\nDrill: {len(results) - len(failed)} passed, {len(failed)} failed in {took:.0f} s")
    for name in failed:
        print(f"FAIL  {name}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
