"""External data sets: pinned upstream URLs, sha256 checksums, a verified cache.

Large public files are never committed to the compendium.  Each is named here
with the raw URL of a pinned commit and its sha256.  :func:`fetch` returns the
path of a verified local copy:

1. a copy in the cache directory is used if its hash matches;
2. otherwise, if the environment variable ``MEGACITY_DATA_MIRROR`` names a
   folder, the file is copied from there (CI and offline machines);
3. otherwise it is downloaded from the pinned URL (with a progress bar).

Every copy is verified before it is put in place, and it is put in place
atomically (written to a temporary file in the cache folder, then renamed), so
an interrupted or corrupt transfer leaves nothing behind.  A mismatch or a
missing file is an error that says which file, which hashes and what to do;
there is no silent fallback from one source to another.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "CACHE_ENV",
    "MIRROR_ENV",
    "REGISTRY",
    "DataIntegrityError",
    "DataUnavailableError",
    "ExternalFile",
    "cache_dir",
    "fetch",
    "file_sha256",
]

MIRROR_ENV = "MEGACITY_DATA_MIRROR"
CACHE_ENV = "MEGACITY_CACHE"

_GH = "https://raw.githubusercontent.com"
_GPL = f"{_GH}/Global-Policy-Lab/gpl-covid/84369c56b76f67c6b91f42872ea124636450c82a/data"
_GPL_CITE = ("Hsiang, S. et al. (2020) The effect of large-scale anti-contagion policies on the "
             "COVID-19 pandemic. Nature 584:262-267. doi:10.1038/s41586-020-2404-8")


@dataclass(frozen=True)
class ExternalFile:
    """One pinned external file."""

    name: str
    url: str
    sha256: str
    license: str
    citation: str
    description: str
    size_bytes: int


REGISTRY: dict[str, ExternalFile] = {f.name: f for f in (
    ExternalFile(
        name="census_city_2010-2020_v1.csv",
        url=f"{_GH}/leiii/census/0ba0f1efae092f4aa6569ef38e53b3bb4d2f0087/data/census/census_city_2010-2020_v1.csv",
        sha256="cef8ba063a7cda6f6eed99cd71cfa18aeed2ef09bc517a514810df874e99913a",
        license="MIT",
        citation=("Dong, L., Du, R., Liu, Y. (2022) Mapping Evolving Population Geography in China. "
                  "SSRN 4049338"),
        description=("369 prefecture-level units: 2010 (6th) and 2020 (7th) census resident, urban "
                     "and rural population, boundary polygons (WKT, lon/lat)"),
        size_bytes=4039146,
    ),
    ExternalFile(
        name="yearbook_light.csv",
        url=f"{_GH}/quanturban/firm/67218beaadc916cb26ca968481c91ebd55e6cbd6/yearbook_light.csv",
        sha256="d55bc0915ac6a3258de9d273cf652c40b7dc24b442dfc7cc809305db5dd6d5de",
        license="MIT",
        citation=("Dong, L., Yuan, X., Li, M., Ratti, C., Liu, Y. (2021) A gridded establishment "
                  "dataset as a proxy for economic activity in China. Scientific Data 8:5. "
                  "doi:10.1038/s41597-020-00792-9"),
        description=("279 cities: GDP and fiscal revenue (10^4 yuan), employment, night-light sum; "
                     "yearbook data treated as 2015"),
        size_bytes=13080,
    ),
    ExternalFile(
        name="gpl_covid_CHN_policy_data_sources_raw.csv",
        url=f"{_GPL}/raw/china/CHN_policy_data_sources.csv",
        sha256="9281f9ff9222c7aec9ed8f8d081102537fc87ceb75b0d1e3dc5d74ab5bb093bd",
        license="CC0-1.0",
        citation=_GPL_CITE,
        description=("Chinese local COVID-19 policy dates, Jan-Feb 2020: provincial level-1 "
                     "declarations, city home-isolation orders, travel bans (raw)"),
        size_bytes=27076,
    ),
    ExternalFile(
        name="gpl_covid_CHN_policy_data_sources_interim.csv",
        url=f"{_GPL}/interim/china/CHN_policy_data_sources.csv",
        sha256="d5bd856169707f2e73447168949e7d50319e7485dbc22e0e61fa56e45e78f27d",
        license="CC0-1.0",
        citation=_GPL_CITE,
        description="as the raw file, plus travel bans implied by home isolation (interim)",
        size_bytes=40095,
    ),
    ExternalFile(
        name="gpl_covid_china_city_pop.csv",
        url=f"{_GPL}/raw/china/china_city_pop.csv",
        sha256="366f5aae3dcc4bb131150d98b8d4ed30a4704ab34d706b95bf6ee6afa0864d4d",
        license="CC0-1.0",
        citation=_GPL_CITE,
        description="city populations used by Hsiang et al. for weighting",
        size_bytes=9284,
    ),
    ExternalFile(
        name="dual_carbon_Data.xlsx",
        url=f"{_GH}/Carl723000/Policy_diffusion/9b2facfcc087ee70da82343f65a6cfe7da08cc7b/Data/Data.xlsx",
        sha256="ce38201729eb4201f64977419243d98341d1e8c86917e98019d1fd4d8e67ba4c",
        license="MIT",
        citation=("Diffusion of 'Dual Carbon' Policies among Chinese Cities: A Network Evolution "
                  "Analysis. Energy (2024). doi:10.1016/j.energy.2024.131514"),
        description=("339 prefecture units, 2005-2020 covariates and 2020-2023 dual-carbon "
                     "strategy codes"),
        size_bytes=471290,
    ),
    ExternalFile(
        name="prefecture_census_2000_2010_cityinfo.csv",
        url=f"{_GH}/malin84/transportation_networks_of_china/9196df4ab5c0b624dde6d2948c1b64b478992bc6/pref_pair/cityinfo.csv",
        sha256="d00b822ad79ca19d7280cb993e4e8eb6ac9bf5bc84ffea582320616bf8cb2260",
        license="GPL-3.0",
        citation=("Ma, L., Tang, Y. (2024) The Distributional Impacts of Transportation Networks in "
                  "China. Journal of International Economics 103873"),
        description=("279 prefectures: total and urban population (10^4) from the 2000 and 2010 "
                     "censuses, 4-digit division codes, 2010 size class"),
        size_bytes=25676,
    ),
    ExternalFile(
        name="wdi_urban_share_SP.URB.TOTL.IN.ZS.csv",
        url=f"{_GH}/NSAPH-Projects/causal-inference-co2/268fd4d4dfcca39bed14ee49ba57e31dba15359f/data/API_SP.URB.TOTL.IN.ZS_DS2_en_csv_v2_22447.csv",
        sha256="95c50136a2a620ba04cfa8242a1eb192bb363f76f1fdfac350f3b1f45d211fe3",
        license="CC-BY-4.0 (World Bank WDI)",
        citation=("World Bank, World Development Indicators SP.URB.TOTL.IN.ZS (last updated "
                  "2025-07-01), based on UN DESA World Urbanization Prospects 2018"),
        description="urban population, % of total, every country, 1960-2024 (one vintage)",
        size_bytes=204965,
    ),
    ExternalFile(
        name="nbs_national_population.csv",
        url=f"{_GH}/yiyuezhuo/National-Data/60fd721359dae33b1a873b17eb4186316ae0e19b/data/zb/%E4%BA%BA%E5%8F%A3/%E6%80%BB%E4%BA%BA%E5%8F%A3.csv",
        sha256="bbbd0aa317a99f27fdb9f360edfbb24b6276b318d31867d9263602af8be67809",
        license="none stated by the repository; official NBS statistics (facts)",
        citation=("National Bureau of Statistics of China, National Data (annual), scraped by the "
                  "yiyuezhuo/National-Data repository; China Statistical Yearbook Table 2-1"),
        description=("year-end national population 1978-2014 (10^4): total, urban, rural, male, "
                     "female; pre-2021 vintage (2011-2014 unrevised)"),
        size_bytes=1509,
    ),
)}


class DataUnavailableError(FileNotFoundError):
    """An external file could not be obtained (not in the mirror, no network, unknown name)."""


class DataIntegrityError(ValueError):
    """A file's sha256 does not match the registry."""


