from django.urls import path

from kyoso.alignment import views

app_name = "alignment"

urlpatterns = [
    path("", views.index, name="index"),
    path("project/<int:project_id>/", views.project_alignment, name="project"),
    path("project/<int:project_id>/rounds/new/", views.round_new, name="round_new"),
    path("project/<int:project_id>/rounds/<int:number>/", views.round_detail, name="round"),
    path("shared/<int:project_id>/", views.shared, name="shared"),
    path("shared/<int:project_id>/rounds/<int:number>/", views.shared_round, name="shared_round"),
]
