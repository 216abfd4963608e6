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


def item_points(item, metric_value):
    """Points one rule item gives for `metric_value` (a Decimal), never above the item's cap."""
    metric_value = Decimal(metric_value)
    if item["scoring"] == Scoring.BANDS:
        points = Decimal(0)
        for band in item["bands"]:
            if metric_value >= band["lower"] and (band["upper"] is None or metric_value < band["upper"]):
                points = band["points"]
                break
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
    return Score(items=item_scores, subtotal=subtotal, total=min(subtotal, rule_set.total_cap))
