"""Starting the web workspace: checks first (token on a non-loopback address), then serve."""

from __future__ import annotations

import os
from pathlib import Path

from vbgen.web.security import ENV_TOKEN, check_token_strength, require_token_for


def serve(content_dir: Path | None, templates_dir: Path | None, host: str, port: int, token: str | None,
          out_dir: Path | None, echo=print) -> None:  # noqa: ANN001
    """Run ``vbgen serve`` until interrupted."""
    token = token or os.environ.get(ENV_TOKEN) or None
    require_token_for(host, token)
    check_token_strength(token)
    from werkzeug.serving import make_server

    from vbgen.web.app import create_app

    app = create_app(content_dir, templates_dir, out_dir=out_dir, token=token)
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
