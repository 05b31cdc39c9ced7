"""360Giving 1.4 open data: offline schema validation, export (JSON package, CSV, XLSX) and import."""
