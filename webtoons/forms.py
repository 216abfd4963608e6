from django import forms
from django.db import transaction
from wagtail.admin.forms import WagtailAdminPageForm

from webtoons.panel_images import LIMITS_HELP, create_panel_images, read_panel_files
from webtoons.text_alternatives import text_alternative_error


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files if item]


class WebtoonEpisodeForm(WagtailAdminPageForm):
    """Episode edit form: bulk panel upload, and the text-alternative rule checked when publishing.

    Saving a draft defers validation (Wagtail's `defer_required_fields`), so the rule only applies when
    the editor publishes or submits for moderation.
    """

    panel_upload = MultipleFileField(
        label="패널 이미지 일괄 업로드",
        required=False,
        help_text=LIMITS_HELP,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,.zip,application/zip"}),
    )

    def clean_panel_upload(self):
        uploads = self.cleaned_data.get("panel_upload") or []
        if not uploads:
            return []
        return read_panel_files(uploads, existing_panels=len(self._kept_panel_forms()))

    def clean(self):
        cleaned_data = super().clean()
        if not self.is_deferred_validation and self.formsets["panels"].is_valid():
            alt_texts = [form.cleaned_data.get("alt_text", "") for form in self._kept_panel_forms()]
            alt_texts += [""] * len(cleaned_data.get("panel_upload") or [])
            error = text_alternative_error(alt_texts, cleaned_data.get("transcript"))
            if error:
                raise forms.ValidationError(error, code="text_alternative")
        return cleaned_data

    def _kept_panel_forms(self):
        formset = self.formsets["panels"]
        formset.is_valid()  # cleans every form, so that deletions are known
        return [
            form
            for form in formset.forms
            if (form.instance.pk or form.has_changed()) and not formset._should_delete_form(form)
        ]

    def save(self, commit=True):
        panel_files = self.cleaned_data.get("panel_upload") or []
        if not panel_files:
            return super().save(commit=commit)
        with transaction.atomic():
            page = super().save(commit=False)
            images = create_panel_images(panel_files, title_prefix=page.title, user=self.for_user)
            next_order = max((panel.sort_order or 0 for panel in page.panels.all()), default=-1) + 1
            page.panels.add(
                *[
                    self.formsets["panels"].model(image=image, sort_order=next_order + offset)
                    for offset, image in enumerate(images)
                ]
            )
            if commit:
                page.save()
                self._save_m2m()
        return page


class ManualPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets["editions"]
        if formset.is_valid():
            current = [
                form
                for form in formset.forms
                if form.cleaned_data.get("is_current") and not formset._should_delete_form(form)
            ]
            if len(current) > 1:
                raise forms.ValidationError(
                    "현행판은 하나만 표시할 수 있습니다. 페이지에서 바로 읽게 할 판 하나만 ‘현행판’으로 표시해 주세요.",
                    code="current_edition",
                )
        return cleaned_data
