"""The scale test's clients: registrations through the load balancer, over TLS.

Run on the client host (``ip netns exec … python -m tests.scale.rush …``). Each of
--clients threads keeps one HTTPS connection, from an address of its own (the client host
has many, so the per-address limits see many clients, as on a real morning), and sends its
share of --total registrations for --event, each for its own e-mail address, pausing
--pause seconds after each answer. Every answer is
written to --out as JSON: the status, the body's token and status, which app host answered
(X-Served-By from the balancer) and when the request was sent and answered. A connection
that breaks (the host behind it died) is opened again for the next request; the failed
request is recorded as it was answered, never retried.
"""

from __future__ import annotations

import argparse
import http.client
import json
import ssl
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

IDLE = 4.0  # seconds; HAProxy's timeout http-keep-alive is 10 s


def letters(i: int) -> str:
    """A surname made of letters only (names with digits are refused): 0 → A, 27 → BB …"""
    return chr(65 + i % 26) * (1 + i // 26)


def body(prefix: str, i: int) -> bytes:
    return json.dumps({
        "name": f"Kari {letters(i).title()}sen", "email": f"{prefix}{i}@tromso.kommune.no",
        "mobile": "+4791234567", "kommune": "5501", "workplace": "Kvaløysletta sykehjem",
        "role": "sykepleier", "mode": "physical", "privacy_accepted": True,
    }).encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", required=True)
    parser.add_argument("--server-name", required=True)
    parser.add_argument("--cafile", required=True)
    parser.add_argument("--event", type=int, required=True)
    parser.add_argument("--total", type=int, required=True)
    parser.add_argument("--clients", type=int, required=True)
    parser.add_argument("--sources", required=True, help="comma-separated source addresses")
    parser.add_argument("--prefix", default="rush")
    parser.add_argument("--sequential", action="store_true",
                        help="one connection per request, one after the other")
    parser.add_argument("--pause", type=float, default=0.0,
                        help="seconds each client waits after an answer before its next "
                             "request: the rush then lasts about as long on any machine")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    sources = args.sources.split(",")
    context = ssl.create_default_context(cafile=args.cafile)
    local = threading.local()
    results: list[dict[str, Any]] = []
    lock = threading.Lock()

    def connection(source: str) -> http.client.HTTPSConnection:
        """This thread's connection from `source`, opened again when it has been idle for
        longer than IDLE: the balancer closes idle connections after 10 s, and a POST sent
        on a connection it is closing would fail for a reason that is not the test's."""
        if not hasattr(local, "connections"):
            local.connections, local.used = {}, {}
        idle = time.monotonic() - local.used.get(source, 0.0)
        if local.connections.get(source) is None or args.sequential or idle > IDLE:
            if local.connections.get(source) is not None:
                local.connections[source].close()
            local.connections[source] = http.client.HTTPSConnection(
                args.host, 443, timeout=120, context=context, source_address=(source, 0))
        local.used[source] = time.monotonic()
        return local.connections[source]

    def source_for(i: int) -> str:
        """Thread t sends from the addresses t, t + clients, t + 2 × clients … in turn, so
        the registrations are spread evenly over every address."""
        if args.sequential:
            return sources[i % len(sources)]
        thread = int(threading.current_thread().name.rsplit("_", 1)[-1])
        owned = sources[thread::args.clients] or [sources[thread % len(sources)]]
        local.sent = getattr(local, "sent", -1) + 1
        return owned[local.sent % len(owned)]

    def one(i: int) -> None:
        source = source_for(i)
        record: dict[str, Any] = {"i": i, "source": source, "sent": time.time()}
        try:
            conn = connection(source)
            conn.request("POST", f"/api/v1/events/{args.event}/registrations", body(args.prefix, i),
                         {"Content-Type": "application/json", "Host": args.server_name})
            response = conn.getresponse()
            data = response.read()
            record.update(status=response.status, served_by=response.getheader("X-Served-By"))
            try:
                answer = json.loads(data)
                record.update(token=answer.get("token"), outcome=answer.get("status"),
                              error=answer.get("error"), fields=answer.get("fields"))
            except ValueError:
                record["error"] = data[:200].decode(errors="replace")
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                local.connections[source] = None
        except (OSError, http.client.HTTPException) as error:
            record.update(status=0, error=f"{type(error).__name__}: {error}")
            local.connections[source] = None
        record["answered"] = time.time()
        local.used[source] = time.monotonic()
        with lock:
            results.append(record)
        time.sleep(args.pause)  # a pause between requests, not a wait for something

    with ThreadPoolExecutor(max_workers=args.clients, thread_name_prefix="client") as pool:
        list(pool.map(one, range(args.total)))
    with open(args.out, "w") as out:
        json.dump(sorted(results, key=lambda r: r["i"]), out)


if __name__ == "__main__":
    main()
