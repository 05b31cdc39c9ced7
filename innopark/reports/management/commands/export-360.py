"""`innopark export-360 --zone CODE -o FILE`: the zone's financed projects as 360Giving (JSON, CSV or XLSX).

The format follows the file's extension (.json, .csv, .xlsx). The JSON is validated against the official schema
grant by grant while it is written (constant memory); an invalid grant stops the export with its errors.
"""

from pathlib import Path

import orjson
from django.core.management.base import BaseCommand, CommandError

from innopark.reports.giving import flat
from innopark.reports.giving.export import iter_grants, package_header
from innopark.reports.giving.schema import grant_errors
from innopark.zones.models import Zone


def _checked(grants):
    for grant in grants:
        errors = grant_errors(grant)
        if errors:
            details = "; ".join(f"{path}: {message}" for path, message in errors)
            raise CommandError(f"grant {grant.get('id')} does not validate: {details}")
        yield grant


class Command(BaseCommand):
    help = "Export a zone's financed projects as a 360Giving 1.4 data package (JSON), CSV or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--zone", required=True, help="zone code, e.g. alatau-itp")
        parser.add_argument("-o", "--output", required=True, help="file to write: .json, .csv or .xlsx")
        parser.add_argument("--no-validate", action="store_true", help="skip the schema check (faster)")

    def handle(self, *args, zone, output, no_validate, **options):
        zone_obj = Zone.objects.filter(code=zone).first()
        if zone_obj is None:
            raise CommandError(f"There is no zone with the code {zone!r}.")
        path = Path(output)
        suffix = path.suffix.lower()
        if suffix not in (".json", ".csv", ".xlsx"):
            raise CommandError("The output file must end in .json, .csv or .xlsx.")
        grants = iter_grants(zone_obj)
        if not no_validate:
            grants = _checked(grants)
        count = 0

        def counted(items):
            nonlocal count
            for item in items:
                count += 1
                yield item

        grants = counted(grants)
        partial = path.with_name(path.name + ".partial")
        try:
            if suffix == ".json":
                with partial.open("wb") as handle:
                    header = orjson.dumps(package_header(zone_obj))
                    handle.write(header[:-1] + b',"grants":[')
                    for grant in grants:
                        handle.write((b"," if count > 1 else b"") + orjson.dumps(grant))
                    handle.write(b"]}")
            elif suffix == ".csv":
                with partial.open("w", encoding="utf-8", newline="") as handle:
                    for line in flat.stream_csv((flat.grant_row(g) for g in grants), flat.grant_headers()):
                        handle.write(line)
            else:
                with partial.open("wb") as handle:
                    flat.write_xlsx(grants, handle)
            if count == 0:
                raise CommandError(f"Zone {zone} has no financed projects to export (a 360Giving package needs one).")
            # Written under a temporary name and renamed: a reader never sees half a file.
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(f"Exported {count} grants of {zone} to {path}.")
