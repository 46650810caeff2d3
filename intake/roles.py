"""Names of the staff roles (groups created by migration 0002_create_roles)."""

PHYSIOTHERAPIST = "Physiotherapist"
CLINIC_ADMIN = "Clinic admin"
