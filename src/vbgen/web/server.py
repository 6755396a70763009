"""Starting the web workspace on waitress: checks first, then one process with a bounded pool.

waitress is a pure-Python production WSGI server that runs the same on Windows and Linux. One
process serves everyone with :data:`THREADS` worker threads; its event loop holds up to
:data:`CONNECTION_LIMIT` connections and closes one idle for :data:`CHANNEL_TIMEOUT` seconds,
so idle or half-open connections cost a socket each, never a thread. Request bodies over
:data:`MAX_BODY` are refused before they are read.

Who may open it is decided by :mod:`vbgen.web.auth`; here only whether to start at all: off
loopback, a workspace needs accounts (``vbgen users add``) or an operator token (from the
environment or a file, never the command line).
"""

from __future__ import annotations

import logging
import os
import select
import signal
import threading
from pathlib import Path
from typing import Any

from vbgen.i18n import _
from vbgen.web.security import ENV_TOKEN, ServeRefused, check_token_strength, is_loopback

THREADS = 8
CONNECTION_LIMIT = 1000
CHANNEL_TIMEOUT = 30
MAX_BODY = 8 * 1024 * 1024
MAX_HEADER = 64 * 1024


def read_token(token_file: Path | None) -> str | None:
    """The operator token: the first line of ``token_file``, else ``VBGEN_SERVE_TOKEN``, else None."""
    if token_file is not None:
        lines = token_file.read_text(encoding="utf-8-sig").splitlines()
        return lines[0].strip() if lines and lines[0].strip() else None
    return os.environ.get(ENV_TOKEN) or None


def make_server(app: Any, host: str, port: int, trusted_proxy: str | None = None) -> Any:
    """A waitress server for ``app`` (not yet running); ``port`` 0 picks a free one."""
    from waitress.server import create_server

    options: dict[str, Any] = dict(
        host=host, port=port, threads=THREADS, connection_limit=CONNECTION_LIMIT, channel_timeout=CHANNEL_TIMEOUT,
        cleanup_interval=10, max_request_body_size=MAX_BODY, max_request_header_size=MAX_HEADER,
        ident="vbgen", expose_tracebacks=False, asyncore_use_poll=hasattr(select, "poll"))
    if trusted_proxy:
        options.update(trusted_proxy=trusted_proxy, trusted_proxy_count=1,
                       trusted_proxy_headers={"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"},
                       clear_untrusted_proxy_headers=True)
    return create_server(app, **options)


def listening(server: Any) -> list[tuple[str, int]]:
    """(address, port) of every socket the server listens on."""
    if hasattr(server, "effective_listen"):
        return [(h, p) for h, p in server.effective_listen]
    return [(server.effective_host, server.effective_port)]


def serve(content_dir: Path | None, templates_dir: Path | None, host: str, port: int, token: str | None,
          out_dir: Path | None, echo=print, province: str | None = None, allow_hosts: tuple[str, ...] = (),  # noqa: ANN001
          trusted_proxy: str | None = None, proxies: int = 0) -> None:
    """Run ``vbgen serve`` until interrupted (Ctrl+C, or SIGTERM from a service manager)."""
    from vbgen.content.paths import find_dir
    from vbgen.office.users import UserStore

    loopback = is_loopback(host)
    content = find_dir(content_dir, "content")
    store = UserStore.for_content(content)
    if not loopback and not store.has_users() and not token:
        raise ServeRefused(_(
            "refusing to listen on {host}: this workspace has no accounts, so anyone on the network could edit the "
            "content. Create them first: 'vbgen users add NAME --role quan-tri --province \"*\"' (the password is "
            "asked for), then start again").format(host=host))
    check_token_strength(token)
    from vbgen.web.app import create_app

    logging.getLogger("waitress").setLevel(logging.WARNING)  # no line per request; errors and queue warnings show
    if not logging.getLogger().handlers:
        logging.basicConfig(format="%(asctime)s %(name)s: %(message)s")
    app = create_app(content, templates_dir, out_dir=out_dir, token=token, province=province, users=store,
                     loopback=loopback, allow_hosts=allow_hosts, proxies=proxies)
    threading.Thread(target=warm_up, args=(app,), daemon=True, name="vbgen-warm-up").start()
    server = make_server(app, host, port, trusted_proxy)
    info = app.extensions["vbgen"]
    echo(describe(server, info, store, token, allow_hosts, loopback))

    def stop(signum: int, frame: Any) -> None:  # a service manager's SIGTERM ends like Ctrl+C
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        info["previews"].close()


def describe(server: Any, info: dict, store: Any, token: str | None, allow_hosts: tuple[str, ...], loopback: bool) -> str:
    """The start-up line: where it listens, who may log in, what previews use."""
    urls = []
    for h, p in listening(server):
        shown = f"[{h}]" if ":" in h else h
        urls.append(f"http://{'localhost' if h in ('127.0.0.1', '::1') else shown}:{p}/"
                    if h not in ("0.0.0.0", "::") else f"http://<địa chỉ máy này>:{p}/ (mọi địa chỉ: {shown})")
    users = store.users()
    who = (f"{len(users)} tài khoản ({store.path})" if users else "mã vận hành chung" if token
           else "một người trên máy này, không cần đăng nhập")
    names = ", ".join(["localhost", *allow_hosts]) + ("" if loopback else ", mọi địa chỉ IP")
    converter = "giữ ấm" if info["converter_name"] == "warm" else "khởi động mỗi lần"
    return (f"vbgen serve: đang nghe tại {' '.join(urls)}\n"
            f"  tên máy được trả lời: {names}; người dùng: {who}\n"
            f"  nội dung: {info['state'].content_dir}; xem trước PDF: LibreOffice {converter}; "
            f"{THREADS} luồng, tối đa {CONNECTION_LIMIT} kết nối; Ctrl+C để dừng")


def warm_up(app) -> None:  # noqa: ANN001
    """Start LibreOffice before the first person asks for a preview (it takes a second or two)."""
    from vbgen.errors import VbgenError
    from vbgen.web.drafting import draft, initial_form

    info = app.extensions["vbgen"]
    state = info["state"]
    try:
        slug, stem = state.provinces()[0].slug, state.document_stems()[0]
        d = draft(state, slug, stem, initial_form(state, slug, stem)[0])
        if d.docx:
            info["previews"].converter(d.docx)
    except (VbgenError, OSError, IndexError):
        pass  # the first preview will say what is wrong
