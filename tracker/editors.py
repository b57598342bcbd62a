"""Who is an editor: an active staff member in the Editors group, or a superuser."""

EDITORS_GROUP = "Editors"


def is_editor(user) -> bool:
    """Whether ``user`` may curate (and so preview drafts); asked once per request."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_tracker_is_editor", None)
    if cached is None:
        cached = user.groups.filter(name=EDITORS_GROUP).exists()
        user._tracker_is_editor = cached
    return cached
