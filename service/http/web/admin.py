"""Administration pages under /admin (HTTP only): the organizations one administers, and for each its
consistency checks, units, people and roles, signing authorities, terms and number series, each with a form.
Every form calls the same use case as the JSON API; a refused form is shown again with the message (422)."""
from __future__ import annotations

import re

from flask import flash, g, redirect, render_template, request, url_for
from pydantic import ValidationError

from service.clock import current_clock
from service.errors import Forbidden, NotFound, ServiceError
from service.extensions import db
from service.http.web.views import bp, login_required
from service.store.organizations import Organization
from service.usecases import admin_inputs as ai
from service.usecases import administration as adm
from service.usecases import appearance_images as images
from service.usecases import substitutions as subst
from service.usecases import directory_groups, input_messages, org_checks, terms_series

ROLE_LABELS = ai.ROLE_LABELS
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")  # people's usernames are lower case; organization codes are not
PREFIXES = {"PARTY": ("T/M", "K/T", "T/L"), "STATE": ("TM.", "KT.", "TL.", "TUQ.", "Q.")}


def _administrator():
    if adm.administered_org_ids(g.person) == set():
        raise Forbidden("Chỉ quản trị viên mới được vào trang quản trị.")
    return g.person


def _org_page(org_id: int, error: str | None = None, status: int = 200):
    org = db.session.get(Organization, org_id)
    if org is None:
        raise NotFound("Không tìm thấy cơ quan.")
    adm.require_admin_of(g.person, org)
    today = current_clock().today()
    code = org.code
    seal, signatures = images.images_of_org(g.person, org.id)
    people = adm.list_people(g.person, code)
    image_rows = [("seal", f"Con dấu của {org.name}", seal)] + [
        (str(x.id), x.full_name, signatures.get(x.id)) for x in people]
    return render_template(
        "admin_org.html", org=org, error=error, findings=org_checks.findings(org, today),
        units=adm.list_units(g.person, code), people=people, image_rows=image_rows,
        authorities=adm.list_authorities(g.person, code), terms=terms_series.list_terms(g.person, code),
        series=terms_series.list_series(g.person, code), role_labels=ROLE_LABELS, prefixes=PREFIXES[org.system],
        is_system_admin=adm.is_system_admin(g.person), this_year=today.year,
        groups=(groups := directory_groups.list_groups(g.person, code)),
        group_members={gr.id: directory_groups.member_refs(gr) for gr in groups}, image_limits=(images.MAX_BYTES // 1024, images.MAX_SIDE),
        substitutions=subst.org_substitutions(g.person, org.id), sub_options=subst.form_options(g.person, org.id)), status


def _form(model, **fixed):
    """The posted form as `model`, empty fields left out, multi-valued fields as lists."""
    data = {k: v for k, v in request.form.items() if k != "csrf_token" and v.strip() != ""}
    return model.model_validate(data | fixed)


def _cleared() -> dict:
    """The header lines left empty on the profile form: cleared (the other fields are required)."""
    return {k: None for k in ("header_superior", "header_name") if k in request.form and not request.form[k].strip()}


def _refused(exc: ValidationError, model=None) -> str:
    """The form's errors in Vietnamese, each field by its label ("Mã đơn vị: bắt buộc, không được để trống.")."""
    model = model or _MODELS.get(exc.title)
    return "Dữ liệu chưa hợp lệ: " + " ".join(d["message"] for d in input_messages.explain(exc, model))


_MODELS = {m.__name__: m for m in (ai.OrganizationIn, ai.OrganizationPatch, ai.UnitIn, ai.PersonIn, ai.PersonPatch,
                                   ai.AuthorityIn, ai.TermIn, ai.TermPatch, ai.SeriesIn, ai.GroupIn)}


def _act(org_id: int, action, done: str, message=None):
    try:
        action()
    except ValidationError as exc:
        return _org_page(org_id, _refused(exc), 422)
    except ServiceError as exc:
        if exc.status in (403, 404):
            raise
        return _org_page(org_id, exc.message, exc.status)
    flash(message() if message else done, "info")
    return redirect(url_for("web.admin_org", org_id=org_id))


@bp.get("/admin")
@login_required
def admin_home():
    p = _administrator()
    ids = adm.administered_org_ids(p)
    orgs = [o for o in adm.list_organizations(request.args.get("q")) if ids is None or o.id in ids]
    return render_template("admin.html", orgs=orgs, is_system_admin=ids is None, q=request.args.get("q", ""))


@bp.post("/admin")
@login_required
def admin_create_org():
    p = _administrator()
    try:
        org = adm.create_organization(p, _form(ai.OrganizationIn))
    except ValidationError as exc:
        flash(_refused(exc, ai.OrganizationIn), "error")
        return redirect(url_for("web.admin_home")), 303
    except ServiceError as exc:
        if exc.status in (403, 404):
            raise
        flash(exc.message, "error")
        return redirect(url_for("web.admin_home")), 303
    flash(f"Đã tạo {org.name}.", "info")
    return redirect(url_for("web.admin_org", org_id=org.id))


@bp.get("/admin/orgs/<int:org_id>")
@login_required
def admin_org(org_id: int):
    _administrator()
    return _org_page(org_id)


@bp.post("/admin/orgs/<int:org_id>/<what>")
@login_required
def admin_add(org_id: int, what: str):
    p = _administrator()
    org = db.session.get(Organization, org_id)
    if org is None:
        raise NotFound("Không tìm thấy cơ quan.")
    roles = [{"role": r, "unit": request.form.get("unit") or None if r == "unit_head" else None}
             for r in request.form.getlist("roles")]
    kinds = [k.strip() for k in (request.form.get("kinds") or "").split(",") if k.strip()] or None
    members = [{"type": "person" if _USERNAME.match(x) else "org", "ref": x}
               for x in (ln.strip() for ln in (request.form.get("members") or "").splitlines()) if x]
    actions = {
        "profile": (lambda: adm.update_organization(p, org.id, _form(ai.OrganizationPatch, **_cleared())),
                    "Đã lưu thông tin cơ quan."),
        "units": (lambda: adm.create_unit(p, _form(ai.UnitIn, org=org.code)), "Đã thêm đơn vị."),
        "people": (lambda: adm.create_person(p, _form(ai.PersonIn, org=org.code, roles=roles)), "Đã thêm người dùng."),
        "authorities": (lambda: adm.create_authority(p, _form(ai.AuthorityIn, kinds=kinds)), "Đã thêm thẩm quyền ký."),
        "terms": (lambda: terms_series.open_term(p, _form(ai.TermIn, org=org.code)), "Đã mở nhiệm kỳ."),
        "series": (lambda: terms_series.start_series(p, _form(ai.SeriesIn, org=org.code)), "Đã tạo sổ."),
        "groups": (lambda: directory_groups.create_group(p, _form(ai.GroupIn, org=org.code, members=members)),
                   "Đã tạo nhóm nơi nhận."),
    }
    if what not in actions:
        raise NotFound("Không có mục quản trị này.")
    action, done = actions[what]
    return _act(org_id, action, done)


@bp.post("/admin/orgs/<int:org_id>/terms/<int:term_id>/close")
@login_required
def admin_close_term(org_id: int, term_id: int):
    p = _administrator()
    return _act(org_id, lambda: terms_series.update_term(p, term_id, _form(ai.TermPatch)), "Đã đóng nhiệm kỳ.")


@bp.post("/admin/orgs/<int:org_id>/people/<int:person_id>/active")
@login_required
def admin_person_active(org_id: int, person_id: int):
    p = _administrator()
    active = request.form.get("active") == "1"
    return _act(org_id, lambda: adm.update_person(p, person_id, ai.PersonPatch(active=active)),
                "Đã mở lại tài khoản." if active else "Đã khóa tài khoản; mọi phiên đăng nhập của người này đã kết thúc.")


@bp.post("/admin/orgs/<int:org_id>/groups/<int:group_id>/delete")
@login_required
def admin_delete_group(org_id: int, group_id: int):
    p = _administrator()
    return _act(org_id, lambda: directory_groups.delete_group(p, group_id), "Đã xóa nhóm nơi nhận.")


@bp.post("/admin/orgs/<int:org_id>/people/<int:person_id>/email")
@login_required
def admin_person_email(org_id: int, person_id: int):
    """Set or (left empty) remove a person's e-mail, by which the single sign-on may find them."""
    p = _administrator()
    email = (request.form.get("email") or "").strip()[:300] or None
    return _act(org_id, lambda: adm.update_person(p, person_id, ai.PersonPatch.model_validate({"email": email})),
                "Đã lưu thư điện tử." if email else "Đã xóa thư điện tử.")


@bp.post("/admin/orgs/<int:org_id>/images")
@login_required
def admin_images(org_id: int):
    """Upload or remove (remove=1) the organization's seal image (target=seal) or a person's signature image
    (target=<person id>)."""
    p = _administrator()
    upload = request.files.get("image")
    data = upload.read(images.MAX_BYTES + 1) if upload is not None else None
    done: list[str] = []
    target, remove = request.form.get("target") or "", request.form.get("remove") == "1"
    return _act(org_id, lambda: done.append(images.change_from_form(p, org_id, target, data, remove)),
                "Đã lưu.", message=lambda: done[0])
