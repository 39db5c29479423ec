"""Downloading the WereBench release into parlour's dataset cache.

The public repository (ZiruiSongBest/WereBench) is fetched as one tarball from GitHub, and the
two things the loader reads are unpacked into the cache in the layout of the reference folder:
``games/Season_X/NN.json`` (the repository's ``dataset/data/Season_X/NN.json``) and
``WereBench.json`` (with ``question_template.json``). The cache is written beside the final
folder and renamed into place only when whole, so an interrupted download leaves no half copy.
"""

from __future__ import annotations

import io
import os
import shutil
import tarfile
import urllib.error
import urllib.request
from pathlib import Path, PurePosixPath

REPOSITORY = "ZiruiSongBest/WereBench"
DEFAULT_URL = f"https://codeload.github.com/{REPOSITORY}/tar.gz/refs/heads/main"
NAME = "werebench"


class FetchError(RuntimeError):
    pass


def cache_root() -> Path:
    """``$PARLOUR_DATASETS`` or ``~/.cache/parlour/datasets``."""
    return Path(os.environ.get("PARLOUR_DATASETS") or Path.home() / ".cache" / "parlour" / "datasets").expanduser()


def cache_dir() -> Path:
    return cache_root() / NAME


def is_cached() -> bool:
    return (cache_dir() / "WereBench.json").is_file() and (cache_dir() / "games").is_dir()


def _destination(member: str) -> PurePosixPath | None:
    """Where a tarball member goes in the cache (None: not needed). Members start with the
    archive's top folder ('WereBench-main/...')."""
    parts = PurePosixPath(member).parts[1:]
    if len(parts) == 4 and parts[:2] == ("dataset", "data") and parts[2].startswith("Season_") \
            and parts[3].endswith(".json"):
        return PurePosixPath("games", parts[2], parts[3])
    if len(parts) == 3 and parts[:2] == ("dataset", "WereBench") and parts[2] in ("WereBench.json",
                                                                                   "question_template.json"):
        return PurePosixPath(parts[2])
    return None


def download(url: str = DEFAULT_URL, timeout: float = 60.0) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read()
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        reason = getattr(e, "reason", e)
        raise FetchError(f"cannot download {url}: {reason}. Without internet access, copy a WereBench folder "
                         "(games/ and WereBench.json) to this machine and pass its path with --data") from None


def unpack(archive: bytes, target: Path) -> int:
    """Unpack the release's games and items from a .tar.gz into ``target``; the files written."""
    tmp = target.with_name(target.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    written = 0
    try:
        with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
            for member in tar.getmembers():
                dest = _destination(member.name) if member.isfile() else None
                if dest is None:
                    continue
                data = tar.extractfile(member)
                assert data is not None  # a regular file
                path = tmp.joinpath(*dest.parts)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data.read())
                written += 1
    except tarfile.TarError as e:
        shutil.rmtree(tmp, ignore_errors=True)
        raise FetchError(f"the download is not a .tar.gz archive of the release: {e}") from None
    if not (tmp / "WereBench.json").is_file() or not (tmp / "games").is_dir():
        shutil.rmtree(tmp, ignore_errors=True)
        raise FetchError(f"the archive holds no dataset/WereBench/WereBench.json and dataset/data/Season_*/ "
                         f"games: is it {REPOSITORY}?")
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp.rename(target)
    return written


def fetch(url: str = DEFAULT_URL, target: Path | None = None) -> Path:
    """Download the release and unpack it into the cache (replacing an older copy); its folder."""
    target = target or cache_dir()
    unpack(download(url), target)
    return target
