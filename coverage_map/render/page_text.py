"""Figures of their own and the text laid out on them: words measured once (not drawn), text
wrapped to a width, blocks placed from the top or the bottom, a list that shrinks its type until
it fits, and a last check that every text lies inside the page.

Text is measured with matplotlib's own metrics (the Agg renderer's text extent, the fonts the
PDF embeds): a word's width once per process at one size, scaled to the others, and a block's
height from the height of one line and the pitch between lines, so laying out a page costs no
draw of it. The page is drawn once, when it is saved.
"""

from __future__ import annotations

import io
import threading

# PDF and PNG lay text out with slightly different metrics: wrap with room to spare
WRAP_SAFETY = 0.93
REFERENCE_SIZE = 10.0  # words are measured at this size and scaled (the fonts are outlines)
MEASURE_DPI = 720.0  # at 100 px a font size, so the scaled widths are not a small size's hinting
_WIDTHS: dict[tuple[str, str], float] = {}  # (weight, word) -> px at MEASURE_DPI, 10 pt
_PITCHES: dict[tuple[float, float, str], tuple[float, float]] = {}
_MEASURE = threading.Lock()  # one measuring renderer, shared


def new_figure(size: tuple[float, float], dpi: float):
    """A matplotlib figure on a canvas of its own.

    Never pyplot's: Streamlit closes every pyplot figure (``plt.close("all")``) when any
    session's script run ends, and a closed figure can no longer be drawn, so a file being
    made for one visitor broke whenever another visitor clicked. A figure made here belongs
    to its maker alone. matplotlib is imported on the first export (it costs memory every
    server process would pay)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    matplotlib.rcParams["pdf.fonttype"] = 42  # TrueType: text stays selectable and searchable
    matplotlib.rcParams["font.family"] = "DejaVu Sans"
    fig = Figure(figsize=size, dpi=dpi)
    FigureCanvasAgg(fig)
    # geopandas asks the canvas to redraw after each layer it plots; on an Agg canvas that
    # renders the whole figure then and there (a map of 504 regions: 10 renders, 1.6 s). Files
    # are rendered once, when saved: nothing is shown on this canvas in between.
    fig.canvas.draw_idle = _no_redraw
    return fig


def _no_redraw(*args, **kwargs) -> None:
    return None


def pdf_pages(pages, title: str, on_page=None) -> bytes:
    """One PDF of the figures ``pages`` yields, a page each; ``on_page(done)`` after each."""
    from matplotlib.backends.backend_pdf import PdfPages

    buf = io.BytesIO()
    with PdfPages(buf, metadata={"Title": title}) as out:
        for done, fig in enumerate(pages, start=1):
            out.savefig(fig)
            if on_page is not None:
                on_page(done)
    return buf.getvalue()


def png_bytes(fig, dpi: float) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


# --- measuring -------------------------------------------------------------------------------

_RENDERER = []


def _renderer():
    """A small Agg renderer, only for measuring (one per process)."""
    if not _RENDERER:
        from matplotlib.backends.backend_agg import RendererAgg

        _RENDERER.append(RendererAgg(10, 10, MEASURE_DPI))
    return _RENDERER[0]


def word_width(word: str, fontsize: float, dpi: float, weight: str = "normal") -> float:
    """The width of ``word`` in pixels at ``fontsize`` points on a ``dpi`` figure: measured
    once per process (matplotlib's text extent at ``REFERENCE_SIZE``), then scaled."""
    if not word:
        return 0.0
    key = (weight, word)
    width = _WIDTHS.get(key)
    if width is None:
        from matplotlib.font_manager import FontProperties

        with _MEASURE:
            width = _renderer().get_text_width_height_descent(
                word, FontProperties(size=REFERENCE_SIZE, weight=weight), ismath=False)[0]
        _WIDTHS[key] = width
    return width * (fontsize / REFERENCE_SIZE) * (dpi / MEASURE_DPI)


def space_width(fontsize: float, dpi: float, weight: str = "normal") -> float:
    return word_width("a a", fontsize, dpi, weight) - word_width("aa", fontsize, dpi, weight)


def wrap_to(fig, text: str, fontsize: float, width_px: float, weight: str = "normal") -> str:
    """``text`` wrapped into lines no wider than ``width_px`` at ``fontsize`` on ``fig`` (a
    line is its words and spaces, each word measured once per process)."""
    dpi = fig.dpi
    space = space_width(fontsize, dpi, weight)
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line, used = "", 0.0
        for word in paragraph.split(" "):
            w = word_width(word, fontsize, dpi, weight)
            if line and used + space + w > width_px:
                lines.append(line)
                line, used = word, w
            else:
                line, used = (f"{line} {word}" if line else word), (used + space + w if line
                                                                      else w)
        lines.append(line)
    return "\n".join(lines)


def block_height(fig, lines: int, fontsize: float, linespacing: float) -> float:
    """The height in pixels of a text of ``lines`` lines (matplotlib's layout of one and of
    two lines, measured once per size and spacing)."""
    key = (round(fontsize, 3), linespacing, str(fig.dpi))
    if key not in _PITCHES:
        from matplotlib.text import Text

        renderer = fig.canvas.get_renderer()
        one, two = (Text(0, 0, s, fontsize=fontsize, linespacing=linespacing,
                         figure=fig).get_window_extent(renderer).height
                    for s in ("Ág", "Ág\nÁg"))
        _PITCHES[key] = (one * 72.0 / fig.dpi, (two - one) * 72.0 / fig.dpi)
    first, pitch = _PITCHES[key]
    return (first + max(0, lines - 1) * pitch) * fig.dpi / 72.0


# --- placing ---------------------------------------------------------------------------------

def wrapped(fig, x: float, y: float, text: str, fontsize: float, width: float, **style
            ) -> float:
    """Draw ``text`` from the top at (x, y), wrapped to ``width`` (figure fraction); return the
    figure y of its bottom."""
    if not text:
        return y
    width_px = width * fig.get_window_extent().width * WRAP_SAFETY
    artist = fig.text(x, y, wrap_to(fig, text, fontsize, width_px,
                                    style.get("fontweight", "normal")),
                      fontsize=fontsize, va="top", parse_math=False, **style)
    # measured, not drawn: a text's extent needs its layout only (a draw renders the page)
    extent = artist.get_window_extent(fig.canvas.get_renderer())
    return extent.transformed(fig.transFigure.inverted()).y0


def wrapped_up(fig, x: float, y: float, texts: list[tuple[str, str]], fontsize: float,
               width: float) -> float:
    """Draw texts upwards from the bottom (the last one on top); return the figure y of the
    top of the highest."""
    width_px = width * fig.get_window_extent().width * WRAP_SAFETY
    for text, colour in texts:
        if not text:
            continue
        artist = fig.text(x, y, wrap_to(fig, text, fontsize, width_px), fontsize=fontsize,
                          va="bottom", color=colour, parse_math=False)
        extent = artist.get_window_extent(fig.canvas.get_renderer())
        y = extent.transformed(fig.transFigure.inverted()).y1 + 0.006
    return y


def region_list(fig, rect, title: str, rows: list[str], fontsize: float) -> None:
    """The regions shown, numbered as on the map, with value and date: a printed page says
    everything the map means. The type shrinks until the list fits its column: each size's
    height worked out from its lines (a list far too tall goes straight to about the size it
    needs), the one chosen measured as laid out."""
    left, bottom, width, height = rect  # figure fractions: no axes of its own (costly)
    page = fig.get_window_extent()
    width_px = width * page.width * WRAP_SAFETY
    height_px = height * page.height
    size = fontsize
    for _ in range(24):
        body = "\n".join(wrap_to(fig, r, size, width_px) for r in rows)
        text = f"{title}\n{body}" if title else body
        tall = block_height(fig, text.count("\n") + 1, size, 1.2)
        if size >= SMALLEST and tall > height_px:  # too tall by its lines: nothing drawn
            size = max(SMALLEST * 0.99, size * min(0.9, height_px / tall))
            continue
        artist = fig.text(left, bottom + height, text, fontsize=size, va="top",
                          linespacing=1.2, parse_math=False)
        if artist.get_window_extent(fig.canvas.get_renderer()).height <= height_px \
                or size < SMALLEST:
            return
        artist.remove()
        size *= 0.9


SMALLEST = 2.0  # points: a list of hundreds of regions is printed this small, not cut


# --- inside the page -------------------------------------------------------------------------

def fit_inside(fig) -> None:
    """A last guard: any text that still reaches past the page edge gets smaller type.

    Texts are measured where they lie, without drawing the page (its maps and charts): a text
    too big goes straight to about the size that fits, then smaller by tenths until it does.
    Only a legend reaching past the edge has the page laid out by a draw (a legend places its
    texts when drawn)."""
    over = _outside_page(fig)
    if not over:
        return
    page = fig.get_window_extent()
    renderer = fig.canvas.get_renderer()
    if any(not hasattr(a, "set_fontsize") for a in over):  # a legend: as before, by draws
        for artist in overflowing_texts(fig):
            for _ in range(8):
                artist.set_fontsize(artist.get_fontsize() * 0.9)
                fig.draw_without_rendering()
                if not outside(artist.get_window_extent(renderer), page):
                    break
        return
    for artist in over:
        box = artist.get_window_extent(renderer)
        artist.set_fontsize(artist.get_fontsize() * min(0.9, 0.98 * _room(artist, box, page)))
        for _ in range(8):
            if not outside(artist.get_window_extent(renderer), page):
                break
            artist.set_fontsize(artist.get_fontsize() * 0.9)


def _room(artist, box, page) -> float:
    """How much smaller ``artist`` must be to fit the page, its anchor staying where it is."""
    va, ha = artist.get_verticalalignment(), artist.get_horizontalalignment()
    tall = {"top": box.y1 - page.y0, "bottom": page.y1 - box.y0}.get(va, page.height)
    wide = {"left": page.x1 - box.x0, "right": box.x1 - page.x0}.get(ha, page.width)
    return max(0.1, min(1.0, tall / max(box.height, 1), wide / max(box.width, 1)))


def _legends(fig) -> list:
    return [*fig.legends, *(ax.get_legend() for ax in fig.axes if ax.get_legend())]


def _outside_page(fig) -> list:
    """The texts and legends of ``fig`` that reach past the page, measured without a draw
    (each axes placed as a draw would place it)."""
    page = fig.get_window_extent()
    renderer = fig.canvas.get_renderer()
    boxes = []
    for ax in fig.axes:
        ax.apply_aspect()
        boxes += [a for a in ax.texts if a.get_visible() and a.get_text()]
    boxes += [a for a in fig.texts if a.get_visible() and a.get_text()]
    boxes += _legends(fig)
    return [a for a in boxes if outside(a.get_window_extent(renderer), page, slack=1)]


def overflowing_texts(fig) -> list:
    """The text artists of ``fig`` that reach outside the page (the page laid out by a draw:
    the check tests rely on)."""
    fig.draw_without_rendering()
    page = fig.get_window_extent()
    renderer = fig.canvas.get_renderer()
    texts = list(fig.texts)
    for ax in fig.axes:  # what is drawn: texts and legends (hidden axes draw no tick labels)
        texts += ax.texts
    for legend in _legends(fig):  # the figure's own legends, and each axes' one
        texts += [legend.get_title(), *legend.get_texts()]
    out = []
    for artist in texts:
        if not artist.get_visible() or not artist.get_text():
            continue
        if outside(artist.get_window_extent(renderer), page, slack=1):
            out.append(artist)
    return out


def outside(box, page, slack: float = 0) -> bool:
    """Whether ``box`` reaches past ``page`` by more than ``slack`` pixels on any side."""
    return (box.x0 < page.x0 - slack or box.y0 < page.y0 - slack or box.x1 > page.x1 + slack
            or box.y1 > page.y1 + slack)
