#!/usr/bin/env python3
"""Writes a pcap (us) of COUNT Ethernet frames of SIZE bytes, GAP_US apart: a trace for replay
benchmarks. Frames: broadcast-free unicast 02:.. -> 02:.., EtherType 0x88B5 (local experimental),
payload = frame number, so no host on the wire reacts to them.

usage: make-trace.py OUT.pcap COUNT [SIZE=64] [GAP_US=10]"""
import struct
import sys

out, count = sys.argv[1], int(sys.argv[2])
size = int(sys.argv[3]) if len(sys.argv) > 3 else 64
gap_us = int(sys.argv[4]) if len(sys.argv) > 4 else 10
header = bytes.fromhex("020000000002" "020000000001" "88b5")
with open(out, "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    t = 1_700_000_000 * 1_000_000
    for i in range(count):
        body = struct.pack(">I", i) * ((size - 14) // 4 + 1)
        frame = (header + body)[:size]
        f.write(struct.pack("<IIII", t // 1_000_000, t % 1_000_000, size, size))
        f.write(frame)
        t += gap_us
