"""Imports every table module so alembic sees all of meetings' tables."""

from meetings.attendance.models import AttendanceMarkRow, RaisedAlert, Resolution
from meetings.compliance.models import MeetingTarget
from meetings.evaluations.models import EvaluationRow, RubricRow
from meetings.plans.models import ThematicPlan
from meetings.roster.models import RosterChange
from meetings.schedules.models import Meeting

__all__ = [
    "AttendanceMarkRow",
    "EvaluationRow",
    "Meeting",
    "MeetingTarget",
    "RaisedAlert",
    "Resolution",
    "RosterChange",
    "RubricRow",
    "ThematicPlan",
]
