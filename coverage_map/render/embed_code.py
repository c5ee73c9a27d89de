"""The embed of a map view: its link (``?sematkan=1`` added to the view's link) and the HTML
snippet a site pastes into its page to show it (``ui.embed`` shows the view and the control).
Pure: no Streamlit."""

from __future__ import annotations

from html import escape
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

EMBED_PARAM = "sematkan"
EMBED_VALUE = "1"
# The frame's height follows the embedding page: on a phone (390 px wide) 460 px, the map and
# its source line on one screen; on a wide page at most 88 % of the window, so that the page
# around stays in view; in between 80 % of the window's width.
HEIGHT = "clamp(460px,80vw,88vh)"


def embed_link(view_link: str) -> str:
    """The link of a view (``https://host/?provinsi=64``) as its embed: ``&sematkan=1``
    added (once), everything else kept."""
    parts = urlsplit(view_link)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if k != EMBED_PARAM]
    query.append((EMBED_PARAM, EMBED_VALUE))
    return urlunsplit(parts._replace(query=urlencode(query, safe=","), fragment=""))


def full_link(embed_url: str) -> str:
    """The other way: the embed's link without ``sematkan``, the same view in the full app."""
    parts = urlsplit(embed_url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if k != EMBED_PARAM]
    return urlunsplit(parts._replace(query=urlencode(query, safe=","), fragment=""))


def iframe_snippet(view_link: str, title: str) -> str:
    """The HTML that shows the view in another site's page: full width, a height that fits
    phones and wide screens, no border, loaded when it comes near the screen. ``title`` names
    the frame for screen readers. Both are escaped for an HTML attribute."""
    src = escape(embed_link(view_link), quote=True)
    return (f'<iframe src="{src}" title="{escape(title, quote=True)}" '
            f'style="width:100%;height:{HEIGHT};border:0" loading="lazy" '
            f'referrerpolicy="strict-origin-when-cross-origin" allow="fullscreen"></iframe>')
