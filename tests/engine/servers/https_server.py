#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A TLS server on 127.0.0.1 with a self-signed certificate, for the TLS tests.

Usage: https_server.py CERT KEY   -- prints "PORT HELD_PORT" on stdout and serves, on both,
GET /file (100000 bytes of 'x') and GET /redirect?to=URL (302 to URL) until stdin closes.

PORT answers at once. HELD_PORT holds every handshake: it accepts the connection, waits until
the client's first TLS record is there and leaves it unread, prints "hello" when that record is
a ClientHello (else "not a client hello") and answers nothing until a "release" line comes on
stdin; then it goes on with the handshake ("handshake done" or "handshake failed") and serves
the request. A client that hangs up while held is reported as "gone". A test that acts between
"hello" and "release" acts, provably, in the middle of the TLS handshake."""
import http.server
import os
import select
import socket
import ssl
import sys
import threading
import urllib.parse


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", urllib.parse.parse_qs(url.query)["to"][0])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b"x" * 100000
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


say_lock = threading.Lock()


def say(line):
    with say_lock:
        print(line, flush=True)


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(sys.argv[1], sys.argv[2])
server.socket = context.wrap_socket(server.socket, server_side=True)

held = socket.create_server(("127.0.0.1", 0))
released_r, released_w = os.pipe()  # readable once "release" came: wakes every held client


def hold_one(conn):
    hangup = select.POLLRDHUP | select.POLLHUP | select.POLLERR
    waiting = select.poll()
    waiting.register(conn, select.POLLIN | hangup)
    # A TLS record header (5 bytes) and the handshake message type: 0x16 = handshake,
    # 0x01 = ClientHello. Peeked, so the handshake later reads it as if nothing happened.
    head = b""
    while len(head) < 6:
        events = waiting.poll()
        head = conn.recv(6, socket.MSG_PEEK)
        if not head or (len(head) < 6 and any(e & hangup for _, e in events)):
            say("gone")
            conn.close()
            return
    if head[0] != 0x16 or head[5] != 0x01:
        say("not a client hello")
        conn.close()
        return
    say("hello")
    holding = select.poll()
    holding.register(conn, hangup)
    holding.register(released_r, select.POLLIN)
    for fd, _ in holding.poll():
        if fd != released_r:
            say("gone")
            conn.close()
            return
    try:
        tls = context.wrap_socket(conn, server_side=True)
    except (ssl.SSLError, OSError):
        say("handshake failed")
        conn.close()
        return
    say("handshake done")
    try:
        Handler(tls, tls.getpeername(), server)
    except OSError:
        pass
    tls.close()


def accept_held():
    while True:
        conn, _ = held.accept()
        threading.Thread(target=hold_one, args=(conn,), daemon=True).start()


say(f"{server.server_address[1]} {held.getsockname()[1]}")
threading.Thread(target=server.serve_forever, daemon=True).start()
threading.Thread(target=accept_held, daemon=True).start()
for line in sys.stdin:  # the test closes our stdin to stop us
    if line.strip() == "release":
        os.write(released_w, b"x")
