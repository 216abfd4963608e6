"""The demo SCORM 1.2 package, zipped at load time from the files in demo_package/."""

import io
import zipfile
from pathlib import Path

from django.core.files.base import ContentFile

from .models import ScormPackage
from .services import publish_package

DEMO_PACKAGE_DIR = Path(__file__).resolve().parent / "demo_package"
DEMO_TITLE = "폭언·욕설 민원 3단계 대응 (SCORM 1.2)"


def build_demo_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(DEMO_PACKAGE_DIR.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(DEMO_PACKAGE_DIR).as_posix())
    return buffer.getvalue()


def demo_package():
    """The demo package, created and unpacked on first use (the courses demo links its lesson to it)."""
    package = ScormPackage.objects.filter(title=DEMO_TITLE).first()
    if package is None:
        package = ScormPackage(title=DEMO_TITLE)
        package.package_file.save("demo-scorm12.zip", ContentFile(build_demo_zip()), save=False)
        package.save()
    if not package.is_ready:
        publish_package(package)
    return package


def load(stdout):
    package = demo_package()
    stdout.write(f"  SCORM 데모 패키지: {package.title} ({package.get_status_display()})")
