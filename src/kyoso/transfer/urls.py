from django.urls import path

from kyoso.transfer import views

app_name = "transfer"

urlpatterns = [
    path("", views.home, name="home"),
    path("export/", views.export_start, name="export_start"),
    path("export/<int:pk>/", views.export_job, name="export_job"),
    path("export/<int:pk>/download/", views.export_download, name="export_download"),
    path("import/", views.import_archive, name="import"),
]
