"""The pages a clerk sees when something goes wrong: Vietnamese, never the framework's English.

Registered on the drafting blueprint (``app_errorhandler``), so they serve every page of the
workspace: an HTTP error (404, 400, 405, 413 …) or an unexpected fault (500, the traceback goes to
the server's log, never to the page). Calls under ``/api/`` get the same words as JSON."""

from __future__ import annotations

import sys
import traceback

from flask import Blueprint, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

HTTP_VI = {
    400: ("Yêu cầu không hợp lệ", "Trang gửi lên dữ liệu không đọc được. Hãy tải lại trang; bản nháp vẫn được giữ trong trình duyệt."),
    401: ("Cần đăng nhập", "Hãy đăng nhập rồi thử lại."),
    403: ("Không được phép", "Tài khoản này không được làm việc này."),
    404: ("Không tìm thấy trang", "Địa chỉ này không có: tỉnh, văn bản hoặc trích dẫn không tồn tại. Hãy quay về trang Soạn thảo và chọn lại."),
    405: ("Không làm được theo cách này", "Địa chỉ này không nhận yêu cầu kiểu đó. Hãy dùng các nút trên trang."),
    409: ("Xung đột", "Tệp đã thay đổi trong lúc bạn làm việc. Hãy tải lại trang."),
    413: ("Dữ liệu quá lớn", "Nội dung gửi lên vượt quá giới hạn cho phép."),
    429: ("Quá nhiều yêu cầu", "Hãy chờ một lát rồi thử lại."),
}
SERVER_FAULT = ("Lỗi máy chủ", "vbgen gặp lỗi ngoài dự kiến; chi tiết đã được ghi vào nhật ký của máy chủ. "
                "Bản nháp vẫn được giữ trong trình duyệt; hãy tải lại trang, nếu vẫn lỗi hãy báo quản trị.")


def _page(title: str, text: str, status: int):  # noqa: ANN202
    if request.path.startswith("/api/") or request.is_json:
        return jsonify({"error": f"{title}: {text}"}), status
    return render_template("error.html", title=title, message=text, status=status), status


def redirect_body(response):  # noqa: ANN001, ANN201
    """werkzeug's redirect carries an English "Redirecting..." page (lang="en"); a browser follows
    the Location at once, but a slow one, a text browser or a screen reader may show the body."""
    if 300 <= response.status_code < 400 and response.location and response.mimetype == "text/html":
        from markupsafe import escape

        target = escape(response.location)
        response.set_data(f'<!doctype html>\n<html lang="vi"><meta charset="utf-8"><title>Đang chuyển trang</title>\n'
                          f'<p>Đang chuyển sang <a href="{target}">{target}</a>.</p></html>\n')
    return response


def register(bp: Blueprint) -> None:
    bp.after_app_request(redirect_body)

    @bp.app_errorhandler(HTTPException)
    def _http(e: HTTPException):  # noqa: ANN202
        if e.code is None or e.code < 400:
            return e
        title, text = HTTP_VI.get(e.code, (f"Lỗi {e.code}", "Không làm được việc này."))
        return _page(title, text, e.code)

    @bp.app_errorhandler(Exception)
    def _fault(e: Exception):  # noqa: ANN202
        if isinstance(e, HTTPException):
            return _http(e)
        from vbgen.errors import VbgenError

        if isinstance(e, VbgenError):  # the app's own handler (422/500 with vbgen's message)
            raise e
        print(f"{request.method} {request.path}\n" + "".join(traceback.format_exception(e)), file=sys.stderr)
        return _page(*SERVER_FAULT, 500)
