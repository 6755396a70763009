"""The Flask application of ``vbgen serve``: a thin HTTP layer over the plain modules.

Pages are server-rendered Jinja (autoescaped: content text such as ``<script>`` shows as text)
with a little plain JavaScript from ``static/``; nothing is loaded from the network. Logic lives
in :mod:`~vbgen.web.drafting`, :mod:`~vbgen.web.formmap`, :mod:`~vbgen.content.yamlfile`,
:mod:`~vbgen.web.registry_edit` and :mod:`~vbgen.web.batchjob`; the routes only parse requests,
call them and shape the answers.
"""

from __future__ import annotations

import contextvars
import io
import secrets
from pathlib import Path
from typing import Any

from flask.sessions import SecureCookieSessionInterface
from flask import Flask, abort, jsonify, redirect, render_template, request, send_file, session, url_for

from vbgen import i18n
from vbgen.i18n import _
from vbgen.errors import VbgenError
from vbgen.office.users import UserStore
from vbgen.web import auth, security
from vbgen.web.guard import LOGGED_IN, needs, previews_of_sha
from vbgen.web.drafting import ContentState
from vbgen.web.preview import PdfConverter, PreviewStore, default_converter, new_cache_dir

def create_app(content_dir: Path | None = None, templates_dir: Path | None = None, *, out_dir: Path | None = None,
               token: str | None = None, converter: PdfConverter | None = None, cache_dir: Path | None = None,
               province: str | None = None, users: UserStore | None = None, loopback: bool = True,
               allow_hosts: tuple[str, ...] | list[str] = (), proxies: int = 0) -> Flask:
    """The web application over one content folder.

    ``users``: the accounts (default: the workspace's, :func:`vbgen.office.users.users_file`);
    ``loopback``: the server listens on this computer only (then, with no accounts and no token,
    nobody logs in); ``allow_hosts``: Host names answered besides localhost (:mod:`vbgen.web.auth`);
    ``proxies``: reverse proxies in front whose ``X-Forwarded-For/-Proto/-Host`` are believed
    (werkzeug's ProxyFix; 0, the default, believes none). The session cookie is ``Secure``
    whenever the request came over HTTPS, directly or as the proxy says."""
    app = Flask(__name__, static_folder="static", template_folder="templates")
    app.secret_key = secrets.token_bytes(32)
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Strict", MAX_CONTENT_LENGTH=4 * 1024 * 1024,
                      JSON_AS_ASCII=False)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    state = ContentState(content_dir, templates_dir)
    if converter is None:
        converter, converter_name = default_converter()
    else:
        converter_name = getattr(converter, "__name__", "custom")
    cache = cache_dir or new_cache_dir()
    app.extensions["vbgen"] = {
        "state": state,
        "previews": PreviewStore(cache / "previews", converter) if cache_dir else _removed_at_exit(cache, converter),
        "converter_name": converter_name,
        "token": token,
        "out_dir": out_dir or Path("out"),
        "province": province,  # vbgen.yaml's province: the one the pages open on
        "texts": {},  # sha -> file text the pages were given (to show "the other change")
    }

    app.session_interface = _SessionCookie()
    app.wsgi_app = _in_vietnamese(app.wsgi_app)  # type: ignore[method-assign]
    if proxies > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]
    auth.install(app, auth.Access(users or UserStore.for_content(state.content_dir), token=token, loopback=loopback,
                                  allow_hosts=frozenset(auth.host_name(h) or h for h in allow_hosts)))

    @app.after_request
    def _headers(response):  # noqa: ANN001
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"  # no referrer to other sites; our own POSTs carry a real Origin
        if response.mimetype == "text/html":
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.context_processor
    def _globals() -> dict[str, Any]:
        return {"csrf_token": session.get("csrf", ""), "converter_name": converter_name}

    @app.errorhandler(VbgenError)
    def _vbgen_error(e: VbgenError):  # noqa: ANN202
        from vbgen.errors import ContentError

        status = getattr(e, "http_status", None) or (422 if isinstance(e, ContentError) else 500)  # broken content is not a server fault
        if request.path.startswith("/api/"):
            return jsonify({"error": shown_message(e)}), status
        return render_template("error.html", message=shown_message(e)), status

    @app.errorhandler(400)
    @app.errorhandler(413)
    def _bad_request(e):  # noqa: ANN001, ANN202
        message = _("the request body is too large (at most {size} MiB)").format(size=app.config["MAX_CONTENT_LENGTH"] >> 20) \
            if getattr(e, "code", 400) == 413 else _("the data sent is not in the form this page expects; reload the page")
        message = auth.sentence(message)
        if request.path.startswith("/api/"):
            return jsonify({"error": message}), e.code
        return render_template("error.html", message=message), e.code

    @app.errorhandler(TypeError)
    @app.errorhandler(ValueError)
    @app.errorhandler(AttributeError)
    @app.errorhandler(KeyError)
    @app.errorhandler(IndexError)
    @app.errorhandler(RecursionError)
    def _malformed(e: Exception):  # noqa: ANN202
        """A JSON body of the wrong shape (a list where a form is expected, a number for a text …)
        is the sender's mistake: 400 with a Vietnamese message, never a 500 with a traceback."""
        if request.method != "POST":
            raise e
        import logging

        logging.getLogger("vbgen.web").warning("malformed request to %s: %s: %s", request.path, type(e).__name__,
                                               str(e)[:200])
        what = {RecursionError: _("nested too deep"), KeyError: _("a part is missing"),
                IndexError: _("a list is shorter than expected")}.get(type(e), _("a value of the wrong type"))
        return jsonify({"error": auth.sentence(_("the data sent is not in the form this page expects ({error}); reload "
                                                 "the page, your draft is kept").format(error=what))}), 400

    @app.route("/")
    @needs(LOGGED_IN)
    def index():  # noqa: ANN202
        return redirect(url_for("draft.choose"))

    @app.route("/files/<sha>.docx")
    @needs(LOGGED_IN)
    def file_docx(sha: str):  # noqa: ANN202
        return _send(lambda s: previews_of_sha(s).docx(s), sha, "docx")

    @app.route("/files/<sha>.pdf")
    @needs(LOGGED_IN)
    def file_pdf(sha: str):  # noqa: ANN202
        return _send(lambda s: previews_of_sha(s).pdf(s), sha, "pdf")

    @app.route("/files/<sha>/page-<int:n>.png")
    @needs(LOGGED_IN)
    def file_page(sha: str, n: int):  # noqa: ANN202
        try:
            path = previews_of_sha(sha).page(sha, n)
        except KeyError:
            abort(404)
        return send_file(io.BytesIO(path.read_bytes()), mimetype="image/png", max_age=3600)

    from vbgen.web import routes_admin, routes_batch, routes_draft, routes_office, routes_registry, routes_sign, routes_upload

    app.register_blueprint(routes_draft.bp)
    app.register_blueprint(routes_registry.bp)
    app.register_blueprint(routes_batch.bp)
    app.register_blueprint(routes_sign.bp)
    app.register_blueprint(routes_upload.bp)
    app.register_blueprint(routes_admin.bp)
    routes_office.install(app)  # every route's access rule, and the history of every write
    return app


