def dictionary_edited(sender, **kwargs):
    from .dictionary import dictionary_changed

    dictionary_changed()
