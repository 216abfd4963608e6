"""Writes: publishing an uploaded package into storage, and storing a learner's CMI commit."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from lms.records.choices import EventKind
from lms.records.services import mark_complete, record_time

from . import cmi
from .models import PackageStatus, ScormAttempt, ScormSession
from .packaging import PackageError, delete_tree, extract_package


def _digest(field_file):
    sha = hashlib.sha256()
    with field_file.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1024 * 1024), b""):
            sha.update(chunk)
    return sha.hexdigest()[:16]


def publish_package(package):
    """Unpack the package's zip under `scorm/<id>/<content hash>/` and point the package at it.

    The previous version's files are removed only after the new ones are complete, so learners
    mid-lesson keep a working package; a failure leaves the package FAILED with a Korean reason and
    no files of the failed version in storage.
    """
    prefix = f"scorm/{package.pk}/{_digest(package.package_file)}/"
    if package.is_ready and package.storage_prefix == prefix:
        return package
    previous = package.storage_prefix
    delete_tree(default_storage, prefix)
    try:
        with package.package_file.open("rb") as stream:
            info = extract_package(stream, default_storage, prefix)
    except PackageError as error:
        package.status, package.error_message = PackageStatus.FAILED, str(error)
        package.save(update_fields=["status", "error_message", "updated_at"])
        return package
    package.version = info.version
    package.launch_href = info.launch_href
    package.items = info.items
    package.file_count = info.file_count
    package.uncompressed_bytes = info.uncompressed_bytes
    package.storage_prefix = prefix
    package.status, package.error_message = PackageStatus.READY, ""
    package.save()
    if previous and previous != prefix:
        delete_tree(default_storage, previous)
    return package


def _session_window(session, credited_until, now):
    """The wall-clock span this commit may be credited: from the launch (or what earlier commits of any
    launch of this lesson, of any of its SCOs, already counted) to now, never past the session cap."""
    end = min(now, session.launched_at + timedelta(seconds=settings.SCORM_SESSION_CAP_SECONDS))
    start = max(session.launched_at, credited_until) if credited_until else session.launched_at
    return min(start, end), end


def _lesson_credited_until(attempt):
    others = ScormAttempt.objects.filter(user=attempt.user_id, page=attempt.page_id).exclude(pk=attempt.pk)
    latest = others.aggregate(latest=Max("credited_until"))["latest"]
    return max(filter(None, [latest, attempt.credited_until]), default=None)


def _lesson_complete(user, page, package):
    """A package of one SCO: that SCO complete. Of several: every one of them (there is no other rollup)."""
    if not package.sco_ids:
        return True
    done = set(
        ScormAttempt.objects.filter(user=user, page=page, completed_at__isnull=False).values_list("sco", flat=True)
    )
    return set(package.sco_ids) <= done


def record_commit(*, user, page, package, raw_cmi, launch, sco="", is_final=False):
    """Store one commit of a SCO's CMI data for (user, page, sco), made in the server-issued `launch`
    (access.Launch). Raises cmi.CommitError (Korean). The lesson is complete when its SCO is, or, in a
    package of several SCOs, when every one of them is.

    The statuses are the SCO's (that is the standard); the time credited is the server's: the wall-clock
    time since the launch, through the learner's one clock (lms.records). The SCO's session_time and
    total_time are stored as its claim and never credited."""
    version = package.version
    data = cmi.parse_commit(version, raw_cmi)
    keys = cmi.KEYS[version]
    score_raw, score_scaled = cmi.score_values(version, data)
    session_seconds = cmi.seconds_from_timespan(version, data.get(keys.session_time, ""))
    total_seconds = cmi.seconds_from_timespan(version, data.get(keys.total_time, ""))
    now = timezone.now()
    with transaction.atomic():
        attempt, _ = ScormAttempt.objects.select_for_update().get_or_create(
            user=user, page=page, sco=sco, defaults={"package": package, "version": version}
        )
        if attempt.version != version:  # the lesson got a package of another SCORM version
            attempt.version, attempt.cmi = version, {}
            attempt.lesson_status = attempt.completion_status = attempt.success_status = ""
        stored = cmi.Statuses(attempt.lesson_status, attempt.completion_status, attempt.success_status)
        kept = cmi.merge_statuses(version, stored, cmi.statuses_in(version, data))
        attempt.package = package
        attempt.lesson_status, attempt.completion_status, attempt.success_status = (
            kept.lesson_status, kept.completion_status, kept.success_status,
        )
        attempt.cmi = cmi.with_statuses(version, data, kept)
        attempt.suspend_data = data.get(keys.suspend_data, "")
        attempt.location = data.get(keys.location, "")
        attempt.exit = data.get(keys.exit, "")
        attempt.session_time = data.get(keys.session_time, "")
        if score_raw is not None:
            attempt.score_raw = max(score_raw, attempt.score_raw if attempt.score_raw is not None else score_raw)
        if score_scaled is not None:
            attempt.score_scaled = max(
                score_scaled, attempt.score_scaled if attempt.score_scaled is not None else score_scaled
            )
        if total_seconds is not None:
            attempt.total_seconds = max(attempt.total_seconds, total_seconds)
        attempt.commit_count += 1
        newly_complete = attempt.completed_at is None and cmi.is_complete(version, kept)
        if newly_complete:
            attempt.completed_at = now
        session, _ = ScormSession.objects.get_or_create(
            launch_id=launch.launch_id,
            defaults={"user": user, "page": page, "launched_at": min(launch.issued_at, now), "last_commit_at": now},
        )
        start, end = _session_window(session, _lesson_credited_until(attempt), now)
        credited = record_time(
            user=user,
            page=page,
            kind=EventKind.SCORM_COMMIT,
            seconds=(end - start).total_seconds(),
            since=start,
            now=now,
            data={
                "version": version,
                "launch": str(launch.launch_id),
                "sco": sco,
                "lesson_status": kept.lesson_status,
                "completion_status": kept.completion_status,
                "success_status": kept.success_status,
                "score_raw": score_raw,
                "sco_session_seconds": session_seconds,
                "sco_total_seconds": total_seconds,
                "final": is_final,
            },
        )
        attempt.credited_until = max(end, attempt.credited_until) if attempt.credited_until else end
        attempt.save()
        session.last_commit_at, session.commit_count = now, session.commit_count + 1
        session.credited_seconds = round(session.credited_seconds + credited, 3)
        session.sco_session_time = attempt.session_time
        session.save()
        if newly_complete and _lesson_complete(user, page, package):
            mark_complete(user=user, page=page, now=now)
    return attempt


def delete_package_files(package_id, package_file):
    """Remove a deleted package's unpacked files and its uploaded zip from storage."""
    delete_tree(default_storage, f"scorm/{package_id}/")
    if package_file:
        package_file.delete(save=False)
