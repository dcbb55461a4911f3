"""Writes hoistglibc-1.0-cp311-cp311-manylinux2014_x86_64.whl into OUT_DIR around the shared object SO_PATH.

Usage: python3 make_wheel.py OUT_DIR SO_PATH. The wheel claims manylinux2014 (glibc 2.17) but its extension
module needs GLIBC_2.34, as a wheel mis-tagged or built on a newer distribution would.
"""
import base64
import hashlib
import sys
import zipfile


def digest(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def main():
    out_dir, so_path = sys.argv[1], sys.argv[2]
    tag = "cp311-cp311-manylinux2014_x86_64"
    info = "hoistglibc-1.0.dist-info"
    files = {
        "hoistglibc/__init__.py": b"from . import _native  # noqa: F401\n",
        "hoistglibc/_native.so": open(so_path, "rb").read(),
        f"{info}/METADATA": b"Metadata-Version: 2.1\nName: hoistglibc\nVersion: 1.0\n",
        f"{info}/WHEEL": f"Wheel-Version: 1.0\nGenerator: hoist-tests\nRoot-Is-Purelib: false\nTag: {tag}\n".encode(),
    }
    record = "".join(f"{name},{digest(data)},{len(data)}\n" for name, data in files.items())
    record += f"{info}/RECORD,,\n"
    files[f"{info}/RECORD"] = record.encode()
    path = f"{out_dir}/hoistglibc-1.0-{tag}.whl"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name, data in files.items():
            wheel.writestr(name, data)
    print(path)


if __name__ == "__main__":
    main()
