"""The guide in the visitor's language: the page's own words, the starter technique texts
(translated through the catalogue) and the dose sentence, while point codes stay as they are
and a text an admin has rewritten is shown as written."""

from portal.extensions import db
from portal.guide.exercise_library import STARTER_EXERCISES
from portal.guide.library import STARTER_POINTS
from portal.guide.models import Technique
from portal.guide.translatable import TRANSLATED_FIELDS
from tests.test_translations import marked_strings

BL23 = next(point for point in STARTER_POINTS if point["code"] == "BL23")
TELUGU_BL23_LOCATION = "మీ చేతులను బొడ్డు ఎత్తులో నడుముపై ఉంచండి."  # its first sentence


def _page(client, path, language):
    response = client.get(path, headers={"Accept-Language": language})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_point_page_reads_in_telugu_with_its_code_and_numbers_kept(client, seeded):
    html = _page(client, "/guide/BL23", "te")
    assert '<html lang="te">' in html
    assert "ఇది ఎక్కడ ఉంది" in html  # "Where to find it"
    assert TELUGU_BL23_LOCATION in html  # the seeded starter text, from the catalogue
    assert "ప్రతి వైపు 90 సెకన్లు చిన్న వృత్తాలుగా గట్టిగా నొక్కండి." in html  # the dose
    assert "వీపు, వెనుక నుండి చూస్తే, BL23 గుర్తించబడింది" in html  # the diagram's title
    assert "BL23" in html and "Shenshu" in html  # codes and pinyin names are not translated
    assert "Where to find it" not in html and BL23["location"] not in html


def test_a_text_an_admin_rewrote_is_shown_as_written_and_the_rest_stays_translated(client, seeded):
    technique = db.session.scalar(db.select(Technique).where(Technique.code == "BL23"))
    technique.location = BL23["location"].replace("two finger-widths", "three finger-widths")
    db.session.commit()
    html = _page(client, "/guide/BL23", "te")
    assert "move three finger-widths out to each side" in html  # the admin's own words
    assert TELUGU_BL23_LOCATION not in html  # never the translation of the old wording
    assert "మూత్రపిండ షు బిందువు" in html  # the unchanged name is still translated


def test_the_guide_in_hindi_has_hindi_diagram_titles_and_safety_advice(client, seeded):
    html = _page(client, "/guide", "hi")
    assert "पीठ, पीछे से, BL23 चिह्नित" in html
    assert "The back, seen from behind" not in html
    assert "दबाने से पहले: सुरक्षा सबसे पहले" in html  # the safety box
    assert "112" in html  # the emergency number, kept


def test_today_in_hindi_after_english_draws_and_names_in_hindi(client, login_as, clinic, plan):
    # /today's drawings are cached: one drawn for an English page must not serve a Hindi one.
    login_as(clinic["patient"])
    assert "The back, seen from behind, with BL23 marked" in _page(client, "/today", "en")
    html = _page(client, "/today", "hi")
    assert "पीठ, पीछे से, BL23 चिह्नित" in html and "The back, seen from behind" not in html
    assert 'aria-label="ब्रिज (पुल): स्थिति"' in html  # the exercise's picture and its name
    assert "हर तरफ़ 90 सेकंड तक छोटे गोल घेरों में मज़बूती से दबाएँ, दिन में दो बार।" in html


def test_home_privacy_and_centres_pages_read_in_kannada(client, seeded):
    assert "ಬೆನ್ನು ನೋವಿಗೆ ಆಕ್ಯುಪ್ರೆಶರ್ ಬಿಂದುಗಳು" in _page(client, "/", "kn")
    privacy = _page(client, "/privacy", "kn")
    assert "ನಮ್ಮ ಕುಂದುಕೊರತೆ ಅಧಿಕಾರಿಗೆ" in privacy
    assert '<a href="mailto:privacy@sthira.test">privacy@sthira.test</a>' in privacy
    centres = _page(client, "/centres", "kn")
    assert "ತೆರೆದಿರುವ ಸಮಯ" in centres  # "Opening hours"
    assert "Opening hours" not in centres and "Mon–" not in centres


def test_every_starter_text_a_patient_reads_is_extracted_for_translation():
    # babel.cfg hands the starter library to our extractor: a starter added or a field left
    # out there would otherwise go untranslated without any test noticing.
    marked = marked_strings()
    for entry in STARTER_POINTS + STARTER_EXERCISES:
        for field in TRANSLATED_FIELDS:
            if entry.get(field):
                assert entry[field] in marked, f"{entry['code']} {field}"
    assert "Shenshu" not in marked and "BL23" not in marked  # pinyin names and codes stay
