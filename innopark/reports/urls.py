from django.urls import path

from innopark.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("internal/", views.dashboard_internal, name="internal"),
    path("charts/<slug:key>.csv", views.chart_csv, name="chart_csv"),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/<slug:code>/360giving.json", views.open_data_json, name="open_data_json"),
    path("open-data/<slug:code>/360giving.csv", views.open_data_csv, name="open_data_csv"),
    path(
        "open-data/<slug:code>/360giving-disbursements.csv",
        views.open_data_csv,
        {"sheet": "disbursements"},
        name="open_data_disbursements_csv",
    ),
    path("open-data/<slug:code>/360giving.xlsx", views.open_data_xlsx, name="open_data_xlsx"),
    path("report/<slug:code>/<int:year>.<str:fmt>", views.annual_report, name="annual_report"),
]
