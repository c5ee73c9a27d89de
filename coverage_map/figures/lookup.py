"""The figures a region's numbers are read from, sorted out once.

A ``Lookup`` holds each region's own rows (by code and level) and, made when first asked for,
the latest statement per region of a metric and level (``coverage.latest``). Profil, Rencana,
Analisis and the derived numbers read a region's figures through it (or through the whole
table: every function that takes ``Figures`` takes either, with the same results), so a
province's regencies do not scan the whole table once each. Once made it is only read
(shared by sessions through ``cache.plan_lookup``). Pure pandas.
"""

from __future__ import annotations

import pandas as pd

from coverage_map.figures.coverage import date_key, latest


def region_level(kode: str) -> str:
    """``kabkota`` (``64.74``), ``province`` (``64``) or ``region`` (``""``: Kalimantan)."""
    return "kabkota" if "." in kode else "province" if kode else "region"


def newest_first(sel: pd.DataFrame) -> pd.DataFrame:
    """Rows newest first (by reference date, then publication), the primary source first."""
    keyed = sel.assign(_key=date_key(sel["as_of"], sel["published"]))
    return keyed.sort_values(["_key", "source_rank", "figure_id"],
                             ascending=[False, True, True], kind="stable").drop(columns="_key")


def own_rows(figures: pd.DataFrame, kode: str, level: str | None = None) -> pd.DataFrame:
    """The region's own figures (scope ``wilayah``), newest first."""
    level = level or region_level(kode)
    sel = figures[(figures["kode"] == kode) & (figures["level"] == level)
                  & (figures["scope"] == "wilayah")]
    return newest_first(sel)


class Lookup:
    """See the module's docstring."""

    def __init__(self, figures: pd.DataFrame):
        self.figures = figures
        own = newest_first(figures[figures["scope"] == "wilayah"])  # groups keep the order
        self._own = {key: rows for key, rows in own.groupby(["kode", "level"], sort=False)}
        self._empty = figures.iloc[:0]
        self.targets = figures[figures["metric"] == "target_coverage_pct"]
        self._latest: dict[tuple, pd.DataFrame] = {}
        self._records: dict[tuple, dict[str, dict]] = {}
        # what is worked out once per region or province (``plan_compute.facts``, a
        # province's ranking and context lines for its profiles)
        self.memo: dict = {}

    def own(self, kode: str) -> pd.DataFrame:
        """The region's own rows (scope ``wilayah``), newest first (``newest_first``)."""
        return self._own.get((kode, region_level(kode)), self._empty)

    def latest(self, metric: str, level: str, measured_only: bool = False) -> pd.DataFrame:
        key = (metric, level, measured_only)
        if key not in self._latest:  # two threads at once: computed twice, the same
            self._latest[key] = latest(self.figures, metric, level, measured_only=measured_only)
        return self._latest[key]

    def latest_record(self, metric: str, kode: str, measured_only: bool = False
                      ) -> dict | None:
        """The region's latest figure of ``metric`` as a record (``latest_for``)."""
        key = (metric, region_level(kode), measured_only)
        if key not in self._records:
            table = self.latest(*key)
            self._records[key] = dict(zip(table.index, table.to_dict("records")))
        record = self._records[key].get(kode)
        return dict(record) if record is not None else None


Figures = pd.DataFrame | Lookup


def lookup(figures: Figures) -> Lookup:
    return figures if isinstance(figures, Lookup) else Lookup(figures)


def table_of(figures: Figures) -> pd.DataFrame:
    """The whole table of figures."""
    return figures.figures if isinstance(figures, Lookup) else figures


def once(figures: Figures, key: tuple, make):
    """``make()``, from a ``Lookup`` worked out once per ``key`` and kept in its ``memo``
    (read only once made; two threads at once: made twice, the same); from a table, made
    each time."""
    if not isinstance(figures, Lookup):
        return make()
    found = figures.memo.get(key)
    if found is None:
        found = figures.memo[key] = make()
    return found


def own_newest(figures: Figures, kode: str) -> pd.DataFrame:
    """The region's own figures, newest first (from a ``Lookup``: sorted once)."""
    if isinstance(figures, Lookup):
        return figures.own(kode)
    return own_rows(figures, kode)


def region_rows(figures: Figures, kode: str) -> pd.DataFrame:
    """Where to look for the region's own figures: its rows only (from a ``Lookup``), or the
    whole table."""
    return figures.own(kode) if isinstance(figures, Lookup) else figures


def latest_of(figures: Figures, metric: str, level: str, measured_only: bool = False
              ) -> pd.DataFrame:
    if isinstance(figures, Lookup):
        return figures.latest(metric, level, measured_only)
    return latest(figures, metric, level, measured_only=measured_only)


def latest_for(figures: Figures, metric: str, kode: str, measured_only: bool = False
               ) -> dict | None:
    """The region's latest figure of ``metric`` (``coverage.latest``), or None."""
    if isinstance(figures, Lookup):
        return figures.latest_record(metric, kode, measured_only)
    table = latest_of(figures, metric, region_level(kode), measured_only)
    return table.loc[kode].to_dict() if kode in table.index else None


def targets(figures: Figures) -> pd.DataFrame:
    if isinstance(figures, Lookup):
        return figures.targets
    return figures[figures["metric"] == "target_coverage_pct"]
