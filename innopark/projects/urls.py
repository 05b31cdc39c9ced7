from django.urls import path

from innopark.projects.views import applications, calls, experts, grants, public, reviews

app_name = "projects"
urlpatterns = [
    path("", public.index, name="index"),
    path("financed/", public.financed, name="financed"),
    path("new-call/", calls.call_new, name="call_new"),
    path("calls/<slug:code>/", public.call_detail, name="call"),
    path("calls/<slug:code>/edit/", calls.call_edit, name="call_edit"),
    path("calls/<slug:code>/publish/", calls.call_publish, name="call_publish"),
    path("calls/<slug:code>/apply/", applications.application_new, name="application_new"),
    path("calls/<slug:code>/ranking/", applications.call_ranking, name="ranking"),
    path("applications/", applications.application_list, name="applications"),
    path("applications/<int:pk>/", applications.application_detail, name="application"),
    path("applications/<int:pk>/edit/", applications.application_edit, name="application_edit"),
    path("applications/<int:pk>/attachments/", applications.attachment_add, name="attachment_add"),
    path("attachments/<int:pk>/", applications.attachment_download, name="attachment"),
    path("applications/<int:pk>/<slug:action>/", applications.application_action, name="application_action"),
    path("experts/me/", experts.expert_profile, name="expert_profile"),
    path("experts/me/profile/", experts.expert_profile_save, name="expert_profile_save"),
    path("experts/me/affiliations/", experts.expert_affiliation_add, name="expert_affiliation_add"),
    path("reviews/", reviews.review_list, name="reviews"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review"),
    path("reviews/<int:pk>/declare/", reviews.review_declare, name="review_declare"),
    path("reviews/<int:pk>/submit/", reviews.review_submit, name="review_submit"),
    path("grants/", grants.grant_list, name="grants"),
    path("grants/<int:pk>/", grants.grant_detail, name="grant"),
    path("grants/<int:pk>/<slug:action>/", grants.grant_action, name="grant_action"),
    path("milestones/<int:pk>/<slug:action>/", grants.milestone_action, name="milestone_action"),
]