def file_sha256(path: str | os.PathLike, chunk: int = 1 << 20) -> str:
    """The hex sha256 of a file, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(chunk), b""):
            h.update(block)
    return h.hexdigest()


def cache_dir() -> Path:
    """The cache folder: ``$MEGACITY_CACHE`` or the user cache dir (``~/.cache/megacity``)."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("megacity"))


def _entry(name: str) -> ExternalFile:
    try:
        return REGISTRY[name]
    except KeyError:
        raise DataUnavailableError(
            f"'{name}' is not in the external-data registry; known files: {sorted(REGISTRY)}"
        ) from None


def _progress(total: int | None, desc: str, enabled: bool | None):
    from tqdm import tqdm  # plain text bar: tqdm.auto would warn in notebooks without ipywidgets

    disable = (not enabled) if enabled is not None else None  # None: tqdm decides (no tty → off)
    return tqdm(total=total, unit="B", unit_scale=True, desc=desc, disable=disable, leave=False)


def _install_verified(stream_from, entry: ExternalFile, target: Path, origin: str,
                      progress: bool | None) -> Path:
    """Copy bytes from ``stream_from`` (a binary file object) into ``target`` atomically.

    The bytes go to a temporary file beside the target and are hashed on the
    way; only a verified file is renamed into place.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{entry.name}.", suffix=".part", dir=target.parent)
    tmp = Path(tmp_name)
    h = hashlib.sha256()
    try:
        with os.fdopen(fd, "wb") as out, _progress(entry.size_bytes, entry.name, progress) as bar:
            for block in iter(lambda: stream_from.read(1 << 16), b""):
                out.write(block)
                h.update(block)
                bar.update(len(block))
        actual = h.hexdigest()
        if actual != entry.sha256:
            raise DataIntegrityError(
                f"{entry.name} from {origin} failed verification: sha256 is {actual}, the "
                f"registry expects {entry.sha256}. Nothing was written to the cache. The source "
                f"copy is corrupt, truncated or a different version: replace it with the file at "
                f"{entry.url}")
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    return target


def fetch(name: str, *, mirror: str | os.PathLike | None = None,
          cache: str | os.PathLike | None = None, progress: bool | None = None) -> Path:
    """Return the path of a verified local copy of the external file ``name``.

    ``mirror`` (default: ``$MEGACITY_DATA_MIRROR``) is a folder holding the
    files under their registry names; when it is set the network is never
    used.  ``cache`` (default: :func:`cache_dir`) is where verified copies
    live.
    """
    entry = _entry(name)
    folder = Path(cache).expanduser() if cache is not None else cache_dir()
    target = folder / entry.name

    if target.exists():
        actual = file_sha256(target)
        if actual == entry.sha256:
            return target
        target.unlink()
        raise DataIntegrityError(
            f"the cached copy of {entry.name} at {target} has sha256 {actual}, the registry "
            f"expects {entry.sha256}. The corrupt copy has been removed; run again to fetch a "
            f"fresh, verified copy")

    mirror = mirror if mirror is not None else os.environ.get(MIRROR_ENV) or None
    if mirror is not None:
        src = Path(mirror).expanduser() / entry.name
        if not src.is_file():
            raise DataUnavailableError(
                f"{entry.name} is not in the data mirror {Path(mirror).expanduser()} "
                f"(set by {MIRROR_ENV}). Put the file there (from {entry.url}), or unset "
                f"{MIRROR_ENV} to download it")
        with open(src, "rb") as fh:
            return _install_verified(fh, entry, target, f"the mirror {src}", progress)

    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(entry.url, timeout=60) as resp:  # noqa: S310 (pinned https URL)
            return _install_verified(resp, entry, target, entry.url, progress)
    except OSError as exc:  # URLError, timeouts and refused connections are all OSErrors
        raise DataUnavailableError(
            f"could not download {entry.name} from {entry.url} ({exc}). Without network access, "
            f"set {MIRROR_ENV} to a folder holding the file") from exc


def clear_cache(name: str | None = None, *, cache: str | os.PathLike | None = None) -> list[Path]:
    """Delete cached copies (one file, or all registry files); return what was removed."""
    folder = Path(cache).expanduser() if cache is not None else cache_dir()
    names = [_entry(name).name] if name else list(REGISTRY)
    removed = []
    for n in names:
        p = folder / n
        if p.exists():
            p.unlink()
            removed.append(p)
    return removed


def describe() -> "pd.DataFrame":  # noqa: F821 (pandas imported lazily)
    """The registry as a table: name, size, licence, citation, pinned URL, sha256."""
    import pandas as pd

    return pd.DataFrame([{
        "file": f.name, "what": f.description, "size_kb": round(f.size_bytes / 1024),
        "license": f.license, "citation": f.citation, "url": f.url, "sha256": f.sha256,
    } for f in REGISTRY.values()])


if __name__ == "__main__":  # pragma: no cover - convenience: python -m megacity.data.registry
    for n in REGISTRY:
        print(fetch(n, progress=True))
