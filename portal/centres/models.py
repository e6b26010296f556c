"""Cities, the pincodes they serve for home visits, and their centres."""

from datetime import time

from sqlalchemy import CheckConstraint, ForeignKey, SmallInteger, String, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.centres.hours import DayHours, summarise_opening_hours
from portal.extensions import Model


class City(Model):
    __tablename__ = "cities"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    timezone: Mapped[str] = mapped_column(String(64))  # an IANA name, e.g. Asia/Kolkata

    centres: Mapped[list["Centre"]] = relationship(back_populates="city", order_by="Centre.name")
    serviceable_pincodes: Mapped[list["ServiceablePincode"]] = relationship(
        back_populates="city", order_by="ServiceablePincode.pincode"
    )

    def __repr__(self) -> str:
        return f"<City {self.slug}>"


class ServiceablePincode(Model):
    """A pincode where a city's therapists make home visits; each pincode belongs to one city."""

    __tablename__ = "serviceable_pincodes"

    id: Mapped[int] = mapped_column(primary_key=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("cities.id"), index=True)
    pincode: Mapped[str] = mapped_column(String(6), unique=True)
    area: Mapped[str] = mapped_column(String(80))

    city: Mapped[City] = relationship(back_populates="serviceable_pincodes")


class Centre(Model):
    __tablename__ = "centres"

    id: Mapped[int] = mapped_column(primary_key=True)
    city_id: Mapped[int] = mapped_column(ForeignKey("cities.id"), index=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    street: Mapped[str] = mapped_column(String(200))
    locality: Mapped[str] = mapped_column(String(120))
    pincode: Mapped[str] = mapped_column(String(6))
    phone: Mapped[str] = mapped_column(String(20))  # E.164
    # Off: /book does not offer the centre; people call it instead.
    online_booking: Mapped[bool] = mapped_column(default=True, server_default=true())

    city: Mapped[City] = relationship(back_populates="centres")
    opening_hours: Mapped[list["OpeningHours"]] = relationship(
        back_populates="centre", order_by="OpeningHours.weekday", cascade="all, delete-orphan"
    )

    @property
    def address(self) -> str:
        return f"{self.street}, {self.locality}, {self.city.name} {self.pincode}"

    @property
    def opening_hours_summary(self) -> list[str]:
        return summarise_opening_hours(
            DayHours(row.weekday, row.opens, row.closes) for row in self.opening_hours
        )

    def __repr__(self) -> str:
        return f"<Centre {self.slug}>"


class OpeningHours(Model):
    """One open period on one weekday (0 = Monday); a day without a row is a closed day."""

    __tablename__ = "opening_hours"
    __table_args__ = (
        UniqueConstraint("centre_id", "weekday"),
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
        CheckConstraint("opens < closes", name="opens_before_closes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centres.id", ondelete="CASCADE"))
    weekday: Mapped[int] = mapped_column(SmallInteger)
    opens: Mapped[time]
    closes: Mapped[time]

    centre: Mapped[Centre] = relationship(back_populates="opening_hours")
