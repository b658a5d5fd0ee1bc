"""Base classes of the direct foreign-key permission tables.

A model that roles are held on gets its own table (``SpecialtyUserObjectPermission``), so
its object permissions vanish with the object. Apps subclass these bases from here, so
that no module outside ``roles`` imports guardian.
"""

from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

__all__ = ["GroupObjectPermissionBase", "UserObjectPermissionBase"]
