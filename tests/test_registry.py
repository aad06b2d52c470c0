"""The external-data registry: pinned files, verification, atomic cache writes, clear errors."""
from __future__ import annotations

import functools
import hashlib
import http.server
import re
import threading
from pathlib import Path

import pytest

from megacity.data import registry
from megacity.data.registry import (
    DataIntegrityError,
    DataUnavailableError,
    ExternalFile,
    fetch,
)

SHARED = Path(__file__).resolve().parents[2] / "shared" / "external-data"

PAYLOAD = b"city,pop\n" + b"".join(f"c{i},{i * 1000}\n".encode() for i in range(5000))


@pytest.fixture()
def fake(monkeypatch, tmp_path):
    """A registry entry for a generated file, with a mirror folder and an empty cache."""
    entry = ExternalFile(name="fake.csv", url="http://127.0.0.1:9/fake.csv",
                         sha256=hashlib.sha256(PAYLOAD).hexdigest(), license="CC0-1.0",
                         citation="test", description="generated test file", size_bytes=len(PAYLOAD))
    monkeypatch.setitem(registry.REGISTRY, entry.name, entry)
    mirror, cache = tmp_path / "mirror", tmp_path / "cache"
    mirror.mkdir()
    monkeypatch.delenv(registry.MIRROR_ENV, raising=False)
    return entry, mirror, cache


def _no_network(*args, **kwargs):
    raise AssertionError("the network must not be used when a mirror is set")


def test_fetch_from_mirror_verifies_and_caches(fake, monkeypatch):
    entry, mirror, cache = fake
    (mirror / entry.name).write_bytes(PAYLOAD)
    monkeypatch.setattr("urllib.request.urlopen", _no_network)
    path = fetch(entry.name, mirror=mirror, cache=cache)
    assert path == cache / entry.name
    assert path.read_bytes() == PAYLOAD
    assert sorted(p.name for p in cache.iterdir()) == [entry.name]  # no temporary file left
    # second call: served from the cache even when the mirror is gone
    (mirror / entry.name).unlink()
    assert fetch(entry.name, mirror=mirror, cache=cache) == path


def test_mirror_from_environment_variable(fake, monkeypatch):
    entry, mirror, cache = fake
    (mirror / entry.name).write_bytes(PAYLOAD)
    monkeypatch.setenv(registry.MIRROR_ENV, str(mirror))
    monkeypatch.setenv(registry.CACHE_ENV, str(cache))
    monkeypatch.setattr("urllib.request.urlopen", _no_network)
    assert fetch(entry.name).read_bytes() == PAYLOAD


@pytest.mark.parametrize("damage", ["truncated", "tampered"])
def test_corrupt_mirror_file_is_refused_and_cache_stays_clean(fake, damage):
    entry, mirror, cache = fake
    bad = PAYLOAD[: len(PAYLOAD) // 2] if damage == "truncated" else PAYLOAD.replace(b"c42,", b"c43,")
    (mirror / entry.name).write_bytes(bad)
    with pytest.raises(DataIntegrityError) as err:
        fetch(entry.name, mirror=mirror, cache=cache)
    msg = str(err.value)
    assert entry.name in msg
    assert entry.sha256 in msg                                  # expected hash
    assert hashlib.sha256(bad).hexdigest() in msg               # actual hash
    assert "Nothing was written to the cache" in msg
    assert list(cache.iterdir()) == []                          # no partial or bad file
    assert (mirror / entry.name).read_bytes() == bad            # the source is left as it was


def test_missing_from_mirror_is_an_error_not_a_download(fake, monkeypatch):
    entry, mirror, cache = fake
    monkeypatch.setattr("urllib.request.urlopen", _no_network)
    with pytest.raises(DataUnavailableError, match=r"fake\.csv is not in the data mirror") as err:
        fetch(entry.name, mirror=mirror, cache=cache)
    assert registry.MIRROR_ENV in str(err.value)
    assert not cache.exists() or list(cache.iterdir()) == []


def test_no_mirror_and_no_network_gives_clear_error(fake):
    entry, _, cache = fake  # its URL points at a closed loopback port
    with pytest.raises(DataUnavailableError) as err:
        fetch(entry.name, cache=cache)
    msg = str(err.value)
    assert "could not download fake.csv" in msg and registry.MIRROR_ENV in msg
    assert not cache.exists() or list(cache.iterdir()) == []


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture()
def loopback_server(tmp_path):
    root = tmp_path / "www"
    root.mkdir()
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_download_path_verifies(fake, monkeypatch, loopback_server):
    entry, _, cache = fake
    root, base = loopback_server
    (root / "good.csv").write_bytes(PAYLOAD)
    (root / "bad.csv").write_bytes(PAYLOAD + b"extra\n")
    monkeypatch.setitem(registry.REGISTRY, entry.name,
                        ExternalFile(**{**entry.__dict__, "url": f"{base}/bad.csv"}))
    with pytest.raises(DataIntegrityError):
        fetch(entry.name, cache=cache)
    assert list(cache.iterdir()) == []
    monkeypatch.setitem(registry.REGISTRY, entry.name,
                        ExternalFile(**{**entry.__dict__, "url": f"{base}/good.csv"}))
    assert fetch(entry.name, cache=cache).read_bytes() == PAYLOAD


def test_corrupt_cached_copy_is_removed_with_an_error(fake):
    entry, mirror, cache = fake
    (mirror / entry.name).write_bytes(PAYLOAD)
    path = fetch(entry.name, mirror=mirror, cache=cache)
    path.write_bytes(b"garbage")
    with pytest.raises(DataIntegrityError, match="has been removed; run again"):
        fetch(entry.name, mirror=mirror, cache=cache)
    assert not path.exists()
    assert fetch(entry.name, mirror=mirror, cache=cache).read_bytes() == PAYLOAD


def test_unknown_name_lists_known_files():
    with pytest.raises(DataUnavailableError, match="census_city_2010-2020_v1.csv"):
        fetch("no_such_file.csv")


def _registry_md_rows() -> dict[str, tuple[str, str]]:
    text = (SHARED / "REGISTRY.md").read_text(encoding="utf-8")
    rows = {}
    for line in text.splitlines():
        m = re.match(r"\|\s*([\w.\-]+)\s*\|\s*(https://\S+)\s*\|\s*([0-9a-f]{64})\s*\|", line)
        if m:
            rows[m.group(1)] = (m.group(2), m.group(3))
    return rows


needs_shared = pytest.mark.skipif(not SHARED.is_dir(),
                                  reason="../shared/external-data is not beside the repository")


@needs_shared
def test_registry_matches_the_published_registry():
    published = _registry_md_rows()
    assert len(published) >= 6
    ours = {name: (f.url, f.sha256) for name, f in registry.REGISTRY.items()}
    # every entry we register is published with the same URL and checksum (REGISTRY.md also lists
    # files no chapter uses yet)
    assert {k: published.get(k) for k in ours} == ours


@needs_shared
@pytest.mark.parametrize("name", sorted(registry.REGISTRY))
def test_every_external_file_verifies_from_the_mirror(name, tmp_path):
    path = fetch(name, mirror=SHARED, cache=tmp_path)
    assert registry.file_sha256(path) == registry.REGISTRY[name].sha256
    assert path.stat().st_size == registry.REGISTRY[name].size_bytes
