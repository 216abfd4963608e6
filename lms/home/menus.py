from wagtail.admin.menu import MenuItem


class PermissionMenuItem(MenuItem):
    """An admin menu item shown only to those with `permission` (for views that are not viewsets)."""

    def __init__(self, *args, permission, **kwargs):
        self.permission = permission
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return request.user.has_perm(self.permission)
