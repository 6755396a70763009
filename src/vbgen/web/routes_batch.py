"""Batch page (filled in below)."""
from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("batch", __name__)


@bp.route("/batch")
def index():  # noqa: ANN202
    return render_template("error.html", message="Đang xây dựng.")
