"""Publishing a table: the preview, the province rule, every version kept, rollback.

A version is one publication (or one rollback). What the public sees at version ``N`` is the
fold of versions 1..N: a publication's figures take the place of the figures published
earlier for the same province and date (a corrected table for a date replaces that date's
table; other dates stay, so a region's timeline grows); a rollback to ``K`` makes version
``K``'s figures current again. Nothing is ever changed or deleted, so ``?versi=N`` always shows
what it showed.

Published figures are figures in the schema of ``coverage_map.data.schema``: ``figure_id``
``R`` and the row's number, caveat ``resmi``, ``source_publisher`` the source the editor
stated, ``published`` the day of publication, ``origin`` ``versi N``. They join the bundled
figures and are chosen by the same rules (newer beats older; two on one date both shown).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd
import sqlalchemy as sa

from coverage_map.data.schema import COLUMNS
from coverage_map.store import db
from coverage_map.data import io
from coverage_map.store.accounts import Editor, aware, local, now

PUBLISHED = "resmi"  # the caveat every published figure carries
MAX_SOURCE = 200
# change kinds in a preview (labels in the locales: pub_change_<kind>)
GAIN, CHANGE, LOSE, ADD, DISAGREE = "baru", "berubah", "hilang", "tambah", "beda"
_UNSAFE = re.compile(r"[<>\[\]{}`*_#|\\~^$]|[\x00-\x1f\x7f]")


class PublishError(db.Refused):
    """A publication refused as a whole; ``rows`` names the rows."""

    def __init__(self, key: str, rows: list[str] | None = None, **values):
        super().__init__(key, **values)
        self.rows = rows or []


@dataclass(frozen=True)
class Change:
    kind: str  # GAIN, CHANGE, LOSE, ADD, DISAGREE
    kode: str
    area_name: str
    metric: str
    as_of: str
    before: float | None  # the figure it replaces or disagrees with
    after: float | None
    before_source: str = ""


@dataclass
class Version:
    number: int
    created_at: datetime
    editor: str
    source: str
    file_name: str
    file_sha256: str
    rollback_to: int | None
    row_count: int


@dataclass
class Preview:
    changes: list[Change] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # rows the editor may not publish

    def count(self, kind: str) -> int:
        return len({c.kode for c in self.changes if c.kind == kind})


def clean_text(text: str, limit: int = MAX_SOURCE) -> str:
    """A stated source or a file name as shown to readers: one line, no markup characters."""
    return " ".join(_UNSAFE.sub(" ", str(text)).split())[:limit]


def refused_rows(figures: pd.DataFrame, editor: Editor) -> list[str]:
    """The rows ``editor`` may not publish (another province, or Kalimantan-wide for a
    province's editor), each as ``"<area> (<kode>)"``."""
    bad = [f"{r.area_name} ({r.kode or r.level})" for r in figures.itertuples()
           if not editor.may_publish(str(r.kode or ""))]
    return list(dict.fromkeys(bad))


@db.guarded
def current(engine=None) -> int:
    """The newest version's number (0: nothing published yet)."""
    engine = engine or db.engine()
    with engine.connect() as conn:
        return _current(conn)


def _current(conn) -> int:
    return conn.execute(sa.select(sa.func.max(db.versions.c.number))).scalar() or 0


@db.guarded
def listing(engine=None) -> list[Version]:
    engine = engine or db.engine()
    with engine.connect() as conn:
        return _listing(conn)


def _listing(conn, number: int | None = None) -> list[Version]:
    query = sa.select(db.versions).order_by(db.versions.c.number)
    if number is not None:
        query = query.where(db.versions.c.number == number)
    return [Version(**{**r, "created_at": aware(r["created_at"])})
            for r in conn.execute(query).mappings()]


@db.guarded
def version(number: int, engine=None) -> Version | None:
    engine = engine or db.engine()
    with engine.connect() as conn:
        found = _listing(conn, number)
    return found[0] if found else None


@db.guarded
def preview(figures: pd.DataFrame, editor: Editor, bundled: pd.DataFrame,
            engine=None) -> Preview:
    """What publishing ``figures`` would change for readers: regions that gain their first
    figure of an indicator, figures that change or go (a table for a date replaces that date's
    earlier table), figures that join others, and where the table disagrees with a sourced
    figure of the same date."""
    result = Preview(refused=refused_rows(figures, editor))
    published = snapshot(current(engine), engine)
    replaced = published[_replaced(published, figures)]
    before = pd.concat([bundled, published], ignore_index=True)
    had = set(zip(before["kode"].fillna(""), before["metric"]))
    old = {(r.kode, r.metric, r.as_of): r for r in replaced.itertuples()}
    for r in figures.itertuples():
        key = (r.kode, r.metric, r.as_of)
        if key in old:
            prev = old.pop(key)
            if not _same(prev.value, r.value):
                result.changes.append(Change(CHANGE, r.kode, r.area_name, r.metric, r.as_of,
                                             prev.value, r.value))
        elif (r.kode, r.metric) not in had:
            result.changes.append(Change(GAIN, r.kode, r.area_name, r.metric, r.as_of, None,
                                         r.value))
        else:
            result.changes.append(Change(ADD, r.kode, r.area_name, r.metric, r.as_of, None,
                                         r.value))
        same_date = bundled[(bundled["kode"] == r.kode) & (bundled["metric"] == r.metric)
                            & (bundled["as_of"] == r.as_of)]
        for s in same_date.itertuples():
            if not _same(s.value, r.value):
                result.changes.append(Change(DISAGREE, r.kode, r.area_name, r.metric, r.as_of,
                                             s.value, r.value, s.source_publisher))
    for prev in old.values():
        result.changes.append(Change(LOSE, prev.kode, prev.area_name, prev.metric, prev.as_of,
                                     prev.value, None))
    return result


@db.guarded
def publish(figures: pd.DataFrame, editor: Editor, source: str, file_name: str,
            data: bytes, engine=None) -> int:
    """Publish ``figures`` (rows of an upload, in the figures schema) as a new version and
    return its number. Refused as a whole when the source is not stated, the table is empty,
    or a row is of a province the editor does not edit. Regions are named as the reference
    table names them; the upload's notes on its columns are not kept."""
    source = clean_text(source)
    if not source:
        raise PublishError("pub_need_source")
    if figures.empty:
        raise PublishError("pub_empty")
    refused = refused_rows(figures, editor)
    if refused:
        raise PublishError("pub_other_province", refused)
    names = io.region_table()
    rows = [_stored({**r, "area_name": names.name_of(r["kode"]) if r["kode"] else
                     r["area_name"], "note": ""}) for r in figures.to_dict("records")]
    engine = engine or db.engine()
    with engine.begin() as conn:  # the version and its rows together, or nothing
        db.write_lock(conn, db.PUBLISHING)  # numbers in the order of the commits
        number = conn.execute(db.versions.insert().values(
            created_at=now(), editor=editor.name, source=source,
            file_name=clean_text(file_name, 120), file_sha256=hashlib.sha256(data).hexdigest(),
            rollback_to=None, row_count=len(rows))).inserted_primary_key[0]
        conn.execute(db.version_rows.insert(),
                     [{"version": number, "row": json.dumps(r, ensure_ascii=False)}
                      for r in rows])
    return int(number)


@db.guarded
def rollback(to: int, editor: Editor, engine=None) -> int:
    """Make version ``to`` current again, as a new version (nothing is deleted). A province's
    editor may do so only when what changes is in their province (checked in the same
    transaction as the rollback is written: a publication cannot slip in between)."""
    engine = engine or db.engine()
    with engine.begin() as conn:
        db.write_lock(conn, db.PUBLISHING)
        found = _listing(conn, to)
        if not found:
            raise PublishError("pub_no_version", n=to)
        target = found[0]
        if not editor.admin:
            now_rows, then_rows = _snapshot(conn, _current(conn)), _snapshot(conn, to)
            changed = pd.concat([now_rows, then_rows]).drop_duplicates(
                subset=[c for c in COLUMNS if c != "figure_id"], keep=False)
            refused = refused_rows(changed, editor)
            if refused:
                raise PublishError("pub_other_province", refused)
        number = conn.execute(db.versions.insert().values(
            created_at=now(), editor=editor.name, source=target.source,
            file_name=target.file_name, file_sha256=target.file_sha256, rollback_to=to,
            row_count=0)).inserted_primary_key[0]
    return int(number)


@db.guarded
def snapshot(number: int, engine=None) -> pd.DataFrame:
    """The published figures at version ``number`` (0: none), in the figures schema."""
    if number <= 0:
        return frame([])
    engine = engine or db.engine()
    with engine.connect() as conn:
        return _snapshot(conn, number)


def _snapshot(conn, number: int) -> pd.DataFrame:
    if number <= 0:
        return frame([])
    steps = conn.execute(sa.select(db.versions).where(db.versions.c.number <= number)
                         .order_by(db.versions.c.number)).mappings().all()
    rows = conn.execute(sa.select(db.version_rows).where(
        db.version_rows.c.version <= number).order_by(db.version_rows.c.id)).mappings().all()
    by_version: dict[int, list[dict]] = {}
    for r in rows:
        by_version.setdefault(r["version"], []).append({**json.loads(r["row"]),
                                                        "_id": r["id"]})
    states: dict[int, list[dict]] = {}
    state: list[dict] = []
    for step in steps:
        if step["rollback_to"] is not None:
            state = states.get(step["rollback_to"], [])
        else:
            mine = [_published(r, step) for r in by_version.get(step["number"], [])]
            groups = {_group(r) for r in mine}
            state = [r for r in state if _group(r) not in groups] + mine
        states[step["number"]] = state
    return frame(state)


@db.guarded
def version_table(number: int, engine=None) -> pd.DataFrame:
    """The figures version ``number`` itself published (a rollback publishes none)."""
    engine = engine or db.engine()
    step = version(number, engine)
    if step is None:
        return frame([])
    with engine.connect() as conn:
        rows = conn.execute(sa.select(db.version_rows).where(
            db.version_rows.c.version == number).order_by(db.version_rows.c.id)).mappings()
        return frame([_published({**json.loads(r["row"]), "_id": r["id"]}, vars(step))
                       for r in rows])


def _published(row: dict, step) -> dict:
    """A stored row as a figure readers see: its own ID, marked published, with its version."""
    caveats = [c for c in str(row.get("caveats") or "").split("|") if c and c != "unggahan"]
    base = "tabel_resmi" if row.get("base") == "berkas" else row.get("base")  # the table's own
    return {**row, "base": base, "figure_id": f"R{row.pop('_id'):05d}",
            "caveats": "|".join(dict.fromkeys(caveats + [PUBLISHED])),
            "source_publisher": step["source"], "source_url": "", "source_rank": 0,
            "published": local(step["created_at"]).date().isoformat(),
            "origin": f"versi {step['number']}"}


def _stored(row: dict) -> dict:
    return {k: (None if isinstance(v, float) and not math.isfinite(v) else
                v.item() if hasattr(v, "item") else v)
            for k, v in row.items() if k in COLUMNS and k != "figure_id"}


def _group(row) -> tuple[str, str]:
    """What a publication replaces: the earlier figures of the same province and date."""
    kode = str(row["kode"] or "")
    return kode.split(".")[0], str(row["as_of"] or "")


def _replaced(published: pd.DataFrame, figures: pd.DataFrame) -> pd.Series:
    groups = {_group(r) for r in figures.to_dict("records")}
    return pd.Series([_group(r) in groups for r in published.to_dict("records")],
                     index=published.index, dtype=bool)


def _same(a, b) -> bool:
    return a is not None and b is not None and abs(float(a) - float(b)) < 1e-9


def frame(rows: list[dict]) -> pd.DataFrame:
    """Rows as a figures table, typed as the bundled figures are."""
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    for col, dtype in COLUMNS.items():
        if dtype == "float64":
            df[col] = pd.to_numeric(df[col], errors="coerce")
        elif dtype == "int64":
            df[col] = pd.to_numeric(df[col], errors="coerce").fillna(0)
        else:
            df[col] = df[col].astype(object).where(df[col].notna(), "")
    return df.astype(COLUMNS)
