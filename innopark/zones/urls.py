from django.urls import path

from innopark.zones import views

app_name = "zones"
urlpatterns = [
    path("", views.zone_list, name="list"),
    path("<slug:code>/", views.zone_detail, name="detail"),
    path("<slug:code>/transfer/", views.zone_transfer, name="transfer"),
]
