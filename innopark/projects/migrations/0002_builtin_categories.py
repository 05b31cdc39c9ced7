"""The six built-in project categories. Codes are stable identifiers that statistics and open data rely on."""

from django.db import migrations

CATEGORIES = [
    ("digitalisation", "Экономиканы цифрландыру", "Цифровизация экономики", "Digitalisation of the economy", 10),
    ("digital_export", "Цифрлық экспорт", "Цифровой экспорт", "Digital export", 20),
    ("ict", "Ақпараттық-коммуникациялық технологиялар", "Информационно-коммуникационные технологии",
     "Information and communication technologies", 30),
    ("new_materials", "Жаңа материалдар", "Новые материалы", "New materials", 40),
    ("energy_efficiency", "Энергия тиімділігі", "Энергоэффективность", "Energy efficiency", 50),
    ("other", "Басқа", "Другое", "Other", 90),
]


def create(apps, schema_editor):
    Category = apps.get_model("projects", "Category")
    for code, kk, ru, en, position in CATEGORIES:
        Category.objects.update_or_create(
            code=code,
            defaults={"name_kk": kk, "name_ru": ru, "name_en": en, "position": position, "is_builtin": True},
        )


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
