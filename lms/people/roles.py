"""The platform's roles, as Django groups created by a data migration."""

STAFF = "직원"
EDITOR = "콘텐츠 편집자"
HR = "인사 담당자"
DEPARTMENT_MANAGER = "부서 담당자"

ALL_ROLES = [STAFF, EDITOR, HR, DEPARTMENT_MANAGER]
