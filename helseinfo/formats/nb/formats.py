"""Norwegian date formats for the admin: dates are typed and shown as dd.mm.åååå (25.10.2026).

Django's own nb formats put the ISO form first, which the admin's date fields then show; here it
is only accepted. Everything not named here is Django's (FORMAT_MODULE_PATH falls back to it).
"""

DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H.%M",
    "%d.%m.%y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M", "%H.%M"]
