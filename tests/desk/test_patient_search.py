"""The desk finds the patient it books for by name, phone or the patient's own email."""

from portal.accounts.services import unreachable_email


def test_placeholder_emails_do_not_match_a_search(client, make, login_as):
    centre = make.centre(make.city("Bengaluru"), "Indiranagar", slug="blr-indiranagar")
    make.patient(name="Meera Pillai", email=unreachable_email("home-visit"), centre=centre)
    make.patient(name="Vikram Rao", email="vikram@invalid-ideas.example", centre=centre)
    login_as(make.desk(centre.city))

    def found(term: str) -> bool:
        return "Meera Pillai" in client.get(f"/desk/patients?q={term}").get_data(as_text=True)

    assert found("meera")
    for term in ("invalid", ".invalid", "home-visit", "visit"):
        assert not found(term), term
    # A real address that happens to contain the word is still found.
    assert "Vikram Rao" in client.get("/desk/patients?q=invalid").get_data(as_text=True)


def test_percent_and_underscore_are_searched_for_as_typed(client, make, login_as):
    centre = make.centre(make.city("Bengaluru"), "Indiranagar", slug="blr-indiranagar")
    make.patient(name="Meera Pillai", email="meera@example.com", centre=centre)
    make.patient(name="Ravi_Kumar", email="ravi@example.com", centre=centre)
    login_as(make.desk(centre.city))
    for term, listed in (("%", []), ("e_a", []), ("i_k", ["Ravi_Kumar"]), ("ee", ["Meera"])):
        page = client.get("/desk/patients", query_string={"q": term}).get_data(as_text=True)
        assert [name for name in ("Meera", "Ravi_Kumar") if name in page] == listed, term


def test_four_phone_digits_find_a_patient_and_only_ascii_digits_count(client, make, login_as):
    centre = make.centre(make.city("Bengaluru"), "Indiranagar", slug="blr-indiranagar")
    # An email of letters only: the factory's numbered one could hold the digits searched for.
    make.patient(
        name="Meera Pillai", email="meera@example.com", phone="+919845012345", centre=centre
    )
    login_as(make.desk(centre.city))

    def found(term: str) -> bool:
        page = client.get("/desk/patients", query_string={"q": term})
        return "Meera Pillai" in page.get_data(as_text=True)

    assert found("12345")
    assert found("98450-12345")  # the digits typed, whatever between them
    assert found("(5012)")
    assert not found("123")  # fewer than four digits: not a phone search
    # Digits of other scripts are digits to Python, but no stored number holds them: a
    # search with them is not a phone search (and must not fail).
    assert not found("१२३४५")
    assert not found("１２３４５")
