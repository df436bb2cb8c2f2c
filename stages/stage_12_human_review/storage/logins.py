"""The dashboard logins repository: which session cookies are still good, in every process."""

import secrets
from datetime import datetime, timedelta

from sqlalchemy import Engine, insert, select, update

from .orm import DashboardLogin

LOGINS = DashboardLogin.__table__


class SqlLoginRepository:
    """Dashboard logins in the scores database."""

    def __init__(self, engine: Engine):
        """Read and write through `engine`."""
        self.engine = engine

    def open(self, name: str, now: datetime, lifetime: timedelta) -> str:
        """Record a new login of `name` lasting `lifetime`; return its id (unguessable)."""
        login_id = secrets.token_urlsafe(32)
        row = {"id": login_id, "name": name, "started_at": now, "expires_at": now + lifetime}
        with self.engine.begin() as connection:
            connection.execute(insert(LOGINS), row)
        return login_id

    def open_name(self, login_id: str, now: datetime) -> str | None:
        """The name logged in, if the login exists, has not ended and has not expired."""
        query = select(DashboardLogin.name).where(
            DashboardLogin.id == login_id,
            DashboardLogin.ended_at.is_(None),
            DashboardLogin.expires_at > now,
        )
        with self.engine.connect() as connection:
            return connection.execute(query).scalar()

    def close(self, login_id: str, now: datetime) -> None:
        """End the login (logout)."""
        with self.engine.begin() as connection:
            connection.execute(
                update(LOGINS).where(DashboardLogin.id == login_id).values(ended_at=now)
            )