class _SessionCookie(SecureCookieSessionInterface):
    """Flask's signed session cookie, marked ``Secure`` when the request came over HTTPS (the
    browser then never sends it over plain HTTP), whatever SESSION_COOKIE_SECURE says."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def _removed_at_exit(cache: Path, converter: PdfConverter) -> PreviewStore:
    """The previews of a server-owned temporary folder, which goes when the process ends."""
    import atexit
    import shutil

    store = PreviewStore(cache / "previews", converter)
    atexit.register(shutil.rmtree, cache, True)
    store.close = lambda: shutil.rmtree(cache, ignore_errors=True)  # type: ignore[method-assign]
    return store


MIMETYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _send(read, sha: str, ext: str):  # noqa: ANN001, ANN202
    import re

    try:
        data = read(sha)
    except KeyError:
        abort(404)
    name = request.args.get("name", "van-ban")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,80}", name):
        name = "van-ban"
    return send_file(io.BytesIO(data), mimetype=MIMETYPES[ext], as_attachment=True, download_name=f"{name}.{ext}")


def shown_message(e: VbgenError) -> str:
    """The error's message for a page: files named by their path in the workspace
    (``content/provinces/…/x.yaml:2``), never by the server's folders."""
    import os

    text = e.format_message()
    root = ext()["state"].content_dir.resolve().parent
    for prefix in {str(root), str(ext()["state"].content_dir.parent)}:
        text = text.replace(prefix + os.sep, "")
    return text


def ext() -> dict[str, Any]:
    """The application's shared objects (state, previews, token …) for the blueprints."""
    from flask import current_app

    return current_app.extensions["vbgen"]


def _in_vietnamese(wsgi_app: Any) -> Any:
    """Each request runs in a context of its own whose language is Vietnamese, so the core's
    messages (content errors, notes, checker findings) come out in Vietnamese and concurrent
    requests, or the process that hosts the app, are never affected."""

    def run(environ: Any, start_response: Any) -> Any:
        def in_vi() -> Any:
            i18n.set_language("vi")
            return wsgi_app(environ, start_response)

        return contextvars.copy_context().run(in_vi)

    return run
