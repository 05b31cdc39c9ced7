"""`innopark stats --zone CODE --by year [--from YEAR --to YEAR] --format json|table|csv`: the figures, live."""

import orjson
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from innopark.core.errors import ApplicationError
from innopark.reports.stats import compute, parse_stats_query
from innopark.reports.stats.output import result_csv, result_dicts, result_table


class Command(BaseCommand):
    help = "Print the statistics of a zone (or an authority, a region...) per year or quarter."

    def add_arguments(self, parser):
        parser.add_argument("--zone", help="zone code, e.g. alatau-itp")
        parser.add_argument("--authority", help="authority code: counts its zones by the jurisdiction in force")
        parser.add_argument("--by", default="year", choices=["year", "quarter"])
        parser.add_argument("--from", dest="year_from", help="first year")
        parser.add_argument("--to", dest="year_to", help="last year")
        parser.add_argument("--category", help="grant category code")
        parser.add_argument("--funder", help="BIN of a funder (subsoil user)")
        parser.add_argument("--region", help="KATO code or its leading digits")
        parser.add_argument("--format", default="table", choices=["json", "table", "csv"])

    def handle(self, *args, **opts):
        translation.activate("en")
        try:
            query = parse_stats_query(
                zone=opts["zone"],
                authority=opts["authority"],
                by=opts["by"],
                year_from=opts["year_from"],
                year_to=opts["year_to"],
                category=opts["category"],
                funder=opts["funder"],
                region=opts["region"],
            )
            result = compute(query)
        except ApplicationError as exc:
            details = "; ".join(f"{k}: {' '.join(str(m) for m in v)}" for k, v in exc.fields.items())
            raise CommandError(f"{exc.message}{' (' + details + ')' if details else ''}")
        if opts["format"] == "json":
            self.stdout.write(orjson.dumps(result_dicts(result), option=orjson.OPT_INDENT_2).decode())
        elif opts["format"] == "csv":
            self.stdout.write(result_csv(result), ending="")
        else:
            self.stdout.write(result_table(result), ending="")
