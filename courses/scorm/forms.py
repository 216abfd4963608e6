from django import forms
from django.core.files.uploadedfile import UploadedFile
from wagtail.admin.forms import WagtailAdminModelForm

from .packaging import PackageError, inspect_package


class ScormPackageForm(WagtailAdminModelForm):
    """Checks a newly uploaded zip completely, so the editor sees a Korean reason before anything is saved."""

    def clean_package_file(self):
        upload = self.cleaned_data.get("package_file")
        if isinstance(upload, UploadedFile):
            try:
                inspect_package(upload)
            except PackageError as error:
                raise forms.ValidationError(str(error)) from error
        return upload
