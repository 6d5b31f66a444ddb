"""The two staff roles, created by migration 0002: editors create and edit content; publishers
also publish, unpublish and delete it."""

EDITORS = "Biên tập viên"
PUBLISHERS = "Người xuất bản"

# Being in one of these groups lets a user sign in to the admin (programme/staff.py).
STAFF_GROUPS = (EDITORS, PUBLISHERS)
