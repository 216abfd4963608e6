from django import forms
from django.db import transaction
from wagtail.admin.forms import WagtailAdminPageForm

from webtoons import strips
from webtoons.panel_images import LIMITS_HELP, create_panel_images, read_panel_files, split_tall_image
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
        # Pieces of a strip count as the one image the editor uploaded.
        images = [form for form in self._kept_panel_forms() if not form.cleaned_data.get("continues_previous")]
        return read_panel_files(uploads, existing_panels=len(images))

    def clean(self):
        cleaned_data = super().clean()
        if self.formsets["panels"].is_valid():
            self._refuse_unsliceable_choices()
        if not self.is_deferred_validation and self.formsets["panels"].is_valid():
            panels = [
                (form.cleaned_data.get("alt_text", ""), form.cleaned_data.get("continues_previous", False))
                for form in self._kept_panel_forms()
            ]
            panels += [("", panel_file.continues_previous) for panel_file in cleaned_data.get("panel_upload") or []]
            error = text_alternative_error(panels, cleaned_data.get("transcript"))
            if error:
                raise forms.ValidationError(error, code="text_alternative")
        return cleaned_data

    def _refuse_unsliceable_choices(self):
        """An image chosen for one panel is cut into pieces on saving, unless it would make far too many."""
        for form in self._kept_panel_forms():
            image = form.cleaned_data.get("image")
            if image and strips.too_many_pieces(min(image.width, image.height), max(image.width, image.height)):
                form.add_error(
                    "image",
                    f"이미지가 너무 가늘고 깁니다({image.width}×{image.height}). 읽기 좋은 높이로 나누면 "
                    f"{strips.MAX_PIECES}조각이 넘습니다. 폭이 더 넓은 원본을 골라 주세요.",
                )

    def _kept_panel_forms(self):
        formset = self.formsets["panels"]
        formset.is_valid()  # cleans every form, so that deletions are known
        return [
            form
            for form in formset.forms
            if (form.instance.pk or form.has_changed()) and not formset._should_delete_form(form)
        ]

    def save(self, commit=True):
        """Add the uploaded panels after the others, and cut any tall image chosen for a panel into pieces."""
        with transaction.atomic():
            page = super().save(commit=False)
            Panel = self.formsets["panels"].model
            panels = sorted(page.panels.all(), key=lambda panel: panel.sort_order if panel.sort_order is not None else 0)
            panel_files = self.cleaned_data.get("panel_upload") or []
            images = create_panel_images(panel_files, title_prefix=page.title, user=self.for_user)
            panels += [
                Panel(image=image, continues_previous=panel_file.continues_previous)
                for image, panel_file in zip(images, panel_files)
            ]
            panels = [piece for panel in panels for piece in self._pieces(panel, page, Panel)]
            for order, panel in enumerate(panels):
                panel.sort_order = order
            page.panels = panels
            if commit:
                page.save()
                self._save_m2m()
        return page

    def _pieces(self, panel, page, Panel):
        """The panel, or the pieces of its tall image: the first keeps the panel (and its text)."""
        pieces = split_tall_image(panel.image, title_prefix=page.title, user=self.for_user)
        if not pieces:
            return [panel]
        first, *rest = pieces
        panel.image = first
        return [panel, *(Panel(image=image, continues_previous=True) for image in rest)]


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
