#!/usr/bin/env python3
"""Bounded write load for ops-tests/kill9.sh: creates people through the API, one at a time per
thread, and appends the id of every person the server acknowledged (201) to a file, flushed and
fsynced before the next request, so the file never lists a write the server did not confirm.

    writer.py URL_FILE TOKEN ORGANISATION_ID ACKED_FILE STOP_FILE [THREADS]

URL_FILE holds the server's base URL (rewritten when the server is restarted on another port);
the writers stop when STOP_FILE exists. Connection failures (the server was just killed) are
retried after a short pause and counted, never recorded as acknowledged.
"""
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

url_file, token, org, acked_file, stop_file = sys.argv[1:6]
threads = int(sys.argv[6]) if len(sys.argv) > 6 else 4
lock = threading.Lock()
stats = {"acked": 0, "refused": 0, "failed": 0}
out = open(acked_file, "a", encoding="utf-8")


def base():
    with open(url_file, encoding="utf-8") as f:
        return f.read().strip()


def work(n):
    while not os.path.exists(stop_file):
        tag = uuid.uuid4().hex[:12]
        body = json.dumps({
            "given_name": "Load", "family_name": f"Writer{n}", "email": f"kill9-{tag}@example.org",
            "language": "en-GB", "organisation_id": org, "job_title": "Nurse",
            "profession": "Nursing", "grade_system": "afc", "grade": "5",
            "line_manager_email": None,
        }).encode()
        req = urllib.request.Request(
            base() + "/api/v1/people", data=body, method="POST",
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=10) as res:
                got = json.load(res)
                if res.status == 201:
                    with lock:
                        out.write(got["id"] + "\n")
                        out.flush()
                        os.fsync(out.fileno())
                        stats["acked"] += 1
        except urllib.error.HTTPError as e:
            with lock:
                stats["refused"] += 1
            if stats["refused"] < 5:
                print(f"writer: HTTP {e.code}: {e.read()[:300]!r}", file=sys.stderr)
            time.sleep(0.2)
        except Exception:  # noqa: BLE001 - the server was killed mid-answer: never an ack
            # (URLError, a reset, a truncated answer, its JSON cut short).
            with lock:
                stats["failed"] += 1
            time.sleep(0.05)


ts = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(json.dumps(stats))
