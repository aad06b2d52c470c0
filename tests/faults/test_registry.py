"""Fault injection, download layer: slow, stalled and dropped servers, signals, a full disk,
permissions, things in the way of the cache, corrupt copies under parallel workers.

Each case asserts a clear, correctly classified error (or a correct repair), never a hang, a
crash with a bare OS error, or a silent wrong file.  Servers run on 127.0.0.1 inside the test;
every wait is bounded.
"""
from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from megacity.data import registry
from megacity.data.registry import DataIntegrityError, DataUnavailableError, fetch

from .conftest import PAYLOAD, SHA, fake_entry, run_bounded

REGISTRY_PY = Path(registry.__file__).resolve()


def _parts(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.part")) if folder.exists() else []


def _serve(monkeypatch, entry, url):
    e = fake_entry(url=url, name=entry.name)
    monkeypatch.setitem(registry.REGISTRY, e.name, e)
    return e


# --- deadlines: a trickling or silent server cannot hold a download open -----------------------

@pytest.mark.parametrize("path", ["/slow.csv", "/stall.csv"])
def test_overall_deadline_not_per_read(fake, server, monkeypatch, path):
    """1 byte/s never trips a per-read timeout; the overall deadline (2 s here) must."""
    entry, _, cache = fake
    _serve(monkeypatch, entry, server + path)
    monkeypatch.setenv("MEGACITY_DOWNLOAD_TIMEOUT", "1")
    done, result, elapsed = run_bounded(lambda: fetch(entry.name, cache=cache), 12)
    assert done, "fetch hung past its deadline"
    assert isinstance(result, registry.DownloadTimeoutError), repr(result)
    assert elapsed < 8
    msg = str(result)
    assert "MEGACITY_DOWNLOAD_TIMEOUT" in msg and registry.MIRROR_ENV in msg and "1 s" in msg
    assert _parts(cache) == [] and not (cache / entry.name).exists()


def test_deadline_argument_and_bad_values(fake, server, monkeypatch):
    entry, _, cache = fake
    _serve(monkeypatch, entry, server + "/slow.csv")
    done, result, _ = run_bounded(lambda: fetch(entry.name, cache=cache, timeout=1), 12)
    assert done and isinstance(result, registry.DownloadTimeoutError)
    monkeypatch.setenv("MEGACITY_DOWNLOAD_TIMEOUT", "soon")
    with pytest.raises(ValueError, match="MEGACITY_DOWNLOAD_TIMEOUT"):
        fetch(entry.name, cache=cache)
    with pytest.raises(ValueError, match="timeout"):
        fetch(entry.name, cache=cache, timeout=-1)


def test_dropped_connection_is_a_network_error_not_a_corrupt_file(fake, server, monkeypatch):
    entry, _, cache = fake
    _serve(monkeypatch, entry, server + "/drop.csv")
    done, result, _ = run_bounded(lambda: fetch(entry.name, cache=cache, timeout=10), 15)
    assert done
    assert isinstance(result, DataUnavailableError) and not isinstance(result, DataIntegrityError)
    msg = str(result)
    assert f"closed after {len(PAYLOAD) // 2} of {len(PAYLOAD)} bytes" in msg
    assert registry.MIRROR_ENV in msg and registry.CACHE_ENV not in msg
    assert _parts(cache) == []


def test_http_404_and_refused_connection(fake, server, monkeypatch):
    entry, _, cache = fake
    for url in (server + "/missing.csv", "http://127.0.0.1:9/fake.csv"):
        _serve(monkeypatch, entry, url)
        with pytest.raises(DataUnavailableError, match="network problem") as err:
            fetch(entry.name, cache=cache, timeout=10)
        assert registry.MIRROR_ENV in str(err.value) and url in str(err.value)
        assert _parts(cache) == []
    _serve(monkeypatch, entry, server + "/ok.csv")
    assert fetch(entry.name, cache=cache).read_bytes() == PAYLOAD


# --- partial files: removed on every exit, signals included, and by clear_cache() -------------

_CHILD = textwrap.dedent("""
    import importlib.util, sys, time
    spec = importlib.util.spec_from_file_location("reg", {reg!r})
    reg = importlib.util.module_from_spec(spec); sys.modules["reg"] = reg; spec.loader.exec_module(reg)
    reg.REGISTRY["fake.csv"] = reg.ExternalFile(name="fake.csv", url={url!r}, sha256={sha!r},
        license="x", citation="x", description="x", size_bytes={size})
    {body}
""")


def _child(url: str, body: str) -> str:
    return _CHILD.format(reg=str(REGISTRY_PY), url=url, sha=SHA, size=len(PAYLOAD), body=body)


def test_sigterm_during_download_leaves_no_partial_file(fake, server, tmp_path):
    entry, _, cache = fake
    code = _child(server + "/slow.csv", f"reg.fetch('fake.csv', cache={str(cache)!r}, timeout=60)")
    proc = subprocess.Popen([sys.executable, "-c", code], env={**os.environ, "MEGACITY_DATA_MIRROR": ""},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        t_end = time.monotonic() + 15
        while not _parts(cache) and time.monotonic() < t_end and proc.poll() is None:
            time.sleep(0.05)
        assert _parts(cache), f"the download never started: {proc.stderr.read() if proc.poll() is not None else ''}"
        time.sleep(0.3)
        proc.send_signal(signal.SIGTERM)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
    assert proc.returncode != 0
    assert _parts(cache) == [], "SIGTERM left a partial file behind"


def test_clear_cache_and_next_fetch_remove_partial_files_of_a_killed_process(fake):
    """SIGKILL cannot be caught: its leftover .part files are removed by clear_cache() and by the
    next fetch of the same file."""
    entry, mirror, cache = fake
    cache.mkdir()
    for k in range(2):
        (cache / f".{entry.name}.dead{k}.part").write_bytes(PAYLOAD[:100])
    (cache / ".other.csv.x.part").write_bytes(b"x")
    (mirror / entry.name).write_bytes(PAYLOAD)
    fetch(entry.name, mirror=mirror, cache=cache)
    assert [p.name for p in _parts(cache)] == [".other.csv.x.part"]   # ours gone, others' kept
    removed = registry.clear_cache(cache=cache)
    assert cache / ".other.csv.x.part" in removed and cache / entry.name in removed
    assert _parts(cache) == [] and not (cache / entry.name).exists()


# --- local OS errors are kept apart from network errors ----------------------------------------

class _FullDisk:
    """A file object whose writes fail as on a full disk."""

    def __init__(self, fh):
        self._fh = fh

    def write(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name):
        return getattr(self._fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._fh.close()


@pytest.mark.parametrize("source", ["mirror", "network"])
def test_disk_full_names_the_cache_and_its_variable(fake, server, monkeypatch, source):
    entry, mirror, cache = fake
    (mirror / entry.name).write_bytes(PAYLOAD)
    _serve(monkeypatch, entry, server + "/ok.csv")
    real = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: _FullDisk(real(*a, **k)))
    with pytest.raises(registry.CacheError) as err:
        fetch(entry.name, mirror=mirror if source == "mirror" else None, cache=cache)
    msg = str(err.value)
    assert "disk is full" in msg and registry.CACHE_ENV in msg and str(cache) in msg
    assert registry.MIRROR_ENV not in msg and "network problem, not" not in msg.replace("not a network", "")
    monkeypatch.undo()
    assert _parts(cache) == []


def test_permission_denied_on_the_cache(fake, monkeypatch):
    entry, mirror, cache = fake
    (mirror / entry.name).write_bytes(PAYLOAD)

    def denied(*a, **k):
        raise PermissionError(errno.EACCES, "Permission denied")
    monkeypatch.setattr(registry.tempfile, "mkstemp", denied)
    with pytest.raises(registry.CacheError, match="permissions") as err:
        fetch(entry.name, mirror=mirror, cache=cache)
    assert registry.CACHE_ENV in str(err.value) and str(cache) in str(err.value)


def test_unreadable_mirror_file_names_the_mirror_variable(fake, monkeypatch):
    entry, mirror, cache = fake
    (mirror / entry.name).write_bytes(PAYLOAD)
    real_open = open

    def guarded(path, *a, **k):
        if Path(path).parent == mirror:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *a, **k)
    monkeypatch.setattr(registry, "open", guarded, raising=False)
    with pytest.raises(DataUnavailableError) as err:
        fetch(entry.name, mirror=mirror, cache=cache)
    msg = str(err.value)
    assert "cannot read" in msg and str(mirror) in msg and registry.MIRROR_ENV in msg


def test_cache_path_is_a_file(fake, monkeypatch, tmp_path):
    entry, mirror, _ = fake
    (mirror / entry.name).write_bytes(PAYLOAD)
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("I am a file")
    monkeypatch.setenv(registry.CACHE_ENV, str(blocker))
    with pytest.raises(registry.CacheError) as err:
        fetch(entry.name, mirror=mirror)
    msg = str(err.value)
    assert str(blocker) in msg and registry.CACHE_ENV in msg and "a file stands" in msg
    assert blocker.read_text() == "I am a file"


def test_directory_at_the_cached_file_path(fake):
    entry, mirror, cache = fake
    (mirror / entry.name).write_bytes(PAYLOAD)
    (cache / entry.name).mkdir(parents=True)                     # empty: repaired
    with pytest.warns(RuntimeWarning, match="empty folder"):
        path = fetch(entry.name, mirror=mirror, cache=cache)
    assert path.read_bytes() == PAYLOAD
    path.unlink()
    (path / "keep").mkdir(parents=True)                          # not empty: never deleted
    with pytest.raises(registry.CacheError) as err:
        fetch(entry.name, mirror=mirror, cache=cache)
    assert str(path) in str(err.value) and registry.CACHE_ENV in str(err.value)
    assert (path / "keep").is_dir()


def test_dangling_symlink_at_the_cached_file_path(fake):
    entry, mirror, cache = fake
    (mirror / entry.name).write_bytes(PAYLOAD)
    cache.mkdir()
    (cache / entry.name).symlink_to(cache / "gone")
    with pytest.warns(RuntimeWarning):
        assert fetch(entry.name, mirror=mirror, cache=cache).read_bytes() == PAYLOAD


# --- a corrupt cached copy is re-fetched, safely under parallel workers ------------------------

def test_corrupt_cached_copy_is_refetched_with_a_warning(fake):
    entry, mirror, cache = fake
    (mirror / entry.name).write_bytes(PAYLOAD)
    path = fetch(entry.name, mirror=mirror, cache=cache)
    path.write_bytes(b"garbage")
    with pytest.warns(RuntimeWarning, match="corrupt copy"):
        assert fetch(entry.name, mirror=mirror, cache=cache).read_bytes() == PAYLOAD


def test_corrupt_cache_repaired_by_four_processes_at_once(fake, tmp_path):
    entry, mirror, cache = fake
    (mirror / entry.name).write_bytes(PAYLOAD)
    cache.mkdir()
    (cache / entry.name).write_bytes(PAYLOAD[:-10] + b"corrupted\n")
    go = tmp_path / "go"
    body = (f"import pathlib, warnings\n"
            f"warnings.simplefilter('ignore')\n"
            f"while not pathlib.Path({str(go)!r}).exists(): time.sleep(0.005)\n"
            f"p = reg.fetch('fake.csv', mirror={str(mirror)!r}, cache={str(cache)!r})\n"
            f"assert reg.file_sha256(p) == {SHA!r}\nprint('OK')")
    code = _child("http://127.0.0.1:9/fake.csv", body)
    procs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(4)]
    time.sleep(1.0)                                               # let all four import
    go.write_text("")
    outs = []
    for p in procs:
        try:
            outs.append((p.wait(30), *p.communicate()))
        finally:
            if p.poll() is None:
                p.kill()
    assert [o[0] for o in outs] == [0] * 4, [o[2][-400:] for o in outs]
    assert all(o[1].strip() == "OK" for o in outs)
    assert (cache / entry.name).read_bytes() == PAYLOAD and _parts(cache) == []


