"""Editors: accounts made on the command line, passwords hashed with argon2, sign-in with a
lock after repeated wrong passwords.

An editor belongs to one province (``"64"``) or, as an administrator, to all (``None``).
Every attempt to sign in is kept in ``sign_ins`` and written to the log; after
``MAX_FAILED`` wrong passwords in a row the account is locked for ``LOCK_MINUTES``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from coverage_map.store import db

MAX_FAILED = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 10
# a name, or an e-mail address (an account for a sign-in through the organisation's provider)
NAME = re.compile(r"^[a-z0-9][a-z0-9._@+-]{1,79}$")
PROVINCES = ("61", "62", "63", "64", "65")
# how an attempt ended (sign_ins.outcome)
OK, WRONG, LOCKED, UNKNOWN, DISABLED = "ok", "wrong", "locked", "unknown", "disabled"

log = logging.getLogger("coverage_map.accounts")
_hasher = PasswordHasher()
_DUMMY = _hasher.hash("not-a-password-anyone-has")  # checked against when there is no account


class AccountError(db.Refused):
    """A command on accounts that cannot be done."""


@dataclass(frozen=True)
class Editor:
    name: str
    province: str | None  # None: an administrator

    @property
    def admin(self) -> bool:
        return self.province is None

    def may_publish(self, kode: str) -> bool:
        """Whether this editor may publish a figure for the region ``kode`` ("" for Kalimantan
        or Indonesia: administrators only)."""
        return self.admin or bool(kode) and kode.split(".")[0] == self.province


@dataclass(frozen=True)
class SignIn:
    outcome: str  # OK, WRONG, LOCKED, UNKNOWN, DISABLED
    editor: Editor | None = None
    locked_until: datetime | None = None


def now() -> datetime:
    return datetime.now(timezone.utc)


TIME_ZONE = ZoneInfo("Asia/Jakarta")  # dates and times shown: WIB


def local(when: datetime) -> datetime:
    """A stored time in WIB, as dates and times are shown."""
    return aware(when).astimezone(TIME_ZONE)


def aware(when: datetime | None) -> datetime | None:
    """SQLite gives back times without their zone; they were written in UTC."""
    return when.replace(tzinfo=timezone.utc) if when and when.tzinfo is None else when


@db.guarded
def add(name: str, province: str | None, password: str, engine=None) -> Editor:
    _check_name(name)
    if province is not None and province not in PROVINCES:
        raise AccountError("acc_bad_province", province=province)
    _check_password(password)
    engine = engine or db.engine()
    with engine.begin() as conn:
        if conn.execute(sa.select(db.editors.c.name).where(db.editors.c.name == name)).first():
            raise AccountError("acc_exists", name=name)
        conn.execute(db.editors.insert().values(
            name=name, province=province, password_hash=_hasher.hash(password), disabled=False,
            failed=0, locked_until=None, created_at=now()))
    return Editor(name, province)


@db.guarded
def listing(engine=None) -> list[dict]:
    engine = engine or db.engine()
    with engine.connect() as conn:
        rows = conn.execute(sa.select(db.editors).order_by(db.editors.c.name)).mappings()
        return [{"name": r["name"], "province": r["province"], "disabled": r["disabled"],
                 "locked_until": aware(r["locked_until"])} for r in rows]


@db.guarded
def disable(name: str, engine=None) -> None:
    _update(name, engine, disabled=True)


@db.guarded
def set_password(name: str, password: str, engine=None) -> None:
    _check_password(password)
    _update(name, engine, password_hash=_hasher.hash(password), failed=0, locked_until=None)


def _update(name: str, engine, **values) -> None:
    engine = engine or db.engine()
    with engine.begin() as conn:
        done = conn.execute(db.editors.update().where(db.editors.c.name == name).values(**values))
        if not done.rowcount:
            raise AccountError("acc_unknown", name=name)


@db.guarded
def editor(name: str, engine=None) -> Editor | None:
    """The editor ``name`` if the account exists and is not disabled."""
    engine = engine or db.engine()
    with engine.connect() as conn:
        row = conn.execute(sa.select(db.editors).where(db.editors.c.name == name)).mappings().first()
    return Editor(row["name"], row["province"]) if row and not row["disabled"] else None


@db.guarded
def sign_in(name: str, password: str, engine=None) -> SignIn:
    """Check a name and password. A locked account stays locked, even for the right password;
    every attempt is recorded and logged (never the password)."""
    engine = engine or db.engine()
    at = now()
    with engine.begin() as conn:
        # one attempt at a time: attempts at once cannot each count the same earlier failures
        db.write_lock(conn, db.SIGNING_IN)
        row = conn.execute(sa.select(db.editors).where(db.editors.c.name == name)
                           ).mappings().first()
        until = aware(row["locked_until"]) if row else None
        locked = until is not None and until > at
        if row is None or row["disabled"] or locked:
            # as long as a real check: the time tells neither names nor states apart
            _verify(_DUMMY, password)
        if row is None:
            result = SignIn(UNKNOWN)
        elif row["disabled"]:
            result = SignIn(DISABLED)
        elif locked:
            result = SignIn(LOCKED, locked_until=until)
        elif _verify(row["password_hash"], password):
            conn.execute(db.editors.update().where(db.editors.c.name == name)
                         .values(failed=0, locked_until=None))
            result = SignIn(OK, Editor(row["name"], row["province"]))
        else:
            failed = row["failed"] + 1
            until = at + timedelta(minutes=LOCK_MINUTES) if failed >= MAX_FAILED else None
            conn.execute(db.editors.update().where(db.editors.c.name == name)
                         .values(failed=0 if until else failed, locked_until=until))
            result = SignIn(LOCKED, locked_until=until) if until else SignIn(WRONG)
        conn.execute(db.sign_ins.insert().values(name=name[:80], at=at, outcome=result.outcome))
    level = logging.INFO if result.outcome == OK else logging.WARNING
    log.log(level, "sign-in %s: %r", result.outcome, name[:80])
    return result


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def _check_name(name: str) -> None:
    if not NAME.match(name):
        raise AccountError("acc_bad_name")


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError("acc_short_password", n=MIN_PASSWORD)
