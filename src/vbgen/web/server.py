"""Starting the web workspace: checks first (token on a non-loopback address), then serve."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from vbgen.web.security import ENV_TOKEN, check_token_strength, require_token_for


def serve(content_dir: Path | None, templates_dir: Path | None, host: str, port: int, token: str | None,
          out_dir: Path | None, echo=print, province: str | None = None) -> None:  # noqa: ANN001
    """Run ``vbgen serve`` until interrupted."""
    token = token or os.environ.get(ENV_TOKEN) or None
    require_token_for(host, token)
    check_token_strength(token)
    from werkzeug.serving import make_server

    from vbgen.web.app import create_app

    import logging

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request; errors still show
    app = create_app(content_dir, templates_dir, out_dir=out_dir, token=token, province=province)
    threading.Thread(target=warm_up, args=(app,), daemon=True, name="vbgen-warm-up").start()
    server = make_server(host, port, app, threaded=True)
    shown = f"[{host}]" if ":" in host else host
    info = app.extensions["vbgen"]
    echo(f"vbgen serve: http://{shown}:{server.server_port}/  (nội dung: {info['state'].content_dir}; "
         f"xem trước PDF: LibreOffice {'giữ ấm' if info['converter_name'] == 'warm' else 'khởi động mỗi lần'}; Ctrl+C để dừng)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


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
