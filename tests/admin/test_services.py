from sqlalchemy import select

from portal.booking.models import Service, ServiceKind
from portal.extensions import db

NEW = {"name": "Dry needling", "slug": "dry-needling", "kind": "outpatient",
       "duration_minutes": "30", "buffer_minutes": "0", "active": "y"}  # fmt: skip


def test_admin_adds_and_edits_a_service(client, make, login_as):
    login_as(make.admin())
    assert client.post("/admin/services/new", data=NEW).status_code == 302
    service = db.session.scalar(select(Service).where(Service.slug == "dry-needling"))
    assert service.kind is ServiceKind.OUTPATIENT
    client.post(f"/admin/services/{service.id}", data={**NEW, "duration_minutes": "45"})
    db.session.refresh(service)
    assert service.duration_minutes == 45


def test_lengths_must_fit_the_grid_and_slugs_be_unique(client, make, login_as):
    login_as(make.admin())
    make.service("follow-up")
    off_grid = client.post("/admin/services/new", data={**NEW, "duration_minutes": "40"})
    assert off_grid.status_code == 422
    assert "multiple of 15" in off_grid.get_data(as_text=True)
    taken = client.post("/admin/services/new", data={**NEW, "slug": "follow-up"})
    assert "already uses this short name" in taken.get_data(as_text=True)


def test_only_admins_manage_services(client, make, login_as):
    login_as(make.desk())
    assert client.get("/admin/services").status_code == 403
