"""Errors that services raise: a stable snake_case code for machines, a translated message for people."""


class DomainError(Exception):
    status = 400

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class Forbidden(DomainError):
    """The acting user may not do this (a rule behind `user.has_perm` said no)."""

    status = 403


class Conflict(DomainError):
    status = 409


class InputFileError(DomainError):
    """A file to import is malformed: says which file, line and field, so the office can fix it."""

    def __init__(self, path: str, line: int | None, field: str | None, problem: str) -> None:
        where = path
        if line is not None:
            where += f", line {line}"
        if field:
            where += f", field {field!r}"
        super().__init__("invalid_file", f"{where}: {problem}")
        self.path = path
        self.line = line
        self.field = field
        self.problem = problem
