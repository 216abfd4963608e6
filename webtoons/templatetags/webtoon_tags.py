from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from webtoons.panel_images import PANEL_RENDITION_SPECS

register = template.Library()

# The reader column is the full phone width and at most 720 CSS px on larger screens (see webtoons.css).
PANEL_SIZES = "(max-width: 720px) 100vw, 720px"


@register.simple_tag
def webtoon_panel_image(panel, *, eager=False):
    """A panel as a WebP <img> with a width srcset, intrinsic size (no layout shift) and lazy loading.

    Built here rather than with {% srcset_image %} because renditions of a narrow original all come out at
    its own width, and a srcset must not list the same width twice.
    """
    renditions = {}
    for rendition in panel.image.get_renditions(*PANEL_RENDITION_SPECS).values():
        renditions.setdefault(rendition.width, rendition)
    ordered = [renditions[width] for width in sorted(renditions)]
    largest = ordered[-1]
    fallback = next((rendition for rendition in ordered if rendition.width >= 720), largest)
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" decoding="async" {}>',
        fallback.url,
        ", ".join(f"{rendition.url} {rendition.width}w" for rendition in ordered),
        PANEL_SIZES,
        largest.width,
        largest.height,
        panel.alt_text,
        mark_safe('loading="eager" fetchpriority="high"' if eager else 'loading="lazy"'),  # constant markup
    )
