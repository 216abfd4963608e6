from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from .probe import human_size, max_upload_bytes


class VideoAdminForm(WagtailAdminModelForm):
    """States and enforces the upload size limit; a new source starts the pipeline on save."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["source"]
        field.help_text = (
            f"MP4(H.264) 등 동영상 또는 음성 파일, 최대 {human_size(max_upload_bytes())}. "
            "올리면 자동으로 검사·변환합니다. 파일 이름은 안전한 이름으로 바꾸어 저장하고 원래 이름은 따로 보관합니다."
        )
        field.widget.attrs["accept"] = "video/*,audio/*,.mp4,.mov,.mkv,.webm,.m4a,.mp3"

    def clean_source(self):
        source = self.cleaned_data["source"]
        if source and "source" in self.changed_data:
            if source.size == 0:
                raise forms.ValidationError("빈 파일입니다(0바이트). 올바른 동영상 파일을 선택해 주세요.")
            if source.size > max_upload_bytes():
                raise forms.ValidationError(
                    f"파일이 너무 큽니다({human_size(source.size)}). 최대 {human_size(max_upload_bytes())}까지 올릴 수 있습니다."
                )
        return source

    def save(self, commit=True):
        from .services import start_processing

        source_changed = self.instance.pk is None or "source" in self.changed_data
        if self.instance.pk is None and getattr(self, "for_user", None) is not None:
            self.instance.uploaded_by = self.for_user
        video = super().save(commit=commit)
        if commit and source_changed:
            start_processing(video)
        return video
