"""The published tables: what officials publish, kept in a database.

``db``: where the database is and its tables (SQLite by default, PostgreSQL by
``CM_DATABASE_URL``), made and upgraded by Alembic's migrations on first use. ``accounts``:
editors, their passwords (argon2) and sign-in. ``versions``: publishing a table, its preview,
every version kept, rollback. ``shares``: a session's upload shared for a while under a token.
``backup``: the whole database to a file and back.
"""
