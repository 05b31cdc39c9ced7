from django.urls import path

from innopark.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("script/", views.set_script, name="set_script"),
]
