"""Accounts made on someone's behalf have no password anyone knows, until they choose one."""

from portal.accounts.passwords import hash_password, unusable_password, verify_password


def test_an_unusable_password_never_matches(app):
    marked = unusable_password()
    assert not verify_password(marked, marked)
    assert not verify_password(marked, marked[1:])


def test_only_people_who_chose_a_password_can_log_in(app, make):
    guest = make.patient(name="Savitri Rao")
    assert guest.can_log_in
    guest.password_hash = unusable_password()
    assert not guest.can_log_in
    guest.password_hash = hash_password("a sentence she chose")
    assert guest.can_log_in
