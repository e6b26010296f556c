"""/progress sums a year of practice in the database: the same days, counts and average pain
as summing the loaded logs in Python."""

from collections import defaultdict
from datetime import timedelta

from portal.extensions import db
from portal.localtime import local_today
from portal.programs.models import PracticeLog
from portal.programs.queries import PracticeDay, load_logs, practice_days
from tests.test_query_counts import counted_statements


def _logged(make, pains):
    """pains: {days ago: [(before, after) per session]}; returns the patient."""
    centre = make.centre(make.city("Bengaluru"), "Indiranagar", slug="blr-indiranagar")
    patient = make.patient(centre=centre)
    make.screening(patient)
    today = local_today("Asia/Kolkata")
    plan = make.plan(patient, make.therapist(centre), [make.item("BL23"), make.item("GV4")],
                     today - timedelta(days=30))  # fmt: skip
    items = plan.program.versions[0].items
    for ago, sessions in pains.items():
        for (before, after), item in zip(sessions, items, strict=False):
            log = PracticeLog(patient_id=patient.id, item_id=item.id, occurrence_index=1,
                              occurrence_date=today - timedelta(days=ago),
                              pain_before=before, pain_after=after)  # fmt: skip
            db.session.add(log)
    db.session.commit()
    return patient, today


def practice_days_of(logs) -> list[PracticeDay]:
    """practice_days worked out from the logs themselves."""
    by_day = defaultdict(list)
    for log in logs:
        by_day[log.occurrence_date].append(log)
    return [
        PracticeDay(day, len(day_logs), _mean([log.pain_before for log in day_logs]),
                    _mean([log.pain_after for log in day_logs]))
        for day, day_logs in sorted(by_day.items())
    ]  # fmt: skip


def _mean(pains) -> float | None:
    known = [pain for pain in pains if pain is not None]
    return round(sum(known) / len(known), 1) if known else None


def test_the_database_sums_days_as_the_python_twin_does(make):
    patient, today = _logged(make, {0: [(5, 3), (4, None)], 2: [(None, None)], 9: [(7, 2), (6, 2)],
                                    400: [(9, 9)]})  # fmt: skip
    first = today - timedelta(days=366)
    summed = practice_days(patient.id, first, today)
    assert summed == practice_days_of(load_logs(patient.id, first, today))
    assert [(d.done, d.pain_before, d.pain_after) for d in summed] == [
        (2, 6.5, 2.0), (1, None, None), (2, 4.5, 3.0)]  # fmt: skip


def test_progress_reads_day_sums_not_every_log(client, make, login_as):
    patient, _ = _logged(make, {ago: [(5, 3), (4, 2)] for ago in range(20)})
    login_as(patient)
    db.session.expire_all()
    with counted_statements() as statements:
        html = client.get("/progress").get_data(as_text=True)
    assert "Pain before" in html
    logs_read = [s for s in statements if "FROM practice_logs" in s]
    assert logs_read and all("GROUP BY practice_logs.occurrence_date" in s for s in logs_read)


def test_the_same_chart_values_are_drawn_once(client, make, login_as):
    from portal.programs.progress import _adherence_svg, _pain_svg

    patient, _ = _logged(make, {ago: [(5, 3)] for ago in range(5)})
    login_as(patient)
    _adherence_svg.cache_clear()
    _pain_svg.cache_clear()
    first = client.get("/progress").get_data(as_text=True)
    second = client.get("/progress").get_data(as_text=True)
    assert first.count("<svg") == second.count("<svg") >= 2
    for drawing in (_adherence_svg, _pain_svg):
        assert (drawing.cache_info().misses, drawing.cache_info().hits) == (1, 1)
