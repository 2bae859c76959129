"""``make liens`` against a local server on 127.0.0.1 only: 200, 301, 404, HEAD refused, a timeout, a TLS error, a
server that sends its head one byte at a time, an endless head or body, redirects to private addresses.

No other address is ever asked: every portrait here points at the test server (allowed by ``local=True``, as
``LIENS_LOCAL=oui`` does), and the refused addresses are refused before any connection, which the tests watch.
"""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from projects import make_project, run_make
from tierslieux.content import load_content
from tierslieux.deadlinks import (
    REFUSED,
    USER_AGENT,
    Link,
    Outcome,
    check_links,
    fetch,
    link_message,
    link_problems,
    main,
    place_links,
)
from tierslieux.http_probe import allowed, normalise
from tierslieux.local_server import serving

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
    with serving(httpd) as address:
        yield httpd, address


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
    outcomes = check_links(links, timeout=TIMEOUT, local=True)
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
    outcomes = check_links(links, timeout=TIMEOUT, local=True)
    assert not outcomes[next(link.url for link in links if link.url.endswith("/sans-head"))].dead
    assert [(method, path) for method, path, _ in httpd.seen if path == "/sans-head"] == [
        ("HEAD", "/sans-head"), ("GET", "/sans-head")]
    assert {headers["User-Agent"] for _, _, headers in httpd.seen} == {USER_AGENT}
    assert not [headers for _, _, headers in httpd.seen if "Cookie" in headers]  # /ok set one; none sent back
    assert sum(1 for _, path, _ in httpd.seen if path == "/absent") == 2  # asked once for two portraits: HEAD, GET


def test_the_pool_never_asks_one_host_more_than_its_limit_at_once(server):
    httpd, base = server
    links = [Link("portraits/x.md", ("website",), f"{base}/ok?page={n}") for n in range(12)]
    outcomes = check_links(links, timeout=5, pool=8, per_host=2, local=True)
    assert all(not outcome.dead for outcome in outcomes.values())
    assert httpd.most_active == 2


