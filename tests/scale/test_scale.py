"""Several hosts behind a real load balancer, with a host and a mail worker killed mid-rush.

Built by tests/scale/cluster.py inside network namespaces on this machine: HAProxy (TLS,
health checks on /healthz) in front of two gunicorn hosts, two mail workers, PostgreSQL,
Redis for the shared limits and an SMTP server, all in production configuration. 500
registrations for 100 seats rush in through the balancer from 100 client addresses (40
clients at once, each pausing a second between its requests); when a fifth are
stored, app1 loses power (SIGKILL to every process on it); a little later, so does mail1
while it holds claimed mail. Then the proofs: no overbooking; every 201 is
stored as it was answered; only requests in flight on the dead host failed; HAProxy took
it out (and back in when it came back); every stored registration got its e-mail — none
lost, and none doubled beyond the one message a dying worker may have handed to the SMTP
server without living to mark it sent (delivery is at least once; see
docs/deployment.md); and the per-address limit held across both hosts (Redis).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict
from datetime import UTC, timedelta
from pathlib import Path

import psycopg
import pytest

from registration import create_app
from registration.core.extensions import db
from registration.models import EventKind, Participation
from tests.conftest import IN_CI, PG_SERVER, make_event
from tests.live import admin_url

from .cluster import (
    ADDRESSES,
    CLIENT_SOURCES,
    RECLAIM_SECONDS,
    ROOT,
    SERVER_NAME,
    Cluster,
    missing_tools,
    wait_for,
)
from .cluster import cluster as build_cluster

pytestmark = [pytest.mark.scale, pytest.mark.live]

SEATS = 100
TOTAL = 500
CLIENTS = 40
# Each rush client pauses this long after each answer, so the rush lasts some seconds on
# any machine (12–13 requests a client: over 12 s) and is still on when mail1 has been
# killed too and HAProxy's checks (1 s apart, 2 to fail) have taken app1 out. Unpaced, a
# fast machine stored the last registrations before the checks had failed, and nothing
# showed them.
PAUSE = 1.0
LIMIT_TRIES = 15  # from one address; REGISTRATION_LIMIT lets 10 a minute through
TOKEN = re.compile(r"/pamelding/([A-Za-z0-9_-]{20,})")


def _requirements() -> None:
    missing = missing_tools()
    try:
        psycopg.connect(admin_url(PG_SERVER), connect_timeout=10).close()
    except psycopg.Error as error:
        missing.append(f"PostgreSQL at {admin_url(PG_SERVER)} ({type(error).__name__})")
    if missing:
        message = f"the scale test needs {', '.join(missing)} (make loadbalancer installs them)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


def _events(cluster: Cluster) -> tuple[int, int]:
    app = create_app({"SQLALCHEMY_DATABASE_URI": cluster.database_url,
                      "SECRET_KEY": "scale-test-events",
                      "INSTANCE_PATH": cluster.run_dir / "events"})
    with app.app_context():
        rush = make_event(title="Vinterlys-konferansen", kind=EventKind.KONFERANSE,
                          participation=Participation.PHYSICAL, capacities={"physical": SEATS},
                          starts_in=timedelta(days=20))
        limited = make_event(title="Fagdag i Tromsø", kind=EventKind.KONFERANSE,
                             participation=Participation.PHYSICAL,
                             capacities={"physical": 50}, starts_in=timedelta(days=21))
        db.engine.dispose()
    return rush.id, limited.id


def _clients(cluster: Cluster, event: int, total: int, clients: int, sources: list[str],
             prefix: str, out: str, sequential: bool = False, pause: float = 0.0
             ) -> subprocess.Popen:
    argv = [sys.executable, "-m", "tests.scale.rush", "--host", ADDRESSES["lb"],
            "--server-name", SERVER_NAME, "--cafile", str(cluster.cafile),
            "--event", str(event), "--total", str(total), "--clients", str(clients),
            "--sources", ",".join(sources), "--prefix", prefix, "--pause", str(pause),
            "--out", str(cluster.run_dir / out)]
    return cluster.network.start("client", argv + (["--sequential"] if sequential else []),
                                 f"client-{prefix}", cwd=ROOT)


def _stored(cluster: Cluster, event: int) -> int:
    return cluster.query("SELECT count(*) FROM registration WHERE event_id = %s", event)[0][0]


def test_two_hosts_behind_haproxy_lose_a_host_and_a_worker_mid_rush(tmp_path: Path) -> None:
    _requirements()
    started = time.monotonic()
    with build_cluster(tmp_path, PG_SERVER) as cluster:
        rush_event, limited_event = _events(cluster)
        net = cluster.network
        # (HAProxy may have found a host down once while it was starting)
        checks_failed_before = {name: int(row["chkdown"])
                                for name, row in cluster.servers().items()}

        # -- the rush, and the two deaths in the middle of it ---------------------------
        rush = _clients(cluster, rush_event, TOTAL, CLIENTS, CLIENT_SOURCES, "rush",
                        "rush.json", pause=PAUSE)
        wait_for(lambda: _stored(cluster, rush_event) >= TOTAL // 5,
                 "a fifth of the rush stored", on_timeout=lambda: net.log("client-rush"))
        assert rush.poll() is None, "the rush ended before the host could be killed"
        host_killed_at = time.time()
        assert net.kill_host("app1"), "no process was running on app1"

        # mail1 dies while it holds claimed mail: it has delivered some, and rows are claimed
        wait_for(lambda: cluster.delivered_by("mail1") >= 3 and cluster.query(
            "SELECT count(*) FROM outbox_message WHERE status = 'sending'")[0][0] > 0,
            "mail1 delivering", on_timeout=lambda: net.log("mail1"), every=0.05)
        worker_killed_at = time.time()
        assert net.kill_host("mail1"), "no process was running on mail1"

        down = wait_for(lambda: cluster.server_state("app1")[0].startswith("DOWN")
                        and cluster.server_state("app1"), "HAProxy takes app1 out",
                        timeout=60, every=0.1)
        host_down_at = time.time()
        # what mail1 had claimed and not sent when it died: still `sending` from before its
        # death a few seconds on (mail2 finishes its own batch of 20 in well under that)
        time.sleep(max(0.0, worker_killed_at + 5 - time.time()))
        stranded = [row for row in cluster.query(
            "SELECT claimed_at FROM outbox_message WHERE status = 'sending'")
            if row[0] is not None and row[0].replace(tzinfo=UTC).timestamp() < worker_killed_at]
        assert rush.wait(timeout=600) == 0, net.log("client-rush")
        answers = json.loads((cluster.run_dir / "rush.json").read_text())

        # -- app1 comes back: the checks put it back in ----------------------------------
        cluster.start_app("app1")
        wait_for(lambda: cluster.server_state("app1") == ("UP", "L7OK"),
                 "HAProxy puts app1 back after it answers /healthz again",
                 on_timeout=lambda: net.log("app1"))

        # -- one address, 15 registrations one after another, spread over both hosts -----
        greedy = _clients(cluster, limited_event, LIMIT_TRIES, 1, ["10.77.0.100"], "greedy",
                          "greedy.json", sequential=True)
        assert greedy.wait(timeout=300) == 0, net.log("client-greedy")
        limited = json.loads((cluster.run_dir / "greedy.json").read_text())

        # -- every registration's e-mail delivered: the killed worker's claims are taken
        #    again by mail2 after MAIL_RECLAIM_SECONDS
        wait_for(lambda: cluster.query(
            "SELECT count(*) FROM outbox_message WHERE status <> 'sent'")[0][0] == 0,
            "every e-mail in the outbox sent", timeout=RECLAIM_SECONDS + 240,
            on_timeout=lambda: str(cluster.query(
                "SELECT status, count(*) FROM outbox_message GROUP BY status"))
            + net.log("mail2"))
        servers = cluster.servers()
        stored = cluster.query(
            "SELECT r.token, r.status, r.email, r.event_id, r.waitlist_rank FROM registration r")
        outbox = cluster.query(
            "SELECT registration_id, kind, to_address FROM outbox_message")
        rows_per_address = Counter(address.lower() for _, _, address in outbox)
        pool = dict(cluster.query(
            "SELECT event_id, confirmed_count FROM seat_pool WHERE event_id IN (%s, %s)",
            rush_event, limited_event))
        mail = cluster.received()

    # -- no overbooking --------------------------------------------------------------------
    in_rush = [row for row in stored if row[3] == rush_event]
    confirmed = [row for row in in_rush if row[1] == "confirmed"]
    waitlisted = [row for row in in_rush if row[1] == "waitlisted"]
    assert len(confirmed) == SEATS == pool[rush_event]
    assert len(waitlisted) == len(in_rush) - SEATS
    assert len({row[4] for row in waitlisted}) == len(waitlisted), "waiting-list ranks repeat"

    # -- every 201 is stored, as it was answered; only requests in flight on app1 failed ----
    by_token = {row[0]: row for row in stored}
    created = [a for a in answers if a["status"] == 201]
    for answer in created:
        assert answer["token"] in by_token, f"answered 201 but not stored: {answer}"
        assert by_token[answer["token"]][1] == answer["outcome"], answer
    failed = [a for a in answers if a["status"] != 201]
    assert len(created) + len(failed) == TOTAL
    assert len(failed) <= CLIENTS, failed
    for answer in failed:
        # a request broken by the death of its host: sent before the check took app1 out,
        # answered (with 502 or a broken connection) after the kill; nothing else fails
        assert answer["status"] in (0, 502, 503, 504), answer
        assert answer["sent"] < host_down_at and answer["answered"] >= host_killed_at, answer
    after_down = [a for a in answers if a["sent"] > host_down_at]
    assert after_down, "the rush was over before app1 was taken out: nothing shows the checks"
    assert {a["served_by"] for a in after_down} == {"app2"}
    assert all(a["status"] == 201 for a in after_down)
    before_kill = [a for a in created if a["answered"] < host_killed_at]
    assert {a["served_by"] for a in before_kill} == {"app1", "app2"}
    # what the balancer itself reports: app1 failed its checks while dead, is up again now
    assert down[1].startswith("L4") or down[1].startswith("L7"), down
    assert servers["app1"]["status"] == "UP"
    assert int(servers["app1"]["chkdown"]) == checks_failed_before["app1"] + 1
    # the surviving host, busy with the whole rush, was never taken out
    assert servers["app2"]["status"] == "UP"
    assert int(servers["app2"]["chkdown"]) == checks_failed_before["app2"]

    # -- the per-address limit is one count across both hosts (Redis) ---------------------
    assert Counter(a["status"] for a in limited) == {201: 10, 429: LIMIT_TRIES - 10}, limited
    assert {a["served_by"] for a in limited} == {"app1", "app2"}
    assert pool[limited_event] == 10

    # -- every stored registration got its one e-mail ----------------------------------------
    per_token: dict[str, list] = defaultdict(list)
    for message in mail:
        found = TOKEN.search(message.text)
        assert found, f"a message without a personal link: {message.path.name}"
        per_token[found.group(1)].append(message)
    assert set(per_token) == set(by_token), "e-mail for unknown registrations, or none for some"
    resent = []
    for token, (_, status, address, _, _) in by_token.items():
        messages = per_token[token]
        assert rows_per_address[address.lower()] == 1, f"{address}: more than one outbox row"
        subject = {"confirmed": "Påmeldt: ", "waitlisted": "Venteliste: "}[status]
        assert all(str(m.message["Subject"]).startswith(subject) for m in messages), token
        assert all(m.message["To"].addresses[0].addr_spec == address for m in messages)
        if len(messages) > 1:
            resent.append((address, [m.peer for m in messages]))
    # at most the one message mail1 was handing over when it died went out twice, and then
    # from the dead worker first and from mail2 again
    assert len(resent) <= 1, resent
    for _, peers in resent:
        assert peers == [ADDRESSES["mail1"], ADDRESSES["mail2"]], peers
    delivered_by = Counter(m.peer for m in mail)
    assert set(delivered_by) <= {ADDRESSES["mail1"], ADDRESSES["mail2"]}
    print(f"\nscale test: {len(created)} of {TOTAL} answered 201 ({len(failed)} broken by the "
          f"host's death: {dict(Counter(a['status'] for a in failed))}); app1 taken out "
          f"{host_down_at - host_killed_at:.1f} s after its death ({down[1]}); mail1 killed "
          f"{worker_killed_at - host_killed_at:.1f} s after app1, holding about {len(stranded)} "
          f"claimed messages; mail by host {dict(delivered_by)}; sent twice: {len(resent)}; "
          f"{time.monotonic() - started:.0f} s in all")
