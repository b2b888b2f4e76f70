"""The Foshan 2025 chikungunya reports the model is calibrated to.

Three CSV files in ``../shared/data`` (next to this repository; their README
gives the sources): cumulative confirmed cases by area and date, daily new
confirmed cases, and weekly local cases in Guangdong. Dates are those of the
2025 outbreak; counts are people.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

__all__ = [
    "DATA_DIR", "DATA_FILES", "DEPLOYMENT_DATE", "DETECTION_DATE", "FOSHAN_POPULATION", "foshan_daily",
    "load_data", "weekly_local",
]  # fmt: skip

#: Where the shared data lives: ``../shared/data`` relative to the repository.
DATA_DIR = Path(__file__).resolve().parents[2] / "shared" / "data"
#: Table name -> file name in :data:`DATA_DIR`.
DATA_FILES: dict[str, str] = {"cumulative": "foshan_2025_cumulative.csv", "daily": "foshan_2025_daily.csv",
                              "weekly": "guangdong_2025_weekly.csv"}
#: Detection of the outbreak by active surveillance in Shunde (data README).
DETECTION_DATE = pd.Timestamp("2025-07-08")
#: Full cadre deployment began (field brief).
DEPLOYMENT_DATE = pd.Timestamp("2025-07-24")
#: Population of Foshan, 2025 (people), to express the data per 10,000.
FOSHAN_POPULATION = 9_600_000


def load_data(data_dir: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """The three Foshan 2025 tables (``cumulative``, ``daily``, ``weekly``, see :data:`DATA_FILES`).

    Args:
        data_dir: folder of the CSV files (default :data:`DATA_DIR`).

    Raises:
        FileNotFoundError: One line naming the missing file.
    """
    root = Path(data_dir) if data_dir is not None else DATA_DIR
    out: dict[str, pd.DataFrame] = {}
    for key, name in DATA_FILES.items():
        path = root / name
        if not path.is_file():
            raise FileNotFoundError(f"Foshan 2025 data file not found: {path} (expected in ../shared/data)")
        out[key] = pd.read_csv(path)
    return out


def foshan_daily(data: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Daily new confirmed cases in Foshan, with ``date`` parsed."""
    daily = data["daily"]
    return daily[daily["area"] == "Foshan"].assign(date=lambda d: pd.to_datetime(d["date"]))


def weekly_local(data: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Weekly local cases (column ``foshan_local_cases``) by ``week_start`` (parsed), in week order."""
    weekly = data["weekly"].assign(week_start=lambda d: pd.to_datetime(d["week_start"]))
    return weekly.sort_values("week_start")
