from django.urls import path

from kyoso.risk import views

app_name = "risk"

urlpatterns = [
    path("", views.heat_map, name="index"),
    path("project/<int:project_id>/", views.project_risk, name="project"),
    path("project/<int:project_id>/recompute/", views.project_recompute, name="recompute"),
    path("warnings/", views.warning_list, name="warnings"),
    path("warnings/<int:warning_id>/acknowledge/", views.warning_acknowledge, name="warning_acknowledge"),
    path("warnings/<int:warning_id>/resolve/", views.warning_resolve, name="warning_resolve"),
]
