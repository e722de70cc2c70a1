"""Make Pagefind's filter chunks byte-identical from build to build.

Pagefind 1.5.2 writes each filter's values, and the list of filters in its ``.pf_meta`` file, in
hash-map order, which changes on every run; the chunk names are hashes of the bytes, so they
change too. This rewrites them in sorted order under names hashed from their content, and
renames the meta file the entry file points to. The files are gzip-compressed CBOR after an
ASCII signature; a small CBOR reader and writer cover what Pagefind writes (integers, text,
arrays, maps). If any file does not read back to exactly its own bytes, nothing is changed.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"


class Unexpected(ValueError):
    """A bundle this module does not understand (left as Pagefind wrote it)."""


def decode(data: bytes) -> Any:
    value, end = _item(data, 0)
    if end != len(data):
        raise Unexpected("trailing bytes")
    return value


def _head(data: bytes, pos: int) -> tuple[int, int, int]:
    if pos >= len(data):
        raise Unexpected("truncated")
    first = data[pos]
    major, info = first >> 5, first & 0x1F
    if info < 24:
        return major, info, pos + 1
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None or pos + 1 + size > len(data):
        raise Unexpected(f"unsupported length {info}")
    return major, int.from_bytes(data[pos + 1: pos + 1 + size], "big"), pos + 1 + size


def _item(data: bytes, pos: int) -> tuple[Any, int]:
    major, arg, pos = _head(data, pos)
    if major == 0:
        return arg, pos
    if major == 1:
        return -1 - arg, pos
    if major in (2, 3):
        raw = data[pos: pos + arg]
        return (raw if major == 2 else raw.decode("utf-8")), pos + arg
    if major == 4:
        items = []
        for _ in range(arg):
            value, pos = _item(data, pos)
            items.append(value)
        return items, pos
    if major == 5:
        pairs = []
        for _ in range(arg):
            key, pos = _item(data, pos)
            value, pos = _item(data, pos)
            pairs.append((key, value))
        return _Map(pairs), pos
    raise Unexpected(f"unsupported major type {major}")


class _Map(list[tuple[Any, Any]]):
    """A CBOR map, kept as ordered pairs so it writes back as it was read."""


def encode(value: Any) -> bytes:
    if isinstance(value, bool) or value is None:
        raise Unexpected("unsupported simple value")
    if isinstance(value, int):
        return _head_bytes(0, value) if value >= 0 else _head_bytes(1, -1 - value)
    if isinstance(value, bytes):
        return _head_bytes(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head_bytes(3, len(raw)) + raw
    if isinstance(value, _Map):
        return _head_bytes(5, len(value)) + b"".join(encode(k) + encode(v) for k, v in value)
    if isinstance(value, list):
        return _head_bytes(4, len(value)) + b"".join(encode(v) for v in value)
    raise Unexpected(f"unsupported value {type(value).__name__}")


def _head_bytes(major: int, arg: int) -> bytes:
    if arg < 24:
        return bytes([major << 5 | arg])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if arg < 1 << (8 * size):
            return bytes([major << 5 | info]) + arg.to_bytes(size, "big")
    raise Unexpected("integer too large")


def read(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise Unexpected(f"{path.name}: no Pagefind signature")
    body = data[len(SIGNATURE):]
    value = decode(body)
    if encode(value) != body:
        raise Unexpected(f"{path.name}: does not read back to its own bytes")
    return value


def write(path: Path, value: Any) -> None:
    path.write_bytes(gzip.compress(SIGNATURE + encode(value), mtime=0))


def content_name(prefix: str, value: Any, digits: int) -> str:
    return prefix + hashlib.sha256(encode(value)).hexdigest()[:digits]


def canonicalise(bundle: Path) -> bool:
    """Rewrite the filter chunks and meta file in sorted order; False if left unchanged."""
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        plans = [_plan(bundle, language, info["hash"])
                 for language, info in sorted(entry["languages"].items())]
    except (Unexpected, OSError, KeyError, TypeError, ValueError):
        return False
    for language, (old_meta, meta, filters, renames) in zip(
            sorted(entry["languages"]), plans, strict=True):
        for old, (new, value) in renames.items():
            (bundle / "filter" / f"{old}.pf_filter").unlink()
            write(bundle / "filter" / f"{new}.pf_filter", value)
        meta[filters] = sorted(([name, renames.get(h, (h, None))[0]] for name, h in meta[filters]),
                               key=lambda pair: str(pair[0]))
        new_hash = content_name(f"{language}_", meta, 10)
        old_meta.unlink()
        write(bundle / f"pagefind.{new_hash}.pf_meta", meta)
        entry["languages"][language]["hash"] = new_hash
    entry_path.write_text(json.dumps(entry, separators=(",", ":"), ensure_ascii=False),
                          encoding="utf-8")
    return True


def _plan(bundle: Path, language: str, meta_hash: str) -> tuple[Path, Any, int,
                                                                 dict[str, tuple[str, Any]]]:
    """Read one language's meta and filter chunks and work out the sorted, renamed ones."""
    meta_path = bundle / f"pagefind.{meta_hash}.pf_meta"
    meta = read(meta_path)
    if not isinstance(meta, list):
        raise Unexpected("meta is not a list")
    filters = next((i for i, part in enumerate(meta) if _is_filter_list(bundle, part)), None)
    if filters is None:
        raise Unexpected("no filter list in meta")
    renames: dict[str, tuple[str, Any]] = {}
    for _, chunk in meta[filters]:
        value = read(bundle / "filter" / f"{chunk}.pf_filter")
        if not (isinstance(value, list) and len(value) == 2 and isinstance(value[1], list)):
            raise Unexpected("filter chunk shape")
        value[1].sort(key=lambda item: value_order(str(item[0])))
        renames[chunk] = (content_name(f"{language}_", value, 7), value)
    return meta_path, meta, filters, renames


def value_order(value: str) -> tuple[int, str]:
    """The order a filter's values are offered in: age bands youngest first (Unborn, Under 1,
    1 to 4 ...: the order of a reader's question, which sorting by text breaks), then the rest
    by their text. The same order on every build."""
    from generator.models import AGE_BAND_LABELS

    ages = list(AGE_BAND_LABELS.values())
    return (ages.index(value), "") if value in ages else (len(ages), value)


def _is_filter_list(bundle: Path, part: Any) -> bool:
    return (isinstance(part, list) and not isinstance(part, _Map) and bool(part)
            and all(isinstance(item, list) and len(item) == 2 and isinstance(item[1], str)
                    and (bundle / "filter" / f"{item[1]}.pf_filter").is_file()
                    for item in part))
