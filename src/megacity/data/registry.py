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
an interrupted or corrupt transfer leaves nothing behind (the partial file is
removed on errors, Ctrl-C and SIGTERM; one left by a killed process is removed
by the next fetch of that file and by :func:`clear_cache`).  A download has an
overall deadline (``$MEGACITY_DOWNLOAD_TIMEOUT``, default 900 s), not a
per-read timeout.  Local problems with the cache (disk full, permissions, a
file in the way) are :class:`CacheError` and name ``$MEGACITY_CACHE``; network
problems are :class:`DataUnavailableError` and name ``$MEGACITY_DATA_MIRROR``.
Repairing a corrupt cached copy runs under a per-file lock (``filelock``), so
parallel workers re-fetch once instead of racing.  A mismatch or a
missing file is an error that says which file, which hashes and what to do;
there is no silent fallback from one source to another.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "CACHE_ENV",
    "DEADLINE_ENV",
    "MIRROR_ENV",
    "REGISTRY",
    "CacheError",
    "DataIntegrityError",
    "DataUnavailableError",
    "DownloadTimeoutError",
    "ExternalFile",
    "cache_dir",
    "clear_cache",
    "fetch",
    "file_sha256",
]

MIRROR_ENV = "MEGACITY_DATA_MIRROR"
CACHE_ENV = "MEGACITY_CACHE"

_GH = "https://raw.githubusercontent.com"
_GPL = f"{_GH}/Global-Policy-Lab/gpl-covid/84369c56b76f67c6b91f42872ea124636450c82a/data"
_LC_GAIN = (f"{_GH}/HarryLai2001/Panel-GAIN/42c859912394d22967fe3047eb56a875a037e512/data/"
            "%E4%BD%8E%E7%A2%B3%E5%9F%8E%E5%B8%82%E8%AF%95%E7%82%B9")
