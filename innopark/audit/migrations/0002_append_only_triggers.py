from django.db import migrations

from innopark.core.append_only import append_only_operations


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [append_only_operations("audit_auditevent")]
