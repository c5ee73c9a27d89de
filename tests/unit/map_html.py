"""Reading back what a map's HTML hands its JavaScript (for tests)."""

import json
import re

NAMES = {"topo": 0, "fills": 1, "tips": 2, "options": 3}  # cmTopoLayer(map, topo, fills, tips, o)


def call_args(html: str, function: str) -> list:
    """The JSON arguments after the map of the first ``function(map, ...)`` call."""
    match = re.search(re.escape(function) + r"\(map_[0-9a-f]+,", html)
    assert match, function
    decoder, at, args = json.JSONDecoder(), match.end(), []
    while True:
        value, at = decoder.raw_decode(html, at)
        args.append(value)
        if html[at] == ")":
            return args
        assert html[at] == ",", html[at:at + 20]
        at += 1


def embedded(html: str, name: str):
    """The regency layer's ``topo``, ``fills``, ``tips`` or ``options``."""
    return call_args(html, "cmTopoLayer")[NAMES[name]]