_LC_GAIN_CITE = ("Panel-GAIN repository (HarryLai2001), low-carbon city pilot panel; pilot cohorts coded "
                 "in code.R from NDRC notices 发改气候[2010]1587号, [2012]3760号, [2017]66号")
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
    # Third-party codings of the NDRC low-carbon pilot batches: cross-checks of data/lowcarbon_pilots,
    # never its source (their known errors are listed in the shared REGISTRY.md).
    ExternalFile(
        name="lowcarbon_pilot_panel_co2_dta.xlsx",
        url=f"{_LC_GAIN}/co2_dta.xlsx",
        sha256="a401594009e006b3408fe5df6b2ea2b2bd207258890ee9c498582117d4802a3d",
        license="none stated by the repository; cite as third-party coding",
        citation=_LC_GAIN_CITE,
        description=("285 prefectures x 2007-2019: id, 年度, 城市, 省份, policy (2010/2013/2017/9999 = "
                     "never), lccpost and covariates (pop and pgdp in natural logs)"),
        size_bytes=466797,
    ),
    ExternalFile(
        name="lowcarbon_pilot_panel_code.R",
        url=f"{_LC_GAIN}/code.R",
        sha256="7b1c396ff3b6d7c88ba6c350f45994f9c09de8a310225f0eff7bd65df39d2a4f",
        license="none stated by the repository; cite as third-party coding",
        citation=_LC_GAIN_CITE,
        description="the R script that codes the panel's policy column (the pilot cohorts) by name",
        size_bytes=6054,
    ),
    ExternalFile(
        name="lowcarbon_pilot_cities_biechouwo.csv",
        url=f"{_GH}/biechouwo-coder/new_did/4992b80f1cf066d33ebad6655a17541d35fbc388/Low_Carbon_Pilot_Cities_Complete.csv",
        sha256="03e0cba04e6508557f66e7421cce393a31233f1c8b1e040984839b686ad62a1e",
        license="none stated by the repository; cite as third-party coding",
        citation=("new_did repository (biechouwo-coder), a student compilation of the three NDRC "
                  "low-carbon pilot batches"),
        description="GBK-encoded; columns City, Start_Year, Source; 147 units",
        size_bytes=3978,
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


# Added for Part II (issue 14): the NBS national series, an independent second source for the
# national safety table and the vehicle stock for per-vehicle rates (REGISTRY.md, December 2026).
_NBS = f"{_GH}/yiyuezhuo/National-Data/60fd721359dae33b1a873b17eb4186316ae0e19b/data/zb"
_NBS_CITE = ("National Bureau of Statistics of China, National Data (annual, hgnd), scraped 1978-2014 "
             "by the yiyuezhuo/National-Data repository (China Statistical Yearbook series)")
REGISTRY.update({f.name: f for f in (
    ExternalFile(
        name="nbs_national_traffic_accidents.csv",
        url=f"{_NBS}/%E5%85%AC%E5%85%B1%E7%AE%A1%E7%90%86%E3%80%81%E7%A4%BE%E4%BC%9A%E4%BF%9D%E9%9A%9C%E5%8F%8A%E5%85%B6%E4%BB%96/%E4%BA%A4%E9%80%9A%E4%BA%8B%E6%95%85/%E4%BA%A4%E9%80%9A%E4%BA%8B%E6%95%85%E5%8F%91%E7%94%9F%E6%95%B0.csv",
        sha256="785b7730a5c90f9ccc0d92d44d904e196d3381103c7e857dce74a695999da20a",
        license="none stated by the repository; official NBS statistics (facts)",
        citation=_NBS_CITE,
        description="road traffic accidents (cases), national total and by vehicle type, 1990-2014",
        size_bytes=2532,
    ),
    ExternalFile(
        name="nbs_national_traffic_deaths.csv",
        url=f"{_NBS}/%E5%85%AC%E5%85%B1%E7%AE%A1%E7%90%86%E3%80%81%E7%A4%BE%E4%BC%9A%E4%BF%9D%E9%9A%9C%E5%8F%8A%E5%85%B6%E4%BB%96/%E4%BA%A4%E9%80%9A%E4%BA%8B%E6%95%85/%E4%BA%A4%E9%80%9A%E4%BA%8B%E6%95%85%E6%AD%BB%E4%BA%A1%E4%BA%BA%E6%95%B0.csv",
        sha256="ad8e41226da4a3296a5dac50c1980a840c080cb0ed2c80ed6e9c4179ed92384c",
        license="none stated by the repository; official NBS statistics (facts)",
        citation=_NBS_CITE,
        description="road traffic deaths (persons), national total and by vehicle type, 1990-2014",
        size_bytes=2451,
    ),
    ExternalFile(
        name="nbs_national_traffic_injuries.csv",
        url=f"{_NBS}/%E5%85%AC%E5%85%B1%E7%AE%A1%E7%90%86%E3%80%81%E7%A4%BE%E4%BC%9A%E4%BF%9D%E9%9A%9C%E5%8F%8A%E5%85%B6%E4%BB%96/%E4%BA%A4%E9%80%9A%E4%BA%8B%E6%95%85/%E4%BA%A4%E9%80%9A%E4%BA%8B%E6%95%85%E5%8F%97%E4%BC%A4%E4%BA%BA%E6%95%B0.csv",
        sha256="ccca032c95a9aa64f39dfbd0bd00e1ed2ff069d9e5edef752de53701516fa9d1",
        license="none stated by the repository; official NBS statistics (facts)",
        citation=_NBS_CITE,
        description="road traffic injuries (persons), national total and by vehicle type, 1990-2014",
        size_bytes=2562,
    ),
    ExternalFile(
        name="nbs_national_traffic_loss.csv",
        url=f"{_NBS}/%E5%85%AC%E5%85%B1%E7%AE%A1%E7%90%86%E3%80%81%E7%A4%BE%E4%BC%9A%E4%BF%9D%E9%9A%9C%E5%8F%8A%E5%85%B6%E4%BB%96/%E4%BA%A4%E9%80%9A%E4%BA%8B%E6%95%85/%E4%BA%A4%E9%80%9A%E4%BA%8B%E6%95%85%E7%9B%B4%E6%8E%A5%E8%B4%A2%E4%BA%A7%E6%8D%9F%E5%A4%B1.csv",
        sha256="92158eda77149cfc4c1830e79001623a3997412011aefc92bd258bde60e3e521",
        license="none stated by the repository; official NBS statistics (facts)",
        citation=_NBS_CITE,
        description="road traffic direct property loss (10^4 yuan), national total and by vehicle type, 1990-2014",
        size_bytes=2551,
    ),
    ExternalFile(
        name="nbs_national_fires.csv",
        url=f"{_NBS}/%E5%85%AC%E5%85%B1%E7%AE%A1%E7%90%86%E3%80%81%E7%A4%BE%E4%BC%9A%E4%BF%9D%E9%9A%9C%E5%8F%8A%E5%85%B6%E4%BB%96/%E7%81%AB%E7%81%BE%E4%BA%8B%E6%95%85/%E7%81%AB%E7%81%BE%E5%8F%91%E7%94%9F%E6%95%B0.csv",
        sha256="b99779b24737f1cb1fb11a5822007c93661c1527b47c510fa4c2711a01e732da",
        license="none stated by the repository; official NBS statistics (facts)",
        citation=_NBS_CITE,
        description="fires (cases), total and by severity class, 1990-2012",
        size_bytes=1158,
    ),
    ExternalFile(
        name="nbs_national_fire_deaths.csv",
        url=f"{_NBS}/%E5%85%AC%E5%85%B1%E7%AE%A1%E7%90%86%E3%80%81%E7%A4%BE%E4%BC%9A%E4%BF%9D%E9%9A%9C%E5%8F%8A%E5%85%B6%E4%BB%96/%E7%81%AB%E7%81%BE%E4%BA%8B%E6%95%85/%E7%81%AB%E7%81%BE%E6%AD%BB%E4%BA%A1%E4%BA%BA%E6%95%B0.csv",
        sha256="fef07125e3f24e13d4ad96540484a3a90becac959cd24d90ec0d4323de016ea7",
        license="none stated by the repository; official NBS statistics (facts)",
        citation=_NBS_CITE,
        description="fire deaths (persons), total and by severity class, 1990-2012",
        size_bytes=1105,
    ),
    ExternalFile(
        name="nbs_national_fire_injuries.csv",
        url=f"{_NBS}/%E5%85%AC%E5%85%B1%E7%AE%A1%E7%90%86%E3%80%81%E7%A4%BE%E4%BC%9A%E4%BF%9D%E9%9A%9C%E5%8F%8A%E5%85%B6%E4%BB%96/%E7%81%AB%E7%81%BE%E4%BA%8B%E6%95%85/%E7%81%AB%E7%81%BE%E5%8F%97%E4%BC%A4%E4%BA%BA%E6%95%B0.csv",
        sha256="7b6428227a33c6c0dd1b6877d47e9c453f20c3e90c8f59a5db7d7c2e7bc9f573",
        license="none stated by the repository; official NBS statistics (facts)",
        citation=_NBS_CITE,
        description="fire injuries (persons), total and by severity class, 1990-2012",
        size_bytes=1089,
    ),
    ExternalFile(
        name="nbs_national_fire_loss.csv",
        url=f"{_NBS}/%E5%85%AC%E5%85%B1%E7%AE%A1%E7%90%86%E3%80%81%E7%A4%BE%E4%BC%9A%E4%BF%9D%E9%9A%9C%E5%8F%8A%E5%85%B6%E4%BB%96/%E7%81%AB%E7%81%BE%E4%BA%8B%E6%95%85/%E7%81%AB%E7%81%BE%E7%9B%B4%E6%8E%A5%E7%BB%8F%E6%B5%8E%E6%8D%9F%E5%A4%B1.csv",
        sha256="14183f51cabaae945cf65c605f04ffe2d400f364071b98caa90bba7226ca0072",
        license="none stated by the repository; official NBS statistics (facts)",
        citation=_NBS_CITE,
        description="fire direct economic loss (10^4 yuan), total and by severity class, 1990-2012",
        size_bytes=1338,
    ),
    ExternalFile(
        name="nbs_national_criminal_cases.csv",
        url=f"{_NBS}/%E5%85%AC%E5%85%B1%E7%AE%A1%E7%90%86%E3%80%81%E7%A4%BE%E4%BC%9A%E4%BF%9D%E9%9A%9C%E5%8F%8A%E5%85%B6%E4%BB%96/%E5%85%AC%E5%AE%89%E6%9C%BA%E5%85%B3%E7%AB%8B%E6%A1%88%E7%9A%84%E5%88%91%E4%BA%8B%E6%A1%88%E4%BB%B6.csv",
        sha256="2148a774b0a0ada928f419b2477e2a79731ef5e662741c7ad5266e006bc39a53",
        license="none stated by the repository; official NBS statistics (facts)",
        citation=_NBS_CITE,
        description="criminal cases registered by public security organs, total and by type, 1995-2014",
        size_bytes=2858,
    ),
    ExternalFile(
        name="nbs_national_civil_vehicles.csv",
        url=f"{_NBS}/%E8%BF%90%E8%BE%93%E5%92%8C%E9%82%AE%E7%94%B5/%E6%B0%91%E7%94%A8%E6%B1%BD%E8%BD%A6%E6%8B%A5%E6%9C%89%E9%87%8F.csv",
        sha256="8ee833c299940abd0938b5cd63d6a4fde1fcdb72af4cee7b40618ab75416c97c",
        license="none stated by the repository; official NBS statistics (facts)",
        citation=_NBS_CITE,
        description="civil vehicles and drivers (10^4), 1978-2014",
        size_bytes=3514,
    ),
    ExternalFile(
        name="nbs_national_population.csv",
        url=f"{_NBS}/%E4%BA%BA%E5%8F%A3/%E6%80%BB%E4%BA%BA%E5%8F%A3.csv",
        sha256="bbbd0aa317a99f27fdb9f360edfbb24b6276b318d31867d9263602af8be67809",
        license="none stated by the repository; official NBS statistics (facts)",
        citation=_NBS_CITE,
        description="year-end population, total, urban, rural, by sex (10^4; pre-2021 vintage), 1990-2014",
        size_bytes=1509,
    ),
)})


class DataUnavailableError(FileNotFoundError):
    """An external file could not be obtained (not in the mirror, no network, unknown name)."""


class DownloadTimeoutError(DataUnavailableError):
    """A download did not finish within its overall deadline (``$MEGACITY_DOWNLOAD_TIMEOUT``)."""


class CacheError(OSError):
    """A local problem with the cache folder (disk full, no permission, a file or folder in the
    way).  Never a network problem: the message names the path and ``$MEGACITY_CACHE``."""


class DataIntegrityError(ValueError):
    """A file's sha256 does not match the registry."""


#: Overall time allowed for one download, in seconds (like ``curl --max-time``).
DEADLINE_ENV = "MEGACITY_DOWNLOAD_TIMEOUT"
DEFAULT_DEADLINE = 900.0
#: Longest wait for the next bytes (connect or read) before the transfer counts as stalled.
IDLE_TIMEOUT = 60.0
_BLOCK = 1 << 16


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


def _deadline(timeout: float | None) -> float:
    source = "timeout"
    if timeout is None:
        env = os.environ.get(DEADLINE_ENV)
        if not env:
            return DEFAULT_DEADLINE
        timeout, source = env, DEADLINE_ENV
    try:
        value = float(timeout)
    except (TypeError, ValueError):
        value = float("nan")
    if not (value > 0 and value != float("inf")):
        raise ValueError(f"{source} must be a positive number of seconds, got {timeout!r}")
    return value


def _cache_error(exc: OSError, path: Path, doing: str) -> CacheError:
    """A local OS error on the cache, explained: which path, what is wrong, which variable."""
    import errno

    code = getattr(exc, "errno", None)
    reason = exc.strerror or str(exc)
    if code == errno.ENOSPC or code == errno.EDQUOT:
        advice = "the disk is full: free some space, or"
    elif code in (errno.EACCES, errno.EPERM, errno.EROFS):
        advice = "this user may not write there: fix the folder's permissions, or"
    elif isinstance(exc, (FileExistsError, NotADirectoryError)):
        advice = "a file stands where the cache folder should be: remove it, or"
    elif isinstance(exc, IsADirectoryError):
        advice = "a folder stands where a cached file should be: remove it, or"
    else:
        advice = "fix the problem, or"
    return CacheError(code, (
        f"cannot {doing} {path} ({reason}). This is a local problem with the cache folder, not "
        f"a network problem: {advice} set {CACHE_ENV} to a writable folder "
        f"(e.g. export {CACHE_ENV}=/tmp/megacity-cache)"))


def _progress(total: int | None, desc: str, enabled: bool | None):
    from tqdm import tqdm  # plain text bar: tqdm.auto would warn in notebooks without ipywidgets

    disable = (not enabled) if enabled is not None else None  # None: tqdm decides (no tty → off)
    return tqdm(total=total, unit="B", unit_scale=True, desc=desc, disable=disable, leave=False)


@contextlib.contextmanager
def _terminate_cleanly():
    """While a download runs, turn SIGTERM into SystemExit so that ``finally`` clauses run and the
    partial file is removed (the default action would kill the process on the spot).  Only in the
    main thread and only when nobody else has installed a handler."""
    installed = False
    if threading.current_thread() is threading.main_thread():
        try:
            if signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
                def _raise(signum, frame):
                    raise SystemExit(128 + signum)
                signal.signal(signal.SIGTERM, _raise)
                installed = True
        except (ValueError, OSError, AttributeError):  # no signals here (e.g. some embedders)
            installed = False
    try:
        yield
    finally:
        if installed:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _part_files(folder: Path, name: str | None = None) -> list[Path]:
    pattern = f".{name}.*.part" if name else ".*.part"
    try:
        return sorted(p for p in folder.glob(pattern) if p.is_file())
    except OSError:
        return []


def _install_verified(blocks, entry: ExternalFile, target: Path, origin: str,
                      progress: bool | None) -> Path:
    """Write the byte blocks from ``blocks`` into ``target`` atomically.

    The bytes go to a temporary ``.part`` file beside the target and are hashed
    on the way; only a verified file is renamed into place.  The partial file is
    removed on every exit (errors, Ctrl-C, SIGTERM).  Errors reading the source
    come from ``blocks`` (DataUnavailableError); errors writing are CacheError.
    """
    folder = target.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{entry.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise _cache_error(exc, folder, "create a temporary file in the cache folder") from exc
    tmp = Path(tmp_name)
    h = hashlib.sha256()
    size = 0
    try:
        with _terminate_cleanly():
            out = os.fdopen(fd, "wb")
            try:
                with _progress(entry.size_bytes, entry.name, progress) as bar:
                    for block in blocks:
                        try:
                            out.write(block)
                        except OSError as exc:
                            raise _cache_error(exc, tmp, "write the cached copy") from exc
                        h.update(block)
                        size += len(block)
                        bar.update(len(block))
                try:
                    out.flush()
                    os.fsync(out.fileno())
                except OSError as exc:
                    raise _cache_error(exc, tmp, "write the cached copy") from exc
            finally:
                try:
                    out.close()
                except OSError:
                    pass
            actual = h.hexdigest()
            if actual != entry.sha256:
                sizes = (f" (received {size} bytes, the registry expects {entry.size_bytes})"
                         if size != entry.size_bytes else "")
                raise DataIntegrityError(
                    f"{entry.name} from {origin} failed verification: sha256 is {actual}, the "
                    f"registry expects {entry.sha256}{sizes}. Nothing was written to the cache. "
                    f"The source copy is corrupt, truncated or a different version: replace it "
                    f"with the file at {entry.url}")
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise _cache_error(exc, target, "put the verified copy in place at") from exc
    finally:
        try:
            tmp.unlink()
        except FileNotFoundError:
            pass
        except OSError:  # pragma: no cover - reported by clear_cache() and the next fetch
            pass
    return target


def _mirror_blocks(src: Path, entry: ExternalFile, mirror: Path):
    """Blocks of a mirror file; a mirror that cannot be read names the mirror and its variable."""
    def fail(exc: OSError) -> DataUnavailableError:
        return DataUnavailableError(
            f"cannot read {entry.name} in the data mirror {mirror} ({exc.strerror or exc}; set by "
            f"{MIRROR_ENV}). Fix the file's permissions, or point {MIRROR_ENV} at a folder "
            f"holding a readable copy")
    try:
        fh = open(src, "rb")
    except OSError as exc:
        raise fail(exc) from exc
    with fh:
        while True:
            try:
                block = fh.read(_BLOCK)
            except OSError as exc:
                raise fail(exc) from exc
            if not block:
                return
            yield block


def _network_error(entry: ExternalFile, reason: str) -> DataUnavailableError:
    return DataUnavailableError(
        f"could not download {entry.name} from {entry.url} ({reason}). This is a network "
        f"problem, not a local one: check the connection, or set {MIRROR_ENV} to a folder "
        f"holding the file (offline machines and CI)")


def _url_blocks(entry: ExternalFile, deadline: float):
    """Blocks of the pinned URL, within an overall deadline.

    ``read1`` returns whatever bytes have arrived, so a server that trickles one byte a second
    cannot hold a read open; the socket's timeout is set before each read to the time left.
    A connection closed before Content-Length bytes arrived is a network error, not a corrupt file.
    """
    import http.client
    import socket
    import urllib.error
    import urllib.request

    start = time.monotonic()
    end = start + deadline

    def timed_out(got: int) -> DownloadTimeoutError:
        return DownloadTimeoutError(
            f"could not download {entry.name} from {entry.url}: not finished after {deadline:g} s "
            f"({got} of {entry.size_bytes} bytes received). The server or the network is too slow: "
            f"raise the deadline with {DEADLINE_ENV}=<seconds>, or set {MIRROR_ENV} to a folder "
            f"holding the file")

    try:
        resp = urllib.request.urlopen(entry.url, timeout=min(IDLE_TIMEOUT, deadline))  # noqa: S310
    except (OSError, http.client.HTTPException) as exc:
        if isinstance(exc, (TimeoutError, socket.timeout)) and time.monotonic() >= end:
            raise timed_out(0) from exc
        raise _network_error(entry, str(exc)) from exc
    with resp:
        length = resp.length
        got = 0
        while True:
            remaining = end - time.monotonic()
            if remaining <= 0:
                raise timed_out(got)
            sock = getattr(getattr(resp.fp, "raw", None), "_sock", None)
            if sock is not None:
                sock.settimeout(max(0.01, min(IDLE_TIMEOUT, remaining)))
            try:
                block = resp.read1(_BLOCK)
            except (TimeoutError, socket.timeout) as exc:
                if time.monotonic() >= end:
                    raise timed_out(got) from exc
                raise _network_error(entry, f"no data for {IDLE_TIMEOUT:g} s after {got} bytes") from exc
            except (OSError, http.client.HTTPException) as exc:
                raise _network_error(entry, f"connection failed after {got} bytes: {exc!r}") from exc
            if not block:
                break
            got += len(block)
            yield block
        if length is not None and got < length:
            raise _network_error(entry, f"the connection was closed after {got} of {length} bytes")


def _prepare(folder: Path) -> Path:
    """Create the cache folder and its lock folder; local errors are CacheError."""
    if folder.exists() and not folder.is_dir():
        raise _cache_error(NotADirectoryError(20, "a file, not a folder"), folder,
                           "use the cache folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        locks = folder / ".locks"
        locks.mkdir(exist_ok=True)
    except OSError as exc:
        raise _cache_error(exc, folder, "create the cache folder") from exc
    return locks


def _cached_state(target: Path, entry: ExternalFile) -> str:
    """'ok', 'missing', 'corrupt' or 'directory' for the cached copy at ``target``."""
    if target.is_symlink() and not target.exists():
        return "corrupt"                                  # a dangling link
    if not target.exists():
        return "missing"
    if target.is_dir():
        return "directory"
    try:
        return "ok" if file_sha256(target) == entry.sha256 else "corrupt"
    except FileNotFoundError:
        return "missing"                                  # removed meanwhile
    except OSError as exc:
        raise _cache_error(exc, target, "read the cached copy") from exc


def _repair(target: Path, entry: ExternalFile, state: str) -> None:
    """Remove a corrupt cached copy or an empty folder in its place (under the file lock)."""
    import warnings

    try:
        if state == "directory":
            try:
                target.rmdir()
            except OSError as exc:
                raise _cache_error(IsADirectoryError(21, "a non-empty folder"), target,
                                   "replace the cached copy") from exc
            what = "an empty folder"
        else:
            target.unlink()
            what = "a corrupt copy (wrong sha256)"
    except FileNotFoundError:
        return
    except CacheError:
        raise
    except OSError as exc:
        raise _cache_error(exc, target, "remove the corrupt cached copy") from exc
    warnings.warn(f"the cache held {what} at {target}; it was removed and {entry.name} is "
                  f"fetched again", RuntimeWarning, stacklevel=3)


def fetch(name: str, *, mirror: str | os.PathLike | None = None,
          cache: str | os.PathLike | None = None, progress: bool | None = None,
          timeout: float | None = None) -> Path:
    """Return the path of a verified local copy of the external file ``name``.

    ``mirror`` (default: ``$MEGACITY_DATA_MIRROR``) is a folder holding the
    files under their registry names; when it is set the network is never
    used.  ``cache`` (default: :func:`cache_dir`) is where verified copies
    live.  ``timeout`` (default: ``$MEGACITY_DOWNLOAD_TIMEOUT`` or 900 s) is
    the overall deadline of a download.

    A corrupt cached copy (or an empty folder in its place) is replaced by a
    fresh verified copy, with a warning.  Concurrent processes are safe: the
    repair and the install run under a per-file lock, and a process that
    finds the copy already repaired by another uses it.
    """
    entry = _entry(name)
    deadline = _deadline(timeout)
    folder = Path(cache).expanduser() if cache is not None else cache_dir()
    target = folder / entry.name

    try:                                                   # fast path, no lock: a verified copy
        if target.is_file() and file_sha256(target) == entry.sha256:
            return target
    except OSError:
        pass                                               # decided below, under the lock

    locks = _prepare(folder)
    import filelock

    # wait for another process that is fetching the same file, within our own deadline
    lock = filelock.FileLock(str(locks / f"{entry.name}.lock"), timeout=deadline)
    try:
        lock.acquire()
    except filelock.Timeout as exc:
        raise DataUnavailableError(
            f"another process has held the lock {lock.lock_file} for more than {deadline:g} s "
            f"while fetching {entry.name}. Wait for it and run again, raise the deadline with "
            f"{DEADLINE_ENV}=<seconds>, or set {CACHE_ENV} to another folder") from exc
    except OSError as exc:
        raise _cache_error(exc, locks, "create a lock file in") from exc
    try:
        state = _cached_state(target, entry)
        if state == "ok":
            return target                                  # another process repaired it meanwhile
        if state != "missing":
            _repair(target, entry, state)
        for stale in _part_files(folder, entry.name):      # left by a killed process: we hold the lock
            try:
                stale.unlink()
            except OSError:
                pass

        mirror = mirror if mirror is not None else os.environ.get(MIRROR_ENV) or None
        if mirror is not None:
            mdir = Path(mirror).expanduser()
            src = mdir / entry.name
            if not src.is_file():
                raise DataUnavailableError(
                    f"{entry.name} is not in the data mirror {mdir} "
                    f"(set by {MIRROR_ENV}). Put the file there (from {entry.url}), or unset "
                    f"{MIRROR_ENV} to download it")
            return _install_verified(_mirror_blocks(src, entry, mdir), entry, target,
                                     f"the mirror {src}", progress)
        return _install_verified(_url_blocks(entry, deadline), entry, target, entry.url, progress)
    finally:
        lock.release()


def clear_cache(name: str | None = None, *, cache: str | os.PathLike | None = None) -> list[Path]:
    """Delete cached copies (one file, or all registry files) and any partial downloads
    (``.part`` files left by an interrupted transfer); return what was removed."""
    folder = Path(cache).expanduser() if cache is not None else cache_dir()
    names = [_entry(name).name] if name else list(REGISTRY)
    removed = []
    candidates = [folder / n for n in names]
    candidates += _part_files(folder, name and _entry(name).name)
    for p in candidates:
        try:
            if p.is_dir() and not p.is_symlink():
                p.rmdir()
            elif p.exists() or p.is_symlink():
                p.unlink()
            else:
                continue
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise _cache_error(exc, p, "remove") from exc
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
