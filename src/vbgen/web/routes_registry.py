"""Registry page for legal staff (filled in below)."""
from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("registry", __name__)


@bp.route("/registry")
def index():  # noqa: ANN202
    return render_template("error.html", message="Đang xây dựng.")
