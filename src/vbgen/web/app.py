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
import tempfile
from pathlib import Path
from typing import Any

from flask import Flask, abort, jsonify, redirect, render_template, request, send_file, session, url_for

from vbgen import i18n
from vbgen.errors import VbgenError
from vbgen.web import security
from vbgen.web.guard import LOGGED_IN, needs
from vbgen.web.drafting import ContentState
from vbgen.web.preview import PdfConverter, PreviewStore, default_converter

PUBLIC_ENDPOINTS = {"login", "static"}


def create_app(content_dir: Path | None = None, templates_dir: Path | None = None, *, out_dir: Path | None = None,
               token: str | None = None, converter: PdfConverter | None = None, cache_dir: Path | None = None,
               province: str | None = None) -> Flask:
    """The web application over one content folder."""
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
    cache = cache_dir or Path(tempfile.mkdtemp(prefix="vbgen-serve-"))
    app.extensions["vbgen"] = {
        "state": state,
        "previews": PreviewStore(cache / "previews", converter),
        "converter_name": converter_name,
        "token": token,
        "out_dir": out_dir or Path("out"),
        "province": province,  # vbgen.yaml's province: the one the pages open on
        "texts": {},  # sha -> file text the pages were given (to show "the other change")
    }

    app.wsgi_app = _in_vietnamese(app.wsgi_app)  # type: ignore[method-assign]

    @app.before_request
    def _guard() -> Any:
        if token and request.endpoint not in PUBLIC_ENDPOINTS and not session.get("operator"):
            if request.path.startswith("/api/"):
                return jsonify({"error": "Cần đăng nhập bằng mã vận hành."}), 401
            return redirect(url_for("login", next=request.path))
        if "csrf" not in session:
            session["csrf"] = security.new_csrf()
        if request.method == "POST":
            given = request.headers.get("X-CSRF-Token") or request.form.get("csrf")
            if not security.same_token(given, session.get("csrf")):
                return jsonify({"error": "Phiên làm việc đã hết hạn hoặc yêu cầu không hợp lệ (CSRF). Hãy tải lại trang; bản nháp vẫn được giữ."}), 400
        return None

    @app.after_request
    def _headers(response):  # noqa: ANN001
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        if response.mimetype == "text/html":
            response.headers["Cache-Control"] = "no-store"
        return response

    @app.context_processor
    def _globals() -> dict[str, Any]:
        return {"csrf_token": session.get("csrf", ""), "converter_name": converter_name}

    @app.errorhandler(VbgenError)
    def _vbgen_error(e: VbgenError):  # noqa: ANN202
        from vbgen.errors import ContentError

        status = 422 if isinstance(e, ContentError) else 500  # broken content is not a server fault
        if request.path.startswith("/api/"):
            return jsonify({"error": e.format_message()}), status
        return render_template("error.html", message=e.format_message()), status

    @app.route("/login", methods=["GET", "POST"])
    def login():  # noqa: ANN202
        error = None
        if request.method == "POST":
            if token and security.same_token(request.form.get("token"), token):
                session["operator"] = True
                target = request.args.get("next") or "/"
                return redirect(target if target.startswith("/") and not target.startswith("//") else "/")
            error = "Mã vận hành không đúng."
        return render_template("login.html", error=error), (401 if error else 200)

    @app.route("/")
    @needs(LOGGED_IN)
    def index():  # noqa: ANN202
        return redirect(url_for("draft.choose"))

    @app.route("/files/<sha>.docx")
    @needs(LOGGED_IN)
    def file_docx(sha: str):  # noqa: ANN202
        return _send(lambda s: app.extensions["vbgen"]["previews"].docx(s), sha, "docx")

    @app.route("/files/<sha>.pdf")
    @needs(LOGGED_IN)
    def file_pdf(sha: str):  # noqa: ANN202
        return _send(lambda s: app.extensions["vbgen"]["previews"].pdf(s), sha, "pdf")

    @app.route("/files/<sha>/page-<int:n>.png")
    @needs(LOGGED_IN)
    def file_page(sha: str, n: int):  # noqa: ANN202
        try:
            path = app.extensions["vbgen"]["previews"].page(sha, n)
        except KeyError:
            abort(404)
        return send_file(io.BytesIO(path.read_bytes()), mimetype="image/png", max_age=3600)

    from vbgen.web import routes_batch, routes_draft, routes_office, routes_registry, routes_sign

    app.register_blueprint(routes_draft.bp)
    app.register_blueprint(routes_registry.bp)
    app.register_blueprint(routes_batch.bp)
    app.register_blueprint(routes_sign.bp)
    routes_office.install(app)  # every route's access rule, and the history of every write
    return app


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
