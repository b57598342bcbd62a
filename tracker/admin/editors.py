"""Who may curate: staff in the Editors group, and superusers; no one else.

Django's permissions already come from the Editors group (migration 0003);
this also refuses a staff account that was given some permission by hand
outside the group, on every tracker page: lists, forms, history, restores,
imports and exports all ask these methods.
"""

EDITORS_GROUP = "Editors"


def is_editor(user) -> bool:
    """An active staff member in the Editors group, or a superuser."""
    if not (user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_tracker_is_editor", None)
    if cached is None:
        cached = user.groups.filter(name=EDITORS_GROUP).exists()
        user._tracker_is_editor = cached
    return cached


class EditorsOnlyMixin:
    """Every permission of a tracker admin page needs an editor first."""

    def has_module_permission(self, request) -> bool:
        return is_editor(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_editor(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request) -> bool:
        return is_editor(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_editor(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_editor(request.user) and super().has_delete_permission(request, obj)
