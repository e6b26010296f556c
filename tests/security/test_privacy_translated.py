"""The patient's data and erasure pages in their language; the erasure's record (which staff
read) stays in English."""

from datetime import timedelta

from sqlalchemy import select

from portal.db_types import utcnow
from portal.extensions import db
from portal.privacy.erasure import KEPT, carry_out_due_erasures
from portal.privacy.models import ErasureRequest
from tests.factories import PASSWORD
from tests.languages import speaking

KEPT_IN_TELUGU = "చట్టం మమ్మల్ని ఉంచమని కోరే క్లినికల్ రికార్డులు మీ పేరు లేదా సంప్రదింపు"


def test_erasing_in_telugu_explains_refuses_and_records_in_english(client, login_as, clinic):
    login_as(speaking(clinic["patient"], "te"))
    overview = client.get("/account/privacy").get_data(as_text=True)
    assert KEPT_IN_TELUGU in overview and KEPT not in overview
    refused = client.post("/account/erase", data={"password": PASSWORD})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "ఏమి జరుగుతుందో మీకు అర్థమైందని నిర్ధారించడానికి బాక్స్‌ను టిక్ చేయండి." in page
    assert "48 గంటల్లో నా డేటాను తొలగించండి" in page  # the button keeps its number

    client.post("/account/erase", data={"understood": "y", "password": PASSWORD})
    assert carry_out_due_erasures(utcnow() + timedelta(hours=49)) == 1
    [erasure] = db.session.scalars(select(ErasureRequest)).all()
    assert erasure.outcome == KEPT  # the staff's record, in English


def test_the_data_summary_in_hindi(client, make, login_as, clinic, plan):
    login_as(speaking(clinic["patient"], "hi"))
    html = client.get("/account/export").get_data(as_text=True)
    assert "आपके बारे में हम जो कुछ रखते हैं" in html  # "Everything we keep about you"
    # The screening's answers read as words of the language, not the stored codes.
    assert "गर्भवती: नहीं; हाई ब्लड प्रेशर: नहीं; त्वचा की समस्याएँ: नहीं।" in html
    assert "योजनाएँ (1)" in html
    assert "Low back pain, Dr. Arjun Hegde के साथ" in html  # the plan's own words are kept
