"""The survey offers other pages show: {% survey_offers %} in 내 학습, {% survey_offer_for kind key %} on
an item's own page (a course page)."""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("surveys/includes/offers_panel.html", takes_context=True)
def survey_offers(context):
    return {"offers": selectors.pending_surveys(user=context["request"].user)}


@register.inclusion_tag("surveys/includes/offers_panel.html", takes_context=True)
def survey_offer_for(context, kind, key):
    offer = selectors.survey_offer(user=context["request"].user, kind=kind, key=key)
    return {"offers": [offer] if offer else []}
