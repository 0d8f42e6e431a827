#!/usr/bin/env python3
"""Loopback tarpit for scripts/bench-memory.sh: accepts TCP connections and never sends a byte.

    bench-tarpit.py ADDRESS FIRST_PORT COUNT

Listens on ADDRESS:FIRST_PORT .. FIRST_PORT+COUNT-1 (ADDRESS must be in 127.0.0.0/8), prints
"ready" once every port is bound, then accepts: each listener takes ONE connection, keeps it open
(never reads, never writes) and closes itself, so COUNT connections in flight cost about COUNT
descriptors here, not 2 x COUNT (the hard open-file limit of the box may be 20,000). Runs until
SIGTERM/SIGINT. A scanner probing it sees the TCP connection succeed and the TLS handshake never
answered: every probe waits for its handshake timeout.
"""
import ipaddress
import resource
import select
import signal
import socket
import sys


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: bench-tarpit.py ADDRESS FIRST_PORT COUNT")
    address, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if ipaddress.ip_address(address) not in ipaddress.ip_network("127.0.0.0/8"):
        sys.exit("bench-tarpit: loopback (127.0.0.0/8) addresses only")
    if not (1 <= first and first + count - 1 <= 65535 and count >= 1):
        sys.exit("bench-tarpit: bad port range")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if count + 64 > hard:
        sys.exit(f"bench-tarpit: {count} ports need more descriptors than the hard limit {hard}")

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    poller = select.epoll()
    listeners = {}
    for port in range(first, first + count):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((address, port))
        s.listen(4)
        s.setblocking(False)
        listeners[s.fileno()] = s
        poller.register(s.fileno(), select.EPOLLIN)
    print("ready", flush=True)

    held = []  # accepted connections: kept open, never read or written
    try:
        while listeners:
            for fd, _ in poller.poll():
                s = listeners.pop(fd, None)
                if s is None:
                    continue
                try:
                    conn, _ = s.accept()
                    held.append(conn)
                except BlockingIOError:
                    listeners[fd] = s
                    continue
                poller.unregister(fd)
                s.close()
        signal.pause()  # every port has its connection: just hold them
    except (KeyboardInterrupt, SystemExit):
        pass


if __name__ == "__main__":
    main()
