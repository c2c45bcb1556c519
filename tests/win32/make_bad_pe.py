#!/usr/bin/env python3
"""Writes malformed variants of a good PE32+ program, one per bad-input test:
pe32, dll, gui, truncated_headers, truncated_section, corrupt_imports, missing_dll.
Usage: make_bad_pe.py GOOD.exe OUTDIR"""
import struct
import sys

good = bytearray(open(sys.argv[1], "rb").read())
out = sys.argv[2]
pe = struct.unpack_from("<I", good, 0x3C)[0]
file_header = pe + 4
optional = file_header + 20
sections = optional + struct.unpack_from("<H", good, file_header + 16)[0]


def write(name, data):
    open(f"{out}/{name}.exe", "wb").write(bytes(data))


def patched(offset, fmt, value):
    data = bytearray(good)
    struct.pack_into(fmt, data, offset, value)
    return data


write("pe32", patched(optional, "<H", 0x10B))  # optional header magic: PE32
write("dll", patched(file_header + 18, "<H", struct.unpack_from("<H", good, file_header + 18)[0] | 0x2000))
write("gui", patched(optional + 68, "<H", 2))  # IMAGE_SUBSYSTEM_WINDOWS_GUI
write("truncated_headers", good[: pe + 40])
# Cut inside the last section's raw data.
count = struct.unpack_from("<H", good, file_header + 2)[0]
last = sections + 40 * (count - 1)
raw_size, raw_pointer = struct.unpack_from("<II", good, last + 16)
biggest = max(range(count), key=lambda i: struct.unpack_from("<I", good, sections + 40 * i + 16)[0])
b_size, b_pointer = struct.unpack_from("<II", good, sections + 40 * biggest + 16)
write("truncated_section", good[: b_pointer + b_size // 2])
# Import directory (data directory 1) pointing far outside the image.
write("corrupt_imports", patched(optional + 112 + 8, "<I", 0x7FFFFFF0))
# Rename the imported msvcrt.dll to a DLL nobody provides (same length).
data = bytearray(good)
at = data.lower().find(b"msvcrt.dll\0")
data[at : at + 10] = b"celdax.dll"
write("missing_dll", data)
open(f"{out}/not_a_pe.exe", "w").write("this is a text file, not a program\n")
