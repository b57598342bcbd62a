"""Who may curate: staff in the Editors group, and superusers; no one else.

Django's permissions already come from the Editors group (migration 0003);
this also refuses a staff account that was given some permission by hand
outside the group, on every tracker page: lists, forms, history, restores,
imports and exports all ask these methods.
"""

from tracker.editors import is_editor


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


class ReadOnlyMixin:
    """Pages editors look at but never change: nothing is added, changed or deleted."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
