"""A record's check constraints, left to the database during an import.

Django validates each ``CheckConstraint`` of a model by asking the database
(``Q.check``): a query per constraint per record, each built anew with every
field of the record as a value. A commitment has ten; an import of 1,000
commitments spent more than half its time there. The database checks the same
conditions when the row is written anyway, so an import validates the other
constraints as Django does and saves each record in a savepoint of its own;
a check that fails there is reported for that row with the constraint's own
message (``violated_check``), exactly as ``full_clean`` would have.
"""

import re

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, router
from django.db.models import CheckConstraint

# SQLite names the constraint in its message; PostgreSQL in the error's diagnostics.
SQLITE_CHECK = re.compile(r"CHECK constraint failed: (\w+)")


def validate_other_constraints(instance, exclude: set[str]) -> None:
    """``Model.validate_constraints`` without the check constraints."""
    using = router.db_for_write(type(instance), instance=instance)
    errors: dict = {}
    for model_class, constraints in instance.get_constraints():
        for constraint in constraints:
            if isinstance(constraint, CheckConstraint):
                continue
            try:
                constraint.validate(model_class, instance, exclude=exclude, using=using)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def violated_check(model, error: IntegrityError) -> ValidationError | None:
    """The check constraint of ``model`` that ``error`` reports, as its validation error."""
    diagnostics = getattr(error.__cause__, "diag", None)
    name = getattr(diagnostics, "constraint_name", None)
    if name is None and (found := SQLITE_CHECK.search(str(error))):
        name = found.group(1)
    for constraint in model._meta.concrete_model._meta.constraints:
        if isinstance(constraint, CheckConstraint) and constraint.name == name:
            message = constraint.get_violation_error_message()
            return ValidationError(message, code=constraint.violation_error_code)
    return None


def excluded_after(errors: dict, exclude) -> set[str]:
    """What ``full_clean`` leaves out of the constraints: fields that already failed."""
    return {*exclude, *(name for name in errors if name != NON_FIELD_ERRORS)}
