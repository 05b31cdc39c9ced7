from django.urls import path

from innopark.audit import views

app_name = "audit"
urlpatterns = [
    path("history/<str:subject_type>/<str:subject_id>/", views.history, name="history"),
]
