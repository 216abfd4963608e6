from django.db import migrations


def create_homepage(apps, schema_editor):
    """Replace Wagtail's welcome page with our HomePage and point the default site at it."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")
    Locale = apps.get_model("wagtailcore.Locale")

    Page.objects.filter(depth=2, slug="home").delete()
    homepage_content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    homepage = HomePage.objects.create(
        title="서울시 민원서비스 학습터",
        draft_title="서울시 민원서비스 학습터",
        slug="home",
        content_type=homepage_content_type,
        locale=Locale.objects.first(),  # created from LANGUAGE_CODE by wagtailcore
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        intro="민원 응대로 지친 마음을 돌보고, 더 나은 민원 서비스를 함께 배웁니다.",
    )
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(hostname="localhost", root_page=homepage, is_default_site=True, site_name="서울시 민원서비스 학습터")


def remove_homepage(apps, schema_editor):
    apps.get_model("home.HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [("home", "0001_initial")]
    operations = [migrations.RunPython(create_homepage, remove_homepage)]
