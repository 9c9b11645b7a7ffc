"""Domain errors: expected failures with a message meant for the user."""

from __future__ import annotations


class CrmError(Exception):
    """An expected failure. ``str(err)`` is a complete sentence for the user."""


class ValidationError(CrmError):
    """One or more fields have values the domain does not accept."""

    def __init__(self, problems: dict[str, str]):
        self.problems = dict(problems)
        text = "; ".join(f"{field}: {message}" for field, message in self.problems.items())
        super().__init__(text)


class NotFoundError(CrmError):
    pass


class ConflictError(CrmError):
    """Somebody else saved the record after it was loaded here.

    ``theirs`` holds the values now in the database for the fields this edit touches, so the
    caller can show both sides.
    """

    def __init__(self, record: str, *, expected_version: int | None = None, current_version: int | None = None,
                 theirs: dict | None = None):
        self.record = record
        self.expected_version = expected_version
        self.current_version = current_version
        self.theirs = dict(theirs or {})
        super().__init__(
            f"{record} was changed by someone else after you opened it "
            f"(your copy is version {expected_version}, the database has version {current_version}). "
            "Reload it, or choose field by field what to keep."
        )


class FileProblem(CrmError):
    """A file cannot be read as what it claims to be (damaged, not a spreadsheet, too big…).

    ``str(err)`` names the file and says what is wrong in words; nothing was written.
    """
