"""Reads: which page launches which package, and the CMI data a launch starts from."""

from django.db.models import Sum

from . import cmi
from .models import ScormAttempt


def package_of(page):
    """The ScormPackage a lesson page launches (its `package` field), or None."""
    return getattr(page.specific, "package", None)


def attempt_for(user, page, sco=""):
    return ScormAttempt.objects.filter(user=user, page=page, sco=sco).first()


def reported_seconds(user, page):
    """What the lesson's SCOs reported as total time (their claim, never credited), None before any commit."""
    attempts = ScormAttempt.objects.filter(user=user, page=page)
    return attempts.aggregate(total=Sum("total_seconds"))["total"] if attempts.exists() else None


def completed_scos(user, page):
    return set(
        ScormAttempt.objects.filter(user=user, page=page, completed_at__isnull=False).values_list("sco", flat=True)
    )


def launch_cmi(user, page, package, sco=""):
    """Flattened CMI values to load into scorm-again before the SCO starts, so the learner resumes."""
    version = package.version
    keys = cmi.KEYS[version]
    attempt = attempt_for(user, page, sco)
    saved = attempt.cmi if attempt and attempt.version == version else {}
    values = {key: value for key, value in saved.items() if key not in cmi.SESSION_ONLY[version]}
    if attempt is None:
        entry = "ab-initio"
    else:
        entry = "resume" if attempt.exit == "suspend" else ""
    values.update({
        keys.learner_id: user.get_username(),
        keys.learner_name: getattr(user, "name", "") or user.get_username(),
        keys.entry: entry,
        keys.total_time: cmi.timespan_from_seconds(version, attempt.total_seconds if attempt else 0),
    })
    if version == cmi.SCORM_12:
        values["cmi.core.credit"] = "credit"
    return values