def test_ctrl_c_during_a_transfer_leaves_no_partial_file(fake):
    entry, _, cache = fake
    cache.mkdir()

    def blocks():
        yield PAYLOAD[:1000]
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        registry._install_verified(blocks(), entry, cache / entry.name, "test", False)
    assert _parts(cache) == [] and not (cache / entry.name).exists()


def test_a_verified_copy_is_used_even_when_the_cache_is_read_only(fake, monkeypatch):
    entry, mirror, cache = fake
    (mirror / entry.name).write_bytes(PAYLOAD)
    path = fetch(entry.name, mirror=mirror, cache=cache)

    def denied(*a, **k):
        raise PermissionError(errno.EACCES, "Permission denied")
    monkeypatch.setattr(registry.tempfile, "mkstemp", denied)
    monkeypatch.setattr(registry, "_prepare", denied)          # no folder, no lock file needed
    assert fetch(entry.name, mirror=mirror, cache=cache) == path


def test_waiting_for_another_process_is_bounded_by_the_deadline(fake):
    import filelock

    entry, mirror, cache = fake
    (mirror / entry.name).write_bytes(PAYLOAD)
    (cache / ".locks").mkdir(parents=True)
    held = filelock.FileLock(str(cache / ".locks" / f"{entry.name}.lock"))
    with held:                                   # another fetch of the same file, stuck
        done, result, elapsed = run_bounded(
            lambda: fetch(entry.name, mirror=mirror, cache=cache, timeout=0.5), 10)
    assert done and elapsed < 5
    assert isinstance(result, DataUnavailableError) and "held the lock" in str(result)
    assert registry.DEADLINE_ENV in str(result)
    assert fetch(entry.name, mirror=mirror, cache=cache).read_bytes() == PAYLOAD
