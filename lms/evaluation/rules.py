"""Turning a department's metrics into points under a rule set: plain functions, no queries."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .blocks import Scoring

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class ItemScore:
    name: str
    metric_value: Decimal
    points: Decimal


@dataclass(frozen=True)
class Score:
    items: tuple
    subtotal: Decimal  # before the total cap
    total: Decimal
    institution_score: Decimal | None  # the 기관성과평가 10-point mapping of the total, if the rules have one


def band_points(bands, value):
    """The points of the band `value` falls in, or 0."""
    for band in bands:
        if value >= band["lower"] and (band["upper"] is None or value < band["upper"]):
            return band["points"]
    return Decimal(0)


def item_points(item, metric_value):
    """Points one rule item gives for `metric_value` (a Decimal), never above the item's cap."""
    metric_value = Decimal(metric_value)
    if item["scoring"] == Scoring.BANDS:
        points = band_points(item["bands"], metric_value)
    else:
        points = metric_value * item["points_per_unit"]
    return min(points, item["cap"]).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def score(rule_set, metric_values):
    """The points under `rule_set` for {item name: metric value}; an item with no value scores 0."""
    item_scores = tuple(
        ItemScore(
            name=item.value["name"],
            metric_value=Decimal(metric_values.get(item.value["name"], 0)),
            points=item_points(item.value, metric_values.get(item.value["name"], 0)),
        )
        for item in rule_set.items
    )
    subtotal = sum((item.points for item in item_scores), Decimal(0))
    total = min(subtotal, rule_set.total_cap)
    bands = rule_set.institution_bands
    institution_score = None if bands is None else band_points(bands, total).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    return Score(items=item_scores, subtotal=subtotal, total=total, institution_score=institution_score)
