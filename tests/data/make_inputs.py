#!/usr/bin/env python3
"""Writes the container fixtures of tests/data/inputs and tests/data/damaged
(gzip and zip files, byte for byte reproducible) from the text fixtures
beside them. Run from tests/data after editing those."""
import gzip
import io
import zipfile


def gz(data: bytes) -> bytes:
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as f:
        f.write(data)
    return out.getvalue()


def add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def read(name: str) -> bytes:
    with open(name, "rb") as f:
        return f.read()


lines = read("inputs/lines.jsonl")
with open("inputs/lines.jsonl.gz", "wb") as f:
    f.write(gz(lines))

with zipfile.ZipFile("inputs/bundle.zip", "w") as z:
    add(z, "logs/", b"")
    add(z, "logs/objects.json", read("inputs/objects.json"))
    add(z, "logs/notes.txt", b"not events\n")
    add(z, "logs/nested/array.json.gz", gz(read("inputs/array.json")))

# Damage: a gzip stream cut in the middle, a zip with a corrupted member.
with open("damaged/cut.jsonl.gz", "wb") as f:
    whole = gz(lines * 50)
    f.write(whole[: len(whole) // 2])
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w") as z:
    add(z, "good.jsonl", lines)
    add(z, "bad.jsonl", lines * 20)
data = bytearray(buffer.getvalue())
bad = data.find(b"bad.jsonl") + len(b"bad.jsonl") + 40
data[bad : bad + 16] = b"\xff" * 16
with open("damaged/crc.zip", "wb") as f:
    f.write(bytes(data))
