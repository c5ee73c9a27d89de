"""Static images rendered on the server with matplotlib (no browser, no network)."""

from __future__ import annotations

import io

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

PPU_COLOUR = "#e6550d"
IKN_COLOUR = "#a50f15"


def locator_png(provinces: gpd.GeoDataFrame, kabkota: gpd.GeoDataFrame, ikn: gpd.GeoDataFrame,
                highlight: str = "64.09", labels: tuple[str, str] = ("PPU", "IKN"),
                dpi: int = 160) -> bytes:
    """A small map of Kalimantan with one regency and the IKN delineation highlighted."""
    fig, ax = plt.subplots(figsize=(3.0, 3.0), dpi=dpi)
    provinces.plot(ax=ax, color="#ececec", edgecolor="#7a7a7a", linewidth=0.6)
    region = kabkota[kabkota["kode"] == highlight]
    region.plot(ax=ax, color=PPU_COLOUR, edgecolor="#7f2704", linewidth=0.6)
    ikn.plot(ax=ax, color=IKN_COLOUR, edgecolor=IKN_COLOUR, linewidth=0.8, alpha=0.85)
    minx, miny, maxx, maxy = region.total_bounds
    pad = 0.35
    ax.add_patch(Rectangle((minx - pad, miny - pad), maxx - minx + 2 * pad, maxy - miny + 2 * pad,
                           fill=False, edgecolor="#111111", linewidth=1.2))
    ax.annotate(labels[0], (maxx + pad, miny), xytext=(maxx + 1.6, miny - 1.1),
                fontsize=9, fontweight="bold", color="#7f2704",
                arrowprops=dict(arrowstyle="-", color="#7f2704", lw=0.8))
    ax.annotate(labels[1], (maxx + pad, maxy), xytext=(maxx + 1.6, maxy + 0.9),
                fontsize=9, fontweight="bold", color=IKN_COLOUR,
                arrowprops=dict(arrowstyle="-", color=IKN_COLOUR, lw=0.8))
    ax.set_aspect("equal")
    ax.set_axis_off()
    fig.tight_layout(pad=0.1)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    plt.close(fig)
    return buf.getvalue()
