"""Transfers and ledger entries refuse UPDATE and DELETE: a mistake is corrected by a compensating transfer."""

from django.db import migrations

from innopark.core.append_only import append_only_operations


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial")]

    operations = [
        append_only_operations("funding_transfer"),
        append_only_operations("funding_ledgerentry"),
    ]
