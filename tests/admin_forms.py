"""Post an admin form back the way a browser would: the values it shows, with a few changes."""

from django import forms


def form_data(response, **changes):
    """The data of the change form in `response` (fields and inline formsets), updated with `changes`."""
    data = {}
    for bound in response.context["adminform"].form:
        _put(data, bound)
    for inline in response.context["inline_admin_formsets"]:
        for bound in inline.formset.management_form:
            _put(data, bound)
        for form in inline.formset.forms:
            for bound in form:
                _put(data, bound)
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _put(data, bound):
    value, widget = bound.value(), bound.field.widget
    if isinstance(widget, forms.MultiWidget) and isinstance(value, list):  # as posted
        data[f"{bound.html_name}_0"], data[f"{bound.html_name}_1"] = value
    elif isinstance(widget, forms.MultiWidget):  # the admin's date + time
        date, time = widget.decompress(value)
        data[f"{bound.html_name}_0"] = date.isoformat() if date else ""
        data[f"{bound.html_name}_1"] = time.strftime("%H:%M:%S") if time else ""
    elif isinstance(value, list | tuple):
        data[bound.html_name] = [str(v) for v in value]
    elif isinstance(value, bool):
        data[bound.html_name] = "on" if value else None
    else:
        data[bound.html_name] = value  # None: not sent, as a browser sends no empty select
