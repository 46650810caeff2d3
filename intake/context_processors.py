from django.conf import settings
from django.utils.functional import SimpleLazyObject

from intake import selectors


def clinic(request):
    return {
        "clinic_name": settings.CLINIC_NAME,
        "emergency_number": settings.EMERGENCY_NUMBER,
        "clinic_phone": settings.CLINIC_PHONE,
    }


def staff_waiting(request):
    """The staff banner's counts (selectors.WaitingCounts), read only when a staff page shows them.

    Lazy, so patient pages never query for them; one query on a staff page. The queue passes its own
    ``staff_waiting`` (read with its status counts), which takes precedence over this one.
    """
    return {"staff_waiting": SimpleLazyObject(selectors.waiting_counts)}
