"""The deliveries block of an order's page: its notes, what is left to deliver, and the
button that prepares the next note.

{% load deliveries %}{% order_deliveries_panel order %}
"""

from django import template

from comptoir.sales.queries import deliveries as queries
from comptoir.sales.services import deliveries as services

register = template.Library()


@register.inclusion_tag("sales/partials/_delivery_order_panel.html", takes_context=True)
def order_deliveries_panel(context, order):
    user = context.get("user") or getattr(context.get("request"), "user", None)
    if user is None or not user.has_perm("sales.view_delivery"):
        return {"hidden": True}
    notes = list(queries.order_deliveries(user=user, order=order))
    quantities = services.order_line_quantities(order)
    lines = [(line, quantities[line.pk]) for line in order.lines.all() if line.pk in quantities]
    to_prepare = any(q.to_prepare > 0 for _line, q in lines)
    return {
        "hidden": False,
        "order": order,
        "notes": notes,
        "lines": lines if notes else [],
        "can_prepare": user.has_perm("sales.add_delivery")
        and order.status in services.DELIVERABLE_ORDER_STATUSES
        and to_prepare,
    }
