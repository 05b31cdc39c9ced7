from django.urls import path

from innopark.registry.views import applications, participants, public

app_name = "registry"
urlpatterns = [
    path("", public.public_register, name="public_register"),
    path("export.csv", public.register_csv, name="register_csv"),
    path("export.xlsx", public.register_xlsx, name="register_xlsx"),
    path("verify/", public.verify_lookup, name="verify_lookup"),
    path("verify/<str:number>", public.verify, name="verify"),
    path("my/", applications.my_page, name="my"),
    path("applications/new/", applications.application_new, name="application_new"),
    path("applications/<int:pk>/", applications.application_detail, name="application"),
    path("applications/<int:pk>/documents/", applications.document_add, name="document_add"),
    path("applications/<int:pk>/<slug:action>/", applications.application_action, name="application_action"),
    path("documents/<int:pk>/", applications.document_download, name="document"),
    path("queues/", participants.queues, name="queues"),
    path("participants/<int:pk>/", participants.participant_detail, name="participant"),
    path("participants/<int:pk>/reports/new/", participants.report_new, name="report_new"),
    path("participants/<int:pk>/reports/<int:report_id>/", participants.report_detail, name="report"),
    path("participants/<int:pk>/compliance/", participants.compliance_decide, name="compliance_decide"),
    path(
        "participants/<int:pk>/certificates/<str:number>.pdf",
        participants.certificate_download,
        name="certificate_pdf",
    ),
    path(
        "participants/<int:pk>/certificates/<str:number>/reissue/",
        participants.certificate_reissue,
        name="certificate_reissue",
    ),
    path("participants/<int:pk>/<slug:action>/", participants.participant_action, name="participant_action"),
    path("compliance/<slug:code>/", participants.compliance_zone, name="compliance"),
    path("import/", participants.import_page, name="import"),
]
