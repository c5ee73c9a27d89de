"""Who may show the app inside a frame of their own page (an embed on a pemda's or a
newsroom's site): ``--embed-origins`` read and checked, and the headers made from it.

Public pages (the map, every page and file the app serves today) may be framed by this
origin and the ones given (default ``*``: any site); they carry no X-Frame-Options, which would
contradict that (a browser that knows ``frame-ancestors`` ignores it, an old one would refuse
every embed). A location that is not public (none today; a future signed-in one) keeps
``'self'`` and X-Frame-Options SAMEORIGIN: ``PRIVATE`` below is that one place, written by
``scripts/serve.py`` as ``headers_private.conf`` for such a location to include.

Standard library only: ``scripts/serve.sh`` runs this file with the system's Python to refuse a
bad value before anything is set up or started (``python3 scripts/frame_policy.py ARGS``).
"""

from __future__ import annotations

import argparse
import re
import sys

ANY = "*"
SELF = "self"  # --embed-origins self: no site but the app itself
# scheme://host[:port]: a DNS name, an IPv4 address or an IPv6 one in brackets; nothing after
ORIGIN = re.compile(r"(?P<scheme>https?)://(?P<host>\[[0-9a-fA-F:.]+\]|[A-Za-z0-9]"
                    r"(?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
                    r"[A-Za-z0-9])?)*)(?::(?P<port>[0-9]{1,5}))?")
EXAMPLE = "https://peta.example.go.id http://localhost:8000"

# the one place where what is not public keeps its frame policy: no origin but this one
PRIVATE: tuple[str, ...] = ()


class OriginError(ValueError):
    """A value of --embed-origins that is not an origin, with what is wrong in words."""


def check_origin(text: str) -> str:
    """``text`` as an origin (``https://a.go.id``, ``http://localhost:8000``), lower-cased;
    raises ``OriginError`` naming the value and what is wrong with it."""
    match = ORIGIN.fullmatch(text)
    if match is None:
        why = ("a path, query or '/' after the host is not part of an origin"
               if re.match(r"https?://[^/?#]+[/?#]", text) else
               "only http:// and https:// pages can frame the map"
               if "://" in text and not text.lower().startswith(("http://", "https://")) else
               "it needs a scheme (https://)" if "://" not in text else
               "the host is not a valid host name")
        raise OriginError(f"--embed-origins: {text!r} is not an origin "
                          f"(scheme://host[:port], e.g. {EXAMPLE.split()[0]}): {why}")
    port = match["port"]
    if port is not None and not 0 < int(port) < 65536:
        raise OriginError(f"--embed-origins: {text!r} has port {port}, which is not between "
                          "1 and 65535")
    return text.lower()


def parse_origins(text: str) -> tuple[str, ...]:
    """The origins ``--embed-origins`` names, separated by spaces or commas: ``("*",)`` for
    any site, ``()`` for ``self`` (the app only), else each origin checked (duplicates once).
    Raises ``OriginError`` with a message for the person who typed it."""
    items = [item for item in re.split(r"[\s,]+", text.strip()) if item]
    if not items:
        raise OriginError(f"--embed-origins is empty: give the sites that may embed the map "
                          f"(e.g. \"{EXAMPLE}\"), '*' for any site or 'self' for none")
    if ANY in items or SELF in items:
        if len(items) > 1:
            raise OriginError(f"--embed-origins: '*' (any site) and 'self' (none) stand "
                              f"alone, not with other origins: {text.strip()!r}")
        return (ANY,) if items == [ANY] else ()
    return tuple(dict.fromkeys(check_origin(item) for item in items))


def frame_ancestors(origins: tuple[str, ...]) -> str:
    """The Content-Security-Policy directive for public pages: ``'self'`` and ``origins``."""
    return " ".join(("frame-ancestors", "'self'", *origins))


def frame_options(public: bool) -> str:
    """The X-Frame-Options line of a header file: none for public pages (``frame-ancestors``
    says who may frame them), SAMEORIGIN for what is not public."""
    if public:
        return ("# no X-Frame-Options: the Content-Security-Policy's frame-ancestors says who "
                "may frame these pages (--embed-origins)")
    return "add_header X-Frame-Options SAMEORIGIN always;"


def described(origins: tuple[str, ...]) -> str:
    """For the start message: who may embed the map."""
    if origins == (ANY,):
        return "any site (*)"
    return ", ".join(origins) if origins else "no other site (self)"


def add_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--embed-origins", default=ANY, metavar="ORIGINS",
                        help="the sites that may show the map in a frame of their pages, "
                        f"separated by spaces (e.g. \"{EXAMPLE}\"); '*' any site (default), "
                        "'self' none but this app")


def main(argv: list[str] | None = None) -> int:
    """Check ``--embed-origins`` among serve.sh's arguments (the others are serve.py's)."""
    parser = argparse.ArgumentParser(add_help=False)
    add_option(parser)
    args, _ = parser.parse_known_args(argv)
    try:
        parse_origins(args.embed_origins)
    except OriginError as error:
        print(f"serve: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
