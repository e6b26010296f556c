import json
from datetime import date, datetime

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from portal.accounts.passwords import verify_password
from portal.accounts.roles import Role, roles_required
from portal.audit.services import audit
from portal.languages import current_language
from portal.languages import gettext as _
from portal.localtime import day, day_and_clock
from portal.pagination import page_number, paginate
from portal.privacy.erasure import KEPT, NOTICE, pending_erasure, request_erasure
from portal.privacy.export import patient_export
from portal.privacy.models import ErasureRequest, ErasureStatus

blueprint = Blueprint("privacy", __name__)
ERASURE_REQUESTS_PAGE_SIZE = 50


@blueprint.app_template_filter("exported_time")
def exported_time(iso: str | None) -> str:
    """An instant of the export (local ISO with offset) as people read it."""
    return day_and_clock(datetime.fromisoformat(iso), language=current_language()) if iso else ""


@blueprint.app_template_filter("exported_date")
def exported_date(iso: str | None) -> str:
    return day(date.fromisoformat(iso), "brief_year", current_language()) if iso else ""


@blueprint.get("/account/privacy")
@roles_required(Role.PATIENT)
def overview():
    return render_template(
        "privacy/overview.html", erasure=pending_erasure(current_user.id), kept=_(KEPT)
    )


@blueprint.get("/account/export.json")
@roles_required(Role.PATIENT)
def export_json():
    audit("export", patient_id=current_user.id, details="json")
    body = json.dumps(patient_export(current_user), indent=2, ensure_ascii=False)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="my-sthira-data.json"'},
    )


@blueprint.get("/account/export")
@roles_required(Role.PATIENT)
def export_summary():
    audit("export", patient_id=current_user.id, details="summary")
    return render_template(
        "privacy/summary.html", data=patient_export(current_user), words=_summary_words()
    )


def _summary_words() -> dict[str, str]:
    """The export's codes (answers, appointment states) as the summary page says them."""
    return {
        "yes": _("yes"),
        "no": _("no"),
        "not_sure": _("not sure"),
        "booked": _("booked"),
        "cancelled": _("cancelled"),
        "completed": _("completed"),
        "no_show": _("missed"),
    }


@blueprint.route("/account/erase", methods=["GET", "POST"])
@roles_required(Role.PATIENT)
def erase():
    error = None
    if pending_erasure(current_user.id) is not None:
        return redirect(url_for("privacy.overview"))
    if request.method == "POST":
        if not request.form.get("understood"):
            error = _("Tick the box to confirm you understand what happens.")
        elif not verify_password(current_user.password_hash, request.form.get("password", "")):
            error = _("That is not your password.")
        else:
            erasure = request_erasure(current_user)
            audit("erasure_requested", patient_id=current_user.id, record=erasure)
            flash(_("Your request is noted. Your data will be erased in 48 hours unless you "
                    "change your mind before then."), "success")  # fmt: skip
            return redirect(url_for("privacy.overview"))
    status = 422 if error else 200
    return render_template("privacy/erase.html", error=error, kept=_(KEPT), notice=NOTICE), status


@blueprint.post("/account/erase/withdraw")
@roles_required(Role.PATIENT)
def withdraw_erasure():
    erasure = pending_erasure(current_user.id)
    if erasure is not None:
        erasure.status = ErasureStatus.WITHDRAWN
        audit("erasure_withdrawn", patient_id=current_user.id, record=erasure)
        flash(_("Your erasure request is withdrawn. Nothing will be deleted."), "success")
    return redirect(url_for("privacy.overview"))


@blueprint.get("/admin/erasure-requests")
@roles_required(Role.ADMIN)
def erasure_requests():
    page = paginate(
        select(ErasureRequest).order_by(
            ErasureRequest.requested_at.desc(), ErasureRequest.id.desc()
        ),
        page_number(request.args.get("page")),
        ERASURE_REQUESTS_PAGE_SIZE,
    )
    return render_template("privacy/requests.html", requests=page.items, page=page)
