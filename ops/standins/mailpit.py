"""Mail catcher stand-in: accepts SMTP on 1025 and prints each message; answers HTTP on 8025."""

import smtpd  # noqa: the stdlib's (deprecated, still in 3.11): enough for a stand-in
import asyncore
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer


class Printer(smtpd.SMTPServer):
    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        print(f"mail from {mailfrom} to {rcpttos}: {len(data)} bytes", flush=True)


class Page(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"mail catcher stand-in: messages are in the container's log\n")


Printer(("0.0.0.0", 1025), None)
threading.Thread(target=HTTPServer(("0.0.0.0", 8025), Page).serve_forever, daemon=True).start()
asyncore.loop()
