"""Embedding the map: who may frame the app (``--embed-origins``, the headers written from it)
and the embed's link and snippet."""

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from coverage_map.render import embed_code

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import frame_policy  # noqa: E402


@pytest.mark.parametrize("text, origins", [
    ("*", ("*",)),
    ("self", ()),
    ("https://a.go.id https://b.go.id", ("https://a.go.id", "https://b.go.id")),
    (" https://A.go.id,http://localhost:8000 ,https://a.go.id ",
     ("https://a.go.id", "http://localhost:8000")),
    ("http://127.0.0.1:8501 https://[::1]:443 https://peta-kaltim.example.co.id",
     ("http://127.0.0.1:8501", "https://[::1]:443", "https://peta-kaltim.example.co.id")),
])
def test_good_origins_are_read(text, origins):
    assert frame_policy.parse_origins(text) == origins


@pytest.mark.parametrize("text, said", [
    ("a.go.id", "needs a scheme"),
    ("https://a.go.id/peta", "path"),
    ("https://a.go.id/", "path"),
    ("https://a.go.id?x=1", "path"),
    ("ftp://a.go.id", "only http:// and https://"),
    ("javascript://a.go.id", "only http:// and https://"),
    ("https://a_b.go.id", "host"),
    ("https://-a.go.id", "host"),
    ("https://a.go.id:0", "port 0"),
    ("https://a.go.id:70000", "port 70000"),
    ("https://a.go.id;script-src", "not an origin"),
    ("'self' https://a.go.id", "not an origin"),
    ("* https://a.go.id", "stand alone"),
    ("self,https://a.go.id", "stand alone"),
    ("", "empty"),
    (" , ", "empty"),
])
def test_bad_origins_are_refused_with_what_is_wrong(text, said):
    with pytest.raises(frame_policy.OriginError) as refused:
        frame_policy.parse_origins(text)
    assert "--embed-origins" in str(refused.value) and said in str(refused.value)


def test_the_frame_ancestors_directive():
    assert frame_policy.frame_ancestors(("*",)) == "frame-ancestors 'self' *"
    assert frame_policy.frame_ancestors(("https://a.go.id", "https://b.go.id")) == \
        "frame-ancestors 'self' https://a.go.id https://b.go.id"
    assert frame_policy.frame_ancestors(()) == "frame-ancestors 'self'"
    assert frame_policy.frame_ancestors(frame_policy.PRIVATE) == "frame-ancestors 'self'"


def test_serve_sh_refuses_a_bad_value_before_setting_anything_up(tmp_path):
    import subprocess
    done = subprocess.run(["bash", "scripts/serve.sh", "--port", "1", "--embed-origins",
                           "https://a.go.id/peta"], cwd=ROOT, capture_output=True, text=True,
                          timeout=30)
    assert done.returncode == 2
    assert "'https://a.go.id/peta' is not an origin" in done.stderr
    assert "setup" not in done.stdout.lower() and done.stdout == ""


def written_headers(tmp_path, origins):
    """The header files serve.py writes for ``origins``, as {file: {header: value}}."""
    import serve
    serve.nginx_conf(tmp_path, "127.0.0.1", 8080, [9001, 9002], [], origins)
    out = {}
    for name in ("headers.conf", "headers_map.conf", "headers_private.conf"):
        lines = (tmp_path / name).read_text().splitlines()
        out[name] = {m[1]: m[2] for line in lines
                     if (m := re.match(r'add_header (\S+) "?(.*?)"? always;$', line))}
    return out


def test_public_pages_may_be_framed_by_any_site_by_default(tmp_path):
    headers = written_headers(tmp_path, frame_policy.parse_origins(frame_policy.ANY))
    for name in ("headers.conf", "headers_map.conf"):
        csp = headers[name]["Content-Security-Policy"]
        assert csp.endswith("; frame-ancestors 'self' *"), csp
        assert "X-Frame-Options" not in headers[name]  # it would contradict the policy
    # what is not public (a future signed-in location) keeps this origin only
    private = headers["headers_private.conf"]
    assert private["Content-Security-Policy"].endswith("; frame-ancestors 'self'")
    assert private["X-Frame-Options"] == "SAMEORIGIN"
    # nothing else of the policy changes
    assert headers["headers.conf"]["Content-Security-Policy"].rsplit(";", 1)[0] == \
        private["Content-Security-Policy"].rsplit(";", 1)[0]


def test_public_pages_may_be_framed_by_the_origins_given(tmp_path):
    headers = written_headers(tmp_path, frame_policy.parse_origins(
        "https://a.go.id https://b.go.id"))
    for name in ("headers.conf", "headers_map.conf"):
        csp = headers[name]["Content-Security-Policy"]
        assert "frame-ancestors 'self' https://a.go.id https://b.go.id" in csp
        assert csp.count("frame-ancestors") == 1 and " * " not in csp + " "
        assert "X-Frame-Options" not in headers[name]
    assert "'unsafe-inline'" in headers["headers_map.conf"]["Content-Security-Policy"]


VIEW = "https://peta.example.go.id/?provinsi=64&indikator=peserta_aktif&tahun=2023&target=75&bahasa=en"


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_the_embed_link_keeps_the_view_and_adds_sematkan_once():
    link = embed_code.embed_link(VIEW)
    assert link == VIEW + "&sematkan=1"
    assert embed_code.embed_link(link) == link
    assert embed_code.embed_link("http://localhost:8501/") == "http://localhost:8501/?sematkan=1"
    assert embed_code.full_link(link) == VIEW
    assert embed_code.embed_link("http://h/?prov=61,62#x") == "http://h/?prov=61,62&sematkan=1"


def test_the_snippet_is_one_iframe_of_the_view():
    title = 'Cakupan: Kalimantan Timur "<script>"'
    snippet = embed_code.iframe_snippet(VIEW, title)
    parser = Tags()
    parser.feed(snippet)
    assert [tag for tag, _ in parser.tags] == ["iframe"]
    attrs = parser.tags[0][1]
    assert attrs["src"] == VIEW + "&sematkan=1"  # the parser decodes &amp;
    assert "&amp;sematkan=1" in snippet and "<script>" not in snippet
    assert attrs["title"] == title
    assert attrs["loading"] == "lazy"
    style = dict(part.split(":", 1) for part in attrs["style"].split(";"))
    assert style["width"] == "100%" and style["border"] == "0"
    assert style["height"].startswith("clamp(") and "px" in style["height"]

