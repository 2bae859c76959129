"""``make liens`` against a local server on 127.0.0.1 only: 200, 301, 404, HEAD refused, a timeout, a TLS error.

No other address is ever asked: every portrait here points at the test server.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from projects import make_project, run_make
from tierslieux.content import load_content
from tierslieux.deadlinks import USER_AGENT, Link, check_links, link_problems, main, place_links

TIMEOUT = 0.5


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.seen: list[tuple[str, str, dict]] = []  # method, path, headers
        self.active = 0
        self.most_active = 0
        self.lock = threading.Lock()


class _Handler(BaseHTTPRequestHandler):
    def do_HEAD(self):
        self._answer(body=False)

    def do_GET(self):
        self._answer(body=True)

    def _answer(self, body: bool):
        server = self.server
        with server.lock:
            server.seen.append((self.command, self.path, dict(self.headers)))
            server.active += 1
            server.most_active = max(server.most_active, server.active)
        time.sleep(0.05)  # long enough for concurrent requests to overlap
        with server.lock:  # before answering: once answered, the client may send its next request at once
            server.active -= 1
        self._route(body)

    def _route(self, body: bool):
        path = self.path.split("?")[0]
        if path == "/lent":
            time.sleep(TIMEOUT * 4)
        elif path == "/ancien":
            self._send(301, Location="/nouveau")
        elif path == "/provisoire":
            self._send(302, Location="/nouveau")
        elif path == "/ailleurs":
            self._send(301, Location="ftp://127.0.0.1/fichier")
        elif path == "/absent":
            self._send(404)
        elif path == "/sans-head" and not body:
            self._send(405)
        else:
            self._send(200, **{"Set-Cookie": "suivi=1; Path=/"})

    def _send(self, status: int, **headers: str):
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args):
        pass


@pytest.fixture
def server():
    httpd = _Server()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd, f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _portrait(slug: str, website: str, training_urls: tuple[str, ...] = ()) -> str:
    trainings = "".join(f"  - title: Formation {i}\n    url: {url}\n" for i, url in enumerate(training_urls))
    return (f"---\nname: Lieu {slug}\nregion: bretagne\ncommune: Rennes\npostal_code: \"35000\"\nlatitude: 48.11\n"
            f"longitude: -1.68\nsummary: Un lieu.\nwebsite: {website}\n"
            + (f"trainings:\n{trainings}" if trainings else "") + "---\n")


@pytest.fixture
def project(tmp_path, server):
    _, base = server
    https = base.replace("http://", "https://")  # the server speaks plain HTTP: the TLS handshake fails
    portraits = {
        "vivant": _portrait("vivant", f"{base}/ok", (f"{base}/sans-head", f"{base}/absent")),
        "demenage": _portrait("demenage", f"{base}/ancien"),
        "provisoire": _portrait("provisoire", f"{base}/provisoire"),
        "disparu": _portrait("disparu", f"{base}/absent"),
        "lent": _portrait("lent", f"{base}/lent"),
        "chiffre": _portrait("chiffre", f"{https}/ok"),
    }
    root = make_project(tmp_path / "projet")
    for slug, text in portraits.items():
        (root / "portraits" / f"{slug}.md").write_text(text, encoding="utf-8")
    return root


def test_each_dead_or_moved_link_is_reported_on_its_line_in_french(project, server):
    _, base = server
    links = place_links(load_content(project))
    outcomes = check_links(links, timeout=TIMEOUT)
    assert [str(problem) for problem in link_problems(project, links, outcomes)] == [
        f"portraits/chiffre.md:9: website: lien mort : la connexion sécurisée (TLS) a échoué : certificat invalide ou "
        f"protocole refusé (trouvé : {base.replace('http', 'https')}/ok ; attendu : une adresse qui répond). Vérifiez "
        "l'adresse dans un navigateur, corrigez-la ou retirez-la.",
        f"portraits/demenage.md:9: website: redirection permanente (trouvé : {base}/ancien ; attendu : l'adresse où "
        f"elle mène, {base}/nouveau). Remplacez l'adresse par {base}/nouveau.",
        f"portraits/disparu.md:9: website: lien mort : le serveur répond 404 (trouvé : {base}/absent ; attendu : une "
        "page qui répond 200). Cherchez la nouvelle adresse de la page, ou retirez le lien.",
        f"portraits/lent.md:9: website: lien mort : pas de réponse en 0,5 secondes (trouvé : {base}/lent ; attendu : "
        "une adresse qui répond). Vérifiez l'adresse dans un navigateur, corrigez-la ou retirez-la.",
        f"portraits/vivant.md:14: trainings[1].url: lien mort : le serveur répond 404 (trouvé : {base}/absent ; "
        "attendu : une page qui répond 200). Cherchez la nouvelle adresse de la page, ou retirez le lien.",
    ]


def test_head_refused_falls_back_to_get_and_requests_say_who_asks_without_cookies(project, server):
    httpd, _ = server
    links = place_links(load_content(project))
    outcomes = check_links(links, timeout=TIMEOUT)
    assert not outcomes[next(link.url for link in links if link.url.endswith("/sans-head"))].dead
    assert [(method, path) for method, path, _ in httpd.seen if path == "/sans-head"] == [
        ("HEAD", "/sans-head"), ("GET", "/sans-head")]
    assert {headers["User-Agent"] for _, _, headers in httpd.seen} == {USER_AGENT}
    assert not [headers for _, _, headers in httpd.seen if "Cookie" in headers]  # /ok set one; none sent back
    assert sum(1 for _, path, _ in httpd.seen if path == "/absent") == 2  # asked once for two portraits: HEAD, GET


def test_the_pool_never_asks_one_host_more_than_its_limit_at_once(server):
    httpd, base = server
    links = [Link("portraits/x.md", ("website",), f"{base}/ok?page={n}") for n in range(12)]
    outcomes = check_links(links, timeout=5, pool=8, per_host=2)
    assert all(not outcome.dead for outcome in outcomes.values())
    assert httpd.most_active == 2


def test_make_liens_prints_the_report_and_fails_when_a_link_is_dead(project, capsys):
    assert main([str(project), "--delai", str(TIMEOUT)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "8 liens vérifiés (7 adresses) : 4 morts, 1 redirection permanente."
    assert len(out) == 6


def test_a_moved_link_alone_does_not_fail(tmp_path, server):
    _, base = server
    root = make_project(tmp_path / "projet")
    (root / "portraits" / "demenage.md").write_text(_portrait("demenage", f"{base}/ancien"), encoding="utf-8")
    result = run_make(root, "liens", "DELAI=2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "1 lien vérifié (1 adresse) : 0 mort, 1 redirection permanente."


def test_malformed_addresses_and_redirects_out_of_the_web_are_dead_without_a_traceback(server):
    _, base = server
    links = [Link("portraits/x.md", ("website",), url) for url in (
        "http://127.0.0.1:99999/", "http://[::1/", f"{base}/ailleurs")]
    outcomes = check_links(links, timeout=TIMEOUT)
    assert {outcome.error for outcome in outcomes.values()} == {
        "adresse invalide, ou redirection vers une adresse qui n'est pas une page web"}


def test_a_site_without_links_has_nothing_to_report(tmp_path, capsys):
    assert main([str(make_project(tmp_path / "projet"))]) == 0
    assert capsys.readouterr().out == "0 lien vérifié (0 adresse) : 0 mort, 0 redirection permanente.\n"
