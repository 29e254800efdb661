"""Write ``state-v1.sqlite``: a digest state file as release 707e6f9 (schema 1) left it.

Kept to show how the fixture was made; it is not run by the tests. Run it against a
checkout of that release (its mail ledger and schedule records lived outside the schema):

    git archive 707e6f9 | tar -x -C /tmp/v1
    PYTHONPATH=/tmp/v1/src .venv/bin/python tests/state_fixtures/make_state_v1.py OUT.sqlite

Two digest days from a loopback RSS feed and a folder (``seen``, ``runs``, ``http_cache``),
the day-1 digest mailed to two readers through aiosmtpd (``sent``), and the scheduler's
note that day 1 ran (``schedule_runs``).
"""

from __future__ import annotations

import shutil
import socket
import sys
import tempfile
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from aiosmtpd.controller import Controller

FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Ledger</title>
<item><title>Harbour bridge reopens after repairs</title><link>LINK/bridge</link>
<guid>bridge</guid><pubDate>Mon, 16 Nov 2026 07:00:00 +0000</pubDate>
<description>The harbour bridge reopened on Monday after eight months of repairs. The city
council said the work cost 12 million and finished two weeks early. Traffic was light in the
morning. Officials expect the usual queues to return by the end of the week.</description></item>
</channel></rss>"""

ARTICLES = {
    "park.txt": "Council approves new riverside park\n\nThe city council approved a new "
    "riverside park on Monday. The park will cover 40 acres. Work starts in spring.\n",
    "storm.txt": "Storm closes coastal roads\n\nA storm closed three coastal roads on Monday. "
    "Crews cleared fallen trees overnight. The roads reopen on Tuesday.\n",
}


class Feed(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        body = FEED.replace(b"LINK", f"http://127.0.0.1:{self.server.server_address[1]}".encode())
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("ETag", '"v1"')
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class Sink:
    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        return "250 OK"


def main(out: Path) -> None:
    from newsbrief.digest.config import load_config
    from newsbrief.digest.run import run_digest
    from newsbrief.schedule import record_run

    http = ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        smtp_port = probe.getsockname()[1]
    smtp = Controller(Sink(), hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    work = Path(tempfile.mkdtemp())
    try:
        (work / "desk").mkdir()
        for name, text in ARTICLES.items():
            (work / "desk" / name).write_text(text, encoding="utf-8")
        config = work / "digest.toml"
        config.write_text(
            'title = "Morning briefing"\nstate = "state.sqlite"\noutput_dir = "out"\n'
            'formats = ["md"]\ntimezone = "UTC"\nworkers = 0\n'
            f'[[sources]]\nname = "Ledger"\nfeed = "http://127.0.0.1:{http.server_address[1]}/rss"\n'
            '[[sources]]\nname = "Desk"\npath = "desk"\n'
            f'[email]\nsmtp_host = "127.0.0.1"\nsmtp_port = {smtp_port}\n'
            'security = "none"\nsender = "briefing@example.org"\n'
            'to = ["reader@example.org", "second@example.org"]\n',
            encoding="utf-8",
        )
        cfg = load_config(config)
        run_digest(cfg, date=date(2026, 11, 16), email=True)
        record_run(cfg.state, date(2026, 11, 16), "1 file(s) written, mailed to 2")
        run_digest(cfg, date=date(2026, 11, 17))
        shutil.copyfile(cfg.state, out)
    finally:
        smtp.stop()
        http.shutdown()
        shutil.rmtree(work)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
