from django.urls import path

from innopark.funding import views

app_name = "funding"
urlpatterns = [
    path("funds/", views.fund_list, name="funds"),
    path("funds/<slug:code>/", views.fund_detail, name="fund"),
    path("accounts/<int:account_id>/", views.account_detail, name="account"),
    path("funders/", views.funder_list, name="funders"),
    path("funders/<str:key>/", views.funder_detail, name="funder"),
    path("funders/<str:key>/statement/<int:year>/", views.funder_statement, name="statement"),
]