def test_make_liens_prints_the_report_and_fails_when_a_link_is_dead(project, capsys, monkeypatch):
    monkeypatch.setenv("LIENS_LOCAL", "oui")
    assert main([str(project), "--delai", str(TIMEOUT)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "8 liens vérifiés (7 adresses) : 4 morts, 1 redirection permanente."
    assert len(out) == 6


def test_a_moved_link_alone_does_not_fail(tmp_path, server):
    _, base = server
    root = make_project(tmp_path / "projet")
    (root / "portraits" / "demenage.md").write_text(_portrait("demenage", f"{base}/ancien"), encoding="utf-8")
    result = run_make(root, "liens", "DELAI=2", "LIENS_LOCAL=oui")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "1 lien vérifié (1 adresse) : 0 mort, 1 redirection permanente."


def test_malformed_addresses_and_redirects_out_of_the_web_are_dead_without_a_traceback(server):
    _, base = server
    links = [Link("portraits/x.md", ("website",), url) for url in (
        "http://127.0.0.1:99999/", "http://[::1/", f"{base}/ailleurs")]
    outcomes = check_links(links, timeout=TIMEOUT, local=True)
    assert {outcome.error for outcome in outcomes.values()} == {
        "adresse invalide, ou redirection vers une adresse qui n'est pas une page web"}


def test_a_site_without_links_has_nothing_to_report(tmp_path, capsys):
    assert main([str(make_project(tmp_path / "projet"))]) == 0
    assert capsys.readouterr().out == "0 lien vérifié (0 adresse) : 0 mort, 0 redirection permanente.\n"


class _Hostile(ThreadingHTTPServer):
    """Answers as a hostile or broken server would, on 127.0.0.1; ``routes`` maps a path to what it sends."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _HostileHandler)
        self.paths: list[str] = []


class _HostileHandler(BaseHTTPRequestHandler):
    def do_HEAD(self):
        self._route(head=True)

    def do_GET(self):
        self._route(head=False)

    def _route(self, head: bool):
        self.server.paths.append(self.path)
        try:
            if self.path == "/goutte-a-goutte":  # headers one byte at a time, never finished
                for byte in b"HTTP/1.1 200 OK\r\nX-Lent: " + b"a" * 10_000:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.05)
            elif self.path == "/en-tetes-sans-fin":
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                while True:
                    self.wfile.write(b"X-Long: " + b"a" * 1000 + b"\r\n")
            elif self.path == "/corps-sans-fin" and not head:
                self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n")
                while True:
                    self.wfile.write(b"a" * 65536)
            elif self.path.startswith(("/vers/", "/pour-toujours/")):
                status = "302 Found" if self.path.startswith("/vers/") else "301 Moved Permanently"
                target = self.path.split("/", 2)[2]
                self.wfile.write(f"HTTP/1.1 {status}\r\nLocation: {target}\r\n\r\n".encode())
            elif head:
                self.wfile.write(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
            else:
                self.wfile.write(b"HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 200 OK\r\n\r\n")
        except OSError:  # the client gave up: as it should
            pass

    def log_message(self, format, *args):
        pass


@pytest.fixture
def hostile():
    httpd = _Hostile()
    with serving(httpd) as address:
        yield httpd, address


def test_a_server_that_sends_its_head_a_byte_at_a_time_gets_one_deadline_for_the_whole_address(hostile):
    _, base = hostile
    started = time.monotonic()
    outcome = fetch(f"{base}/goutte-a-goutte", 0.5, local=True)
    assert outcome.error == "pas de réponse en 0,5 secondes"
    assert time.monotonic() - started < 1.5


def test_a_tls_handshake_sent_a_byte_at_a_time_gets_the_same_deadline():
    """The server announces a TLS record of 16 KB, then sends it a byte every 50 ms: the handshake never ends."""
    listener = socket.create_server(("127.0.0.1", 0))

    def dribble():
        connection, _ = listener.accept()
        with connection:
            try:
                connection.sendall(b"\x16\x03\x03\x40\x00")
                for _ in range(200):
                    connection.sendall(b"\x00")
                    time.sleep(0.05)
            except OSError:
                pass

    threading.Thread(target=dribble, daemon=True).start()
    started = time.monotonic()
    try:
        outcome = fetch(f"https://127.0.0.1:{listener.getsockname()[1]}/", 0.5, local=True)
    finally:
        listener.close()
    assert outcome.error == "pas de réponse en 0,5 secondes"
    assert time.monotonic() - started < 1.5


def test_an_endless_head_stops_at_the_cap_and_an_endless_body_is_never_read(hostile):
    _, base = hostile
    assert fetch(f"{base}/en-tetes-sans-fin", 5, local=True).error == (
        "en-têtes de réponse trop longs (plus de 64 Kio)")
    started = time.monotonic()
    assert fetch(f"{base}/corps-sans-fin", 5, local=True) == Outcome(status=200)
    assert time.monotonic() - started < 1


def test_interim_answers_are_read_past(hostile):
    _, base = hostile
    assert fetch(f"{base}/indices", 5, local=True) == Outcome(status=200)


@pytest.fixture
def connections(monkeypatch):
    """Every address a connection is opened to, in order."""
    opened: list[tuple] = []
    connect = socket.create_connection

    def watched(address, *args, **kwargs):
        opened.append(address[0])
        return connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", watched)
    return opened


@pytest.mark.parametrize("target", [
    "http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://[::ffff:10.0.0.1]/",
    "http://[2002:a00:1::]/", "http://[64:ff9b::a9fe:a9fe]/", "http://[fe80::1]/", "http://0.0.0.0/",
    "http://127.0.0.2/", "http://[::ffff:127.0.0.1]/", "http://100.64.0.1/",
])
def test_a_redirect_to_a_private_address_is_refused_before_any_connection(hostile, connections, target):
    _, base = hostile
    assert fetch(f"{base}/vers/{target}", 5, local=True) == Outcome(error=REFUSED)
    assert connections == ["127.0.0.1"]  # the test server, asked once: the redirect's target never is


def test_a_name_is_checked_after_resolution_and_a_refused_link_says_nothing_more(connections):
    names = {"intranet.example": ["93.184.215.14", "10.1.2.3"], "metadonnees.example": ["169.254.169.254"]}
    links = [Link("portraits/x.md", ("website",), f"https://{name}/") for name in names]
    outcomes = check_links(links, timeout=5, resolve=lambda host, port, timeout: names[host])
    assert set(outcomes.values()) == {Outcome(error=REFUSED)}
    assert connections == []
    assert link_message("https://intranet.example/", outcomes["https://intranet.example/"]) == (
        "adresse refusée : le lien, ou une de ses redirections, mène à une adresse locale, privée ou réservée, que "
        "make liens ne demande jamais (trouvé : https://intranet.example/ ; attendu : l'adresse d'un site public). "
        "Remplacez-la par l'adresse publique du site.")


def test_without_liens_local_even_127_0_0_1_is_refused(server, connections):
    _, base = server
    assert check_links([Link("portraits/x.md", ("website",), f"{base}/ok")], timeout=5) == {
        f"{base}/ok": Outcome(error=REFUSED)}
    assert fetch("http://2130706433/", 5) == fetch("http://0x7f.1/", 5) == Outcome(error=REFUSED)  # 127.0.0.1
    assert connections == []


@pytest.mark.parametrize(("address", "public"), [
    ("93.184.215.14", True), ("2a00:1450:4007::1", True), ("::ffff:93.184.215.14", True),
    ("2002:5db8:d70e::1", True), ("127.0.0.1", False), ("10.0.0.1", False), ("172.16.0.1", False),
    ("192.168.1.1", False), ("169.254.169.254", False), ("224.0.0.1", False), ("ff02::1", False),
    ("fc00::1", False), ("2001:0:4136:e378::1", False), ("::a00:1", False), ("fe80::1%eth0", False),
])
def test_only_public_addresses_are_allowed(address, public):
    assert allowed(address) is public


def test_liens_local_allows_127_0_0_1_and_nothing_else():
    assert [allowed(address, local=True) for address in ("127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1")] == [
        True, False, False, False]


def test_liens_local_takes_oui_or_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LIENS_LOCAL", "1")
    assert main([str(make_project(tmp_path / "projet"))]) == 2
    assert capsys.readouterr().err == (
        "LIENS_LOCAL : valeur inconnue (trouvé : « 1 » ; attendu : oui, pour les tests seulement, ou rien). "
        "Retirez LIENS_LOCAL.\n")


def test_a_moved_link_is_reported_percent_encoded(hostile):
    _, base = hostile
    assert fetch(f"{base}/pour-toujours/{base}/indices%60%0A", 5, local=True) == Outcome(
        status=200, moved_to=f"{base}/indices%60%0A")
    assert normalise(f"{base}/a b`\x1b[31m\x7f") == f"{base}/a%20b%60%1B[31m%7F"
