#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A TLS client for SNI routing's tests: it writes its ClientHello the way
it is told (in N TCP segments, in N TLS records, cut short, or garbage
instead), with TCP_NODELAY and a pause between writes so that each write is
a segment of its own, then finishes the handshake if it can and asks for
"GET /".  Prints the answer's last line ("tls b1"), or RESET, EOF or
ERR <reason>: one line, for a shell test to compare.

usage: tls_pieces.py HOST PORT [--name NAME] [--segments N] [--records N]
                     [--truncate BYTES] [--garbage] [--incomplete BYTES]
                     [--hold [--count N]]

--truncate and --garbage end with a FIN, unless --hold; --incomplete sends
the start of a well-formed ClientHello whose 15000-byte padding extension
comes first, cut BYTES into it.  --count N with --hold: N such connections,
kept until the process is killed, which resets them (SO_LINGER 0).
"""
import argparse
import socket
import ssl
import sys
import time


def records(hello, n):
    """The ClientHello's one record cut into n records (same type and
    version), as RFC 8446 5.1 allows for handshake messages."""
    rtype, version, body = hello[0:1], hello[1:3], hello[5:]
    size = -(-len(body) // n)
    out = b""
    for i in range(0, len(body), size):
        part = body[i:i + size]
        out += rtype + version + len(part).to_bytes(2, "big") + part
    return out


def pieces(data, n):
    size = -(-len(data) // n)
    return [data[i:i + size] for i in range(0, len(data), size)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("host")
    ap.add_argument("port", type=int)
    ap.add_argument("--name")
    ap.add_argument("--segments", type=int, default=1)
    ap.add_argument("--records", type=int, default=1)
    ap.add_argument("--truncate", type=int, default=0)
    ap.add_argument("--garbage", action="store_true")
    ap.add_argument("--incomplete", type=int, default=0)
    ap.add_argument("--hold", action="store_true")
    ap.add_argument("--count", type=int, default=0)
    a = ap.parse_args()

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    inc, out = ssl.MemoryBIO(), ssl.MemoryBIO()
    tls = ctx.wrap_bio(inc, out, server_hostname=a.name)
    try:
        tls.do_handshake()
    except ssl.SSLWantReadError:
        pass
    hello = out.read()
    if a.records > 1:
        hello = records(hello, a.records)
    if a.garbage:
        hello = b"\x16\x03\x01\x00\x05\x01\x00\xff\xff\xff" + b"x" * 64
    elif a.truncate:
        hello = hello[:a.truncate]
    elif a.incomplete:
        # a well-formed start whose padding extension runs past BYTES
        pad = 15000
        exts = b"\x00\x15" + pad.to_bytes(2, "big") + bytes(pad)
        body = (b"\x03\x03" + bytes(32) + b"\x00" + b"\x00\x02\x13\x01" +
                b"\x01\x00" + len(exts).to_bytes(2, "big") + exts)
        hs = b"\x01" + len(body).to_bytes(3, "big") + body
        hello = (b"\x16\x03\x01" + len(hs).to_bytes(2, "big") + hs)
        hello = hello[:9 + 45 + a.incomplete]

    if a.count:
        socks = []
        for _ in range(a.count):
            s = socket.create_connection((a.host, a.port), timeout=20)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                         (1).to_bytes(4, "little") + (0).to_bytes(4, "little"))
            s.sendall(hello)
            socks.append(s)
        print("OPEN", flush=True)
        time.sleep(3600)
        return

    s = socket.create_connection((a.host, a.port), timeout=20)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    for i, part in enumerate(pieces(hello, a.segments)):
        if i:
            time.sleep(0.3)
        s.sendall(part)
    if a.garbage or a.truncate or a.incomplete:
        if not a.hold:
            try:
                s.shutdown(socket.SHUT_WR)
            except OSError:
                pass    # refused already: recv() tells
        data = s.recv(65536)
        print("EOF" if not data else "DATA")
        return

    while True:
        try:
            tls.do_handshake()
            break
        except ssl.SSLWantReadError:
            pass
        pending = out.read()
        if pending:
            s.sendall(pending)
        data = s.recv(65536)
        if not data:
            print("EOF")
            return
        inc.write(data)
    tls.write(b"GET / HTTP/1.0\r\nHost: x\r\n\r\n")
    s.sendall(out.read())
    body = b""
    while True:
        data = s.recv(65536)
        if not data:
            break
        inc.write(data)
        try:
            while True:
                chunk = tls.read(65536)
                if not chunk:
                    break
                body += chunk
        except (ssl.SSLWantReadError, ssl.SSLZeroReturnError):
            pass
        pending = out.read()
        if pending:
            s.sendall(pending)
    lines = body.decode(errors="replace").strip().splitlines()
    print(lines[-1] if lines else "EOF")


if __name__ == "__main__":
    try:
        main()
    except ConnectionResetError:
        print("RESET")
    except (OSError, ssl.SSLError) as e:
        print("ERR", e)
    sys.exit(0)
