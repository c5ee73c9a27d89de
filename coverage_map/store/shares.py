"""A session's upload shared without an account: its figures kept under an unguessable token
for ``DAYS`` days, read-only for whoever has the link, deletable by them earlier.

Not published and not checked by anyone: the app says so wherever it is shown. A visitor
(by address) keeps at most ``MAX_PER_VISITOR`` shares at once, each at most ``MAX_BYTES``.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import pandas as pd
import sqlalchemy as sa

from coverage_map.data.schema import COLUMNS
from coverage_map.store import db
from coverage_map.store.accounts import aware, now
from coverage_map.store.versions import clean_text, frame

DAYS = 7
MAX_PER_VISITOR = 5
MAX_BYTES = 2_000_000
TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


class ShareError(db.Refused):
    """A share refused: too big, or too many."""


@dataclass(frozen=True)
class Share:
    token: str
    file_name: str
    figures: pd.DataFrame
    expires_at: datetime


@db.guarded
def create(visitor: str, file_name: str, figures: pd.DataFrame, engine=None) -> Share:
    """Keep ``figures`` under a new token; refused past the visitor's count or the size."""
    rows = json.dumps([{k: (None if isinstance(v, float) and v != v else v)
                        for k, v in r.items() if k in COLUMNS}
                       for r in figures.astype(object).to_dict("records")],
                      ensure_ascii=False, default=str)
    if len(rows.encode()) > MAX_BYTES:
        raise ShareError("shareup_too_big", mb=MAX_BYTES // 1_000_000)
    engine = engine or db.engine()
    at = now()
    with engine.begin() as conn:
        conn.execute(db.shares.delete().where(db.shares.c.expires_at < at))
        held = conn.execute(sa.select(sa.func.count()).select_from(db.shares)
                            .where(db.shares.c.visitor == visitor[:64])).scalar()
        if held >= MAX_PER_VISITOR:
            raise ShareError("shareup_too_many", n=MAX_PER_VISITOR)
        token = secrets.token_urlsafe(24)
        expires = at + timedelta(days=DAYS)
        conn.execute(db.shares.insert().values(
            token=token, visitor=visitor[:64], created_at=at, expires_at=expires,
            file_name=clean_text(file_name, 120), size=len(rows), figures=rows))
    return Share(token, clean_text(file_name, 120), figures, expires)


@db.guarded
def read(token: str, engine=None) -> Share | None:
    """The share, if the token is one and has not expired."""
    if not TOKEN.match(token or ""):
        return None
    engine = engine or db.engine()
    with engine.connect() as conn:
        row = conn.execute(sa.select(db.shares).where(db.shares.c.token == token)).mappings().first()
    if row is None or aware(row["expires_at"]) <= now():
        return None
    return Share(token, row["file_name"], frame(json.loads(row["figures"])),
                 aware(row["expires_at"]))


@db.guarded
def delete(token: str, engine=None) -> bool:
    if not TOKEN.match(token or ""):
        return False
    engine = engine or db.engine()
    with engine.begin() as conn:
        return bool(conn.execute(db.shares.delete().where(db.shares.c.token == token)).rowcount)
