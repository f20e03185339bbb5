"""The scale test's mail server: aiosmtpd, keeping every message it accepts as a file.

``python -m tests.scale.smtp_sink --host 10.77.0.5 --port 2525 --dir DIR`` writes each
message as DIR/<arrival ns>-<sending address>.eml (written whole, then renamed into place),
before it answers 250, as a real server does once it has taken responsibility for a
message. DIR/ready appears when it listens.
"""

from __future__ import annotations

import argparse
import os
import threading
import time
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope, Session


class Keep:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        peer = session.peer[0] if isinstance(session.peer, tuple) else str(session.peer)
        with self.lock:
            self.count += 1
            name = f"{time.time_ns()}-{self.count:06d}-{peer}.eml"
        temporary = self.folder / f".{name}"
        temporary.write_bytes(envelope.original_content or envelope.content or b"")
        os.replace(temporary, self.folder / name)
        return "250 Message accepted"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", type=Path, required=True)
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    controller = Controller(Keep(args.dir), hostname=args.host, port=args.port)
    controller.start()
    (args.dir / "ready").write_text("listening\n")
    threading.Event().wait()  # until killed with the host


if __name__ == "__main__":
    main()
