#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Bulk throughput of a connection routed by its SNI, without TLS's own
cost: the client sends a real ClientHello (for NAME) and then only reads;
the server reads that one TLS record and sends SIZE MiB of a file with
sendfile(), then closes.  For selftests/bench/sni.sh.

usage: sni_stream.py server PORT FILE
       sni_stream.py client HOST PORT NAME   (prints MB/s received)
"""
import os
import socket
import ssl
import sys
import threading
import time


def hello(name):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    out = ssl.MemoryBIO()
    tls = ctx.wrap_bio(ssl.MemoryBIO(), out, server_hostname=name)
    try:
        tls.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return out.read()


def serve(conn, path):
    with conn:
        head = b""
        while len(head) < 5 or len(head) < 5 + int.from_bytes(head[3:5], "big"):
            data = conn.recv(65536)
            if not data:
                return
            head += data
        with open(path, "rb") as f:
            conn.sendfile(f)


def server(port, path):
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("0.0.0.0", port))
    ls.listen(64)
    while True:
        conn, _ = ls.accept()
        threading.Thread(target=serve, args=(conn, path), daemon=True).start()


def client(host, port, name):
    s = socket.create_connection((host, port), timeout=60)
    s.sendall(hello(name))
    buf = bytearray(1 << 20)
    total = 0
    t0 = time.monotonic()
    while True:
        n = s.recv_into(buf)
        if not n:
            break
        total += n
    secs = time.monotonic() - t0
    print("%.1f" % (total / 1e6 / secs if secs > 0 else 0))


if __name__ == "__main__":
    if sys.argv[1] == "server":
        server(int(sys.argv[2]), sys.argv[3])
    else:
        client(sys.argv[2], int(sys.argv[3]), sys.argv[4])
