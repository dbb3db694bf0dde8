"""Scapy side of OverlayScapyInteropTest: scapy is the independent VXLAN/Geneve implementation.

  overlay_scapy.py build vxlan|geneve SEED COUNT   scapy builds random frames; prints one JSON object
                                                  per line: the frame in hex plus the values it set
  overlay_scapy.py parse PCAP                     scapy dissects each frame; prints its fields as JSON
"""
import json
import random
import sys

from scapy.all import Ether, IP, UDP, TCP, Packet, Raw, rdpcap, raw
from scapy.contrib.geneve import GENEVE, GeneveOptions
from scapy.layers.vxlan import VXLAN

# scapy 2.5's GeneveOptions lacks extract_padding, so dissection folds every option after the first
# into the first one's payload; newer scapy defines exactly this. Added only where missing.
if GeneveOptions.extract_padding is Packet.extract_padding:
    GeneveOptions.extract_padding = lambda self, s: (b"", s)


def inner(rng):
    return (Ether(src="02:00:00:00:0a:01", dst="02:00:00:00:0a:02") / IP(src="10.0.0.1", dst="10.0.0.2")
            / TCP(sport=40000, dport=80, seq=rng.randrange(2**32)) / Raw(bytes(rng.randrange(256) for _ in range(rng.randrange(40)))))


def outer(dport):
    return Ether(src="02:00:00:00:00:b1", dst="02:00:00:00:00:b2") / IP(src="192.0.2.1", dst="192.0.2.2") / UDP(sport=49152, dport=dport)


def build_vxlan(rng):
    vni = rng.randrange(2**24)
    # I flag plus random reserved bits (not G/NextProtocol, which change the layout): receivers ignore them.
    flags = 0x08 | rng.choice([0, 0x01, 0x02, 0x40, 0x80])
    pkt = outer(4789) / VXLAN(flags=flags, vni=vni, reserved1=rng.randrange(2**24), reserved2=rng.randrange(256)) / inner(rng)
    return pkt, {"vni": vni}


def build_geneve(rng):
    options, words = [], 0
    for _ in range(rng.randrange(6)):
        length = rng.randrange(8)
        if words + 1 + length > 63:
            break
        data = bytes(rng.randrange(256) for _ in range(4 * length))
        options.append({"class": rng.randrange(2**16), "type": rng.randrange(256), "data": data.hex()})
        words += 1 + length
    vni, oam, critical = rng.randrange(2**24), rng.randrange(2), rng.randrange(2)
    scapy_options = [GeneveOptions(classid=o["class"], type=o["type"], reserved=rng.randrange(8),
                                   length=len(o["data"]) // 8, data=bytes.fromhex(o["data"])) for o in options]
    # optionlen set explicitly: scapy 2.5 masks the computed value with 0x2f.
    pkt = outer(6081) / GENEVE(version=0, optionlen=words, oam=oam, critical=critical, reserved=rng.randrange(64),
                               proto=0x6558, vni=vni, reserved2=rng.randrange(256), options=scapy_options) / inner(rng)
    return pkt, {"vni": vni, "oam": oam, "critical": critical, "proto": 0x6558, "options": options}


def parse(path):
    for pkt in rdpcap(path):
        out = {"udp_dport": pkt[UDP].dport}
        if VXLAN in pkt:
            v = pkt[VXLAN]
            out.update(layer="vxlan", flags=int(v.flags), vni=v.vni)
            payload = v.payload
        elif GENEVE in pkt:
            g = pkt[GENEVE]
            out.update(layer="geneve", version=g.version, optionlen=g.optionlen, oam=g.oam, critical=g.critical,
                       proto=g.proto, vni=g.vni,
                       options=[{"class": o.classid, "type": o.type, "length": o.length, "data": bytes(o.data).hex()}
                                for o in g.options])
            payload = g.payload
        else:
            out.update(layer="none")
            payload = None
        if payload is not None and isinstance(payload, Ether):
            out.update(inner_src=payload.src, inner_dst=payload.dst, inner_tcp_dport=payload[TCP].dport if TCP in payload else None)
        print(json.dumps(out))


def main():
    if sys.argv[1] == "build":
        kind, seed, count = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        rng = random.Random(seed)
        for _ in range(count):
            pkt, values = (build_vxlan if kind == "vxlan" else build_geneve)(rng)
            values["hex"] = raw(pkt).hex()
            print(json.dumps(values))
    else:
        parse(sys.argv[2])


main()
