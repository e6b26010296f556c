"""Desk staff work their own city's requests; admins see every city."""

from sqlalchemy import Select, false

from portal.accounts.models import User
from portal.accounts.roles import Role


def in_staff_city(query: Select, city_column, staff: User) -> Select:
    if Role.ADMIN in staff.roles:
        return query
    if Role.DESK in staff.roles and staff.desk_profile is not None:
        return query.where(city_column == staff.desk_profile.city_id)
    return query.where(false())
